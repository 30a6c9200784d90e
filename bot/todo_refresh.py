"""Refreshing a guild's to-do message after the bot changed an item.

The sweeps' ``refresh_todo_message`` does the work (one place decides what the message
says); it is synchronous and talks to Discord on its own event loop, so it runs in a
worker thread. Refreshes of one guild never overlap: changes arriving during one are
folded into a single follow-up refresh, so a burst of clicks edits the message once or
twice, never posts it twice.
"""

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.db import close_old_connections

from guilds.models import GuildConfig
from sweeps.posting import refresh_todo_message

logger = logging.getLogger(__name__)


def _refresh(guild_id: int) -> None:
    close_old_connections()
    config = GuildConfig.objects.filter(guild_id=guild_id, todo_channel__isnull=False).first()
    if config is not None:
        refresh_todo_message(config)


class TodoRefresher:
    def __init__(self):
        self.running: dict[int, asyncio.Task] = {}
        self.pending: set[int] = set()

    def request(self, guild_id: int) -> None:
        if guild_id in self.running:
            self.pending.add(guild_id)
            return
        self.running[guild_id] = asyncio.create_task(self._run(guild_id))

    async def _run(self, guild_id: int) -> None:
        try:
            while True:
                self.pending.discard(guild_id)
                try:
                    await sync_to_async(_refresh, thread_sensitive=False)(guild_id)
                except Exception:
                    logger.exception("Refreshing the to-do message of guild %s failed", guild_id)
                if guild_id not in self.pending:
                    return
        finally:
            self.running.pop(guild_id, None)

    async def wait(self) -> None:
        """For shutdown and tests: until no refresh runs."""
        while self.running:
            await asyncio.gather(*self.running.values(), return_exceptions=True)


def request_refresh(bot, guild_id: int) -> None:
    """Ask the bot's refresher, when it has one (a bare test bot has none)."""
    refresher = getattr(bot, "todo_refresher", None)
    if refresher is not None:
        refresher.request(guild_id)
