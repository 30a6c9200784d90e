"""REST-only Discord for the sweep pipeline: history after a cursor, threads, posting.

Built on discord.py's ``HTTPClient`` (its rate-limit buckets and 429 handling) without a
gateway connection, and without Django: the caller passes the token and API base
(``settings.DISCORD_TOKEN``, ``settings.DISCORD_API_BASE``). Three things are ours:

- Every HTTP exchange is bounded by ``timeout`` (aiohttp's total timeout, given to each
  request), so a server that hangs costs at most that long.
- Server errors (any 5xx) are retried by a small aiohttp middleware, ``server_error_retries``
  times after sleeps of ``server_error_backoff`` doubling, then raise DiscordUnavailable.
  discord.py alone would retry 500/502/504 five times with sleeps of 1+3+5+7+9 = 25 s
  (measured: a persistent 500 took 25.0 s) and would not retry a 503 at all.
- discord.py's exceptions become ours (bot/errors.py), sorted into transient and permanent.

Rate limits stay discord.py's: it waits when a bucket's ``X-RateLimit-Remaining`` hits 0,
and sleeps out a 429 for its ``retry_after`` then retries. A wait longer than
``max_ratelimit_wait`` (discord.py's minimum is 30 s), or a 429 without ``Via`` (Cloudflare's
ban page), raises DiscordUnavailable instead.

discord.py builds every URL from the class attribute ``discord.http.Route.BASE``, so the API
base is process-wide: entering a DiscordRest sets it. One process talks to one Discord.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable
from typing import Any, Self, TypeVar

import aiohttp
import discord
from discord.http import HTTPClient, Route

from bot.errors import (
    ChannelUnavailable,
    DiscordLoginFailed,
    DiscordRejected,
    DiscordUnavailable,
    GuildUnavailable,
    MessageUnavailable,
)

T = TypeVar("T")
PAGE_SIZE = 100  # Discord's maximum for messages and archived threads
UNKNOWN_MESSAGE = 10008


class BoundedHTTPClient(HTTPClient):
    """discord.py's client with aiohttp options (a timeout, middlewares) on every request,
    its own login included."""

    def __init__(self, loop: asyncio.AbstractEventLoop, *, aiohttp_options: dict, **kwargs):
        super().__init__(loop, **kwargs)
        self.aiohttp_options = aiohttp_options

    async def request(self, route: Route, **kwargs: Any) -> Any:
        return await super().request(route, **self.aiohttp_options, **kwargs)


class DiscordRest:
    """``async with DiscordRest(token, api_base) as discord_rest: ...``; logs in on entry
    (``.user`` is the bot's user object)."""

    def __init__(
        self,
        token: str,
        api_base: str,
        *,
        timeout: float = 15.0,
        server_error_retries: int = 2,
        server_error_backoff: float = 1.0,
        max_ratelimit_wait: float = 60.0,
    ):
        self.token = token
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout
        self.server_error_retries = server_error_retries
        self.server_error_backoff = server_error_backoff
        self.max_ratelimit_wait = max_ratelimit_wait
        self.user: dict | None = None
        self._http: BoundedHTTPClient | None = None

    async def __aenter__(self) -> Self:
        Route.BASE = self.api_base
        self._http = BoundedHTTPClient(
            asyncio.get_running_loop(),
            max_ratelimit_timeout=self.max_ratelimit_wait,
            aiohttp_options={
                "timeout": aiohttp.ClientTimeout(total=self.timeout),
                "middlewares": (self._retry_server_errors,),
            },
        )
        try:
            self.user = await self._call(self._http.static_login(self.token))
        except BaseException:
            await self._http.close()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.close()

    # --- reading ------------------------------------------------------------------------

    async def history_after(self, channel_id: int, after: int | None) -> AsyncIterator[list[dict]]:
        """The channel's messages after message id ``after`` (from the channel's start when
        None), in pages of up to 100, oldest first within and across pages."""
        cursor = after or 0
        while True:
            page = await self._call(
                self._http.logs_from(channel_id, PAGE_SIZE, after=cursor), channel_id=channel_id
            )
            if not page:
                return
            page.sort(key=lambda message: int(message["id"]))  # Discord sends newest first
            yield page
            if len(page) < PAGE_SIZE:
                return
            cursor = int(page[-1]["id"])

    async def active_threads(self, guild_id: int) -> list[dict]:
        """Every active thread of the guild (Discord answers them in one response)."""
        data = await self._call(self._http.get_active_threads(guild_id), guild_id=guild_id)
        return data["threads"]

    async def archived_threads(self, channel_id: int, before: str | None = None) -> list[dict]:
        """The channel's public archived threads archived before the ISO 8601 timestamp
        ``before`` (all of them when None), most recently archived first."""
        threads: list[dict] = []
        while True:
            data = await self._call(
                self._http.get_public_archived_threads(channel_id, before, limit=PAGE_SIZE),
                channel_id=channel_id,
            )
            threads.extend(data["threads"])
            if not data.get("has_more") or not data["threads"]:
                return threads
            before = data["threads"][-1]["thread_metadata"]["archive_timestamp"]

    # --- writing ------------------------------------------------------------------------

    async def send_message(
        self,
        channel_id: int,
        *,
        content: str | None = None,
        embeds: list[dict] | None = None,
        components: list[dict] | None = None,
        nonce: str | None = None,
    ) -> dict:
        """Post a message. With a ``nonce`` Discord posts it at most once within a few
        minutes (``enforce_nonce``), so a retried post does not duplicate the message."""
        payload = message_payload(content, embeds, components)
        if nonce is not None:
            payload.update(nonce=nonce, enforce_nonce=True)
        route = Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id)
        return await self._call(self._http.request(route, json=payload), channel_id=channel_id)

    async def edit_message(
        self,
        channel_id: int,
        message_id: int,
        *,
        content: str | None = None,
        embeds: list[dict] | None = None,
        components: list[dict] | None = None,
    ) -> dict:
        """Replace a message's content, embeds and/or components (those given). A deleted
        message raises MessageUnavailable."""
        route = Route(
            "PATCH",
            "/channels/{channel_id}/messages/{message_id}",
            channel_id=channel_id,
            message_id=message_id,
        )
        payload = message_payload(content, embeds, components)
        return await self._call(self._http.request(route, json=payload), channel_id=channel_id)

    # --- internals ----------------------------------------------------------------------

    async def _retry_server_errors(
        self, request: aiohttp.ClientRequest, handler
    ) -> aiohttp.ClientResponse:
        """aiohttp middleware: retry 5xx here, briefly, so discord.py never sees one."""
        for attempt in range(self.server_error_retries + 1):
            response = await handler(request)
            if response.status < 500:
                return response
            response.release()
            if attempt < self.server_error_retries:
                await asyncio.sleep(self.server_error_backoff * 2**attempt)
        raise DiscordUnavailable(
            f"{request.method} {request.url.path}: HTTP {response.status} "
            f"after {self.server_error_retries + 1} tries",
            status=response.status,
        )

    async def _call(
        self, request: Awaitable[T], *, channel_id: int | None = None, guild_id: int | None = None
    ) -> T:
        """Await a discord.py request, raising bot.errors' exceptions instead of its own."""
        try:
            return await request
        except discord.LoginFailure as exc:
            raise DiscordLoginFailed("Discord refused the bot token (401)", status=401) from exc
        except (discord.NotFound, discord.Forbidden) as exc:
            detail = f"{exc.status} {exc.text}"
            kwargs = {"status": exc.status, "code": exc.code}
            if exc.code == UNKNOWN_MESSAGE:
                raise MessageUnavailable(detail, **kwargs) from exc
            if channel_id is not None:
                raise ChannelUnavailable(
                    channel_id, f"channel {channel_id}: {detail}", **kwargs
                ) from exc
            if guild_id is not None:
                raise GuildUnavailable(guild_id, f"guild {guild_id}: {detail}", **kwargs) from exc
            raise DiscordRejected(detail, **kwargs) from exc
        except discord.RateLimited as exc:
            raise DiscordUnavailable(
                f"rate limited for {exc.retry_after:.1f} s, more than we wait",
                retry_after=exc.retry_after,
                status=429,
            ) from exc
        except discord.HTTPException as exc:
            detail = f"{exc.status} {exc.text}"
            if exc.status == 429:  # no Via header: Cloudflare's ban, which lasts a while
                raise DiscordUnavailable(f"banned by Cloudflare: {detail}", status=429) from exc
            if exc.status >= 500:
                raise DiscordUnavailable(detail, status=exc.status, code=exc.code) from exc
            if exc.status == 401:
                raise DiscordLoginFailed(detail, status=401) from exc
            raise DiscordRejected(detail, status=exc.status, code=exc.code) from exc
        except (aiohttp.ClientError, OSError) as exc:  # OSError includes TimeoutError
            reason = "timed out" if isinstance(exc, TimeoutError) else repr(exc)
            raise DiscordUnavailable(f"Discord unreachable: {reason}") from exc


def message_payload(
    content: str | None, embeds: list[dict] | None, components: list[dict] | None = None
) -> dict:
    payload: dict[str, Any] = {}
    if content is not None:
        payload["content"] = content
    if embeds is not None:
        payload["embeds"] = embeds
    if components is not None:
        payload["components"] = components
    return payload
