"""The sweep's calls to Discord, as plain functions for synchronous worker code.

Each call runs the async REST client to completion on its own event loop; the
pipeline's database work stays outside any event loop.
"""

import asyncio
from datetime import UTC, datetime

from django.conf import settings

from bot.discord_rest import DiscordRest

FETCH_CHUNK = 1000


def _client() -> DiscordRest:
    return DiscordRest(
        settings.DISCORD_TOKEN,
        settings.DISCORD_API_BASE,
        timeout=settings.DISCORD_TIMEOUT_SECONDS,
    )


def fetch_messages(channel_id: int, after: int | None, limit: int = FETCH_CHUNK) -> list[dict]:
    """Up to ``limit`` messages after ``after``, oldest first (a whole page may overshoot)."""

    async def run() -> list[dict]:
        messages: list[dict] = []
        async with _client() as rest:
            async for page in rest.history_after(channel_id, after):
                messages.extend(page)
                if len(messages) >= limit:
                    break
        return messages

    return asyncio.run(run())


def fetch_threads(guild_id: int, channel_id: int, since: datetime | None) -> list[dict]:
    """The channel's active threads, and those archived since ``since``."""

    async def run() -> list[dict]:
        async with _client() as rest:
            active = [t for t in await rest.active_threads(guild_id) if _parent(t) == channel_id]
            archived = await rest.archived_threads(channel_id)
        recent = [t for t in archived if since is None or _archived_at(t) >= since]
        unique = {int(thread["id"]): thread for thread in active + recent}
        return list(unique.values())

    return asyncio.run(run())


def _parent(thread: dict) -> int | None:
    return int(thread["parent_id"]) if thread.get("parent_id") else None


def _archived_at(thread: dict) -> datetime:
    stamp = (thread.get("thread_metadata") or {}).get("archive_timestamp")
    return datetime.fromisoformat(stamp) if stamp else datetime.max.replace(tzinfo=UTC)


def send(
    channel_id: int,
    *,
    embeds: list[dict],
    content: str | None = None,
    components: list[dict] | None = None,
) -> dict:
    async def run() -> dict:
        async with _client() as rest:
            return await rest.send_message(
                channel_id, content=content, embeds=embeds, components=components
            )

    return asyncio.run(run())


def edit(
    channel_id: int,
    message_id: int,
    *,
    embeds: list[dict],
    content: str | None = None,
    components: list[dict] | None = None,
):
    async def run() -> dict:
        async with _client() as rest:
            return await rest.edit_message(
                channel_id, message_id, content=content, embeds=embeds, components=components
            )

    return asyncio.run(run())
