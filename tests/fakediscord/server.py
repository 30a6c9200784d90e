"""The fake's HTTP side: Discord's REST API v10 on 127.0.0.1, served by aiohttp from a
background thread with its own event loop, so async tests, sync code, a Celery worker
thread or a subprocess can all reach it over TCP.

Every answer goes through one middleware that, in Discord's order, records the request,
applies an injected fault, checks the bot token, counts the request against its route
bucket (a real 429 when over) and adds the ``X-RateLimit-*`` headers discord.py reads.
"""

import asyncio
import hashlib
import json
import math
import threading
import time
from datetime import datetime
from http import HTTPStatus

from aiohttp import web

from tests.fakediscord.state import ApiError, DiscordState, Fault

API_PREFIX = "/api/v10"
FAKE = web.AppKey("fake", DiscordState)
ERROR_CODES = {401: 0, 403: 50001, 404: 10003}


def json_response(data, *, status: int = 200, headers: dict | None = None) -> web.Response:
    """JSON as Discord sends it: discord.py only parses ``Content-Type: application/json``
    exactly, without aiohttp's ``; charset=utf-8``."""
    headers = {**(headers or {}), "Content-Type": "application/json"}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers)


def error_response(status: int, code: int | None = None, message: str | None = None):
    reason = HTTPStatus(status).phrase
    body = {"message": message or f"{status}: {reason}", "code": ERROR_CODES.get(status, 0)}
    if code is not None:
        body["code"] = code
    return json_response(body, status=status)


def rate_limit_headers(bucket: str, limit: int, remaining: int, reset_after: float) -> dict:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(max(remaining, 0)),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def too_many_requests(bucket: str, retry_after: float, *, is_global: bool = False, via=True):
    """Discord's 429; without ``via`` it is Cloudflare's ban page, which has no Via header."""
    if not via:
        return web.Response(
            status=429, text="<html><body>error code: 1015</body></html>", content_type="text/html"
        )
    headers = rate_limit_headers(bucket, 5, 0, retry_after)
    headers.update(
        {
            "Retry-After": str(math.ceil(retry_after)),
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Via": "1.1 google",
        }
    )
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {"message": "You are being rate limited.", "retry_after": retry_after}
    body["global"] = is_global
    return json_response(body, status=429, headers=headers)


def fault_response(fault: Fault, bucket: str) -> web.Response:
    if fault.status == 429:
        return too_many_requests(
            bucket, fault.retry_after, is_global=fault.is_global, via=fault.via
        )
    return error_response(fault.status)


@web.middleware
async def discord_middleware(request: web.Request, handler) -> web.StreamResponse:
    fake = request.app[FAKE]
    path = request.path.removeprefix(API_PREFIX)
    body = None
    if request.can_read_body:
        try:
            body = await request.json()
        except ValueError:
            body = await request.text()
    record = fake.record(request.method, path, dict(request.query), body)
    response = await answer(request, handler, fake, path, body)
    record.status = response.status
    return response


async def answer(request: web.Request, handler, fake: DiscordState, path: str, body):
    route = request.match_info.route
    template = route.resource.canonical if route.resource else path
    ids = {int(v) for k, v in request.match_info.items() if k.endswith("_id") and v.isdigit()}
    major = request.match_info.get("channel_id") or request.match_info.get("guild_id") or ""
    bucket = hashlib.sha1(f"{request.method} {template}".encode()).hexdigest()[:16]

    fault = fake.take_fault(request.method, path, ids)
    if fault and fault.delay:
        await asyncio.sleep(fault.delay)
    if fault and fault.status:
        return fault_response(fault, bucket)
    if request.headers.get("Authorization") != f"Bot {fake.token}":
        return error_response(401)
    if isinstance(body, str):
        return error_response(400, 50109, "The request body contains invalid JSON.")

    limit, remaining, reset_after = fake.spend(f"{bucket}:{major}")
    if remaining < 0:
        return too_many_requests(bucket, round(reset_after, 3))
    try:
        response = await handler(request)
    except ApiError as error:
        response = error_response(error.status, error.code, error.message)
    except web.HTTPException as error:  # no such route or method
        response = error_response(error.status, 0)
    response.headers.update(rate_limit_headers(bucket, limit, remaining, reset_after))
    return response


# --- query parameters, validated as Discord does ---------------------------------------


def int_param(request: web.Request, name: str, default=None, *, low=None, high=None):
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, 50035, f"Invalid Form Body: {name} is not an integer") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ApiError(400, 50035, f"Invalid Form Body: {name} must be in {low}..{high}")
    return value


def channel_id(request: web.Request) -> int:
    return int(request.match_info["channel_id"])


def guild_id(request: web.Request) -> int:
    return int(request.match_info["guild_id"])


def check_message(payload) -> dict:
    if not isinstance(payload, dict):
        raise ApiError(400, 50035, "Invalid Form Body")
    content, embeds = payload.get("content"), payload.get("embeds")
    if content is not None and len(str(content)) > 2000:
        raise ApiError(400, 50035, "Invalid Form Body: content must be 2000 or fewer in length")
    if embeds is not None and (not isinstance(embeds, list) or len(embeds) > 10):
        raise ApiError(400, 50035, "Invalid Form Body: embeds must be a list of at most 10")
    return payload


# --- routes ----------------------------------------------------------------------------

routes = web.RouteTableDef()


@routes.get(API_PREFIX + "/users/@me")
async def get_me(request):
    return json_response(request.app[FAKE].bot_user)


@routes.get(API_PREFIX + "/gateway/bot")
async def get_gateway_bot(request):
    host = request.host
    return json_response(
        {
            "url": f"ws://{host}/gateway",
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 86_400_000,
                "max_concurrency": 1,
            },
        }
    )


@routes.get(API_PREFIX + "/guilds/{guild_id:\\d+}")
async def get_guild(request):
    return json_response(request.app[FAKE].guild(guild_id(request)))


@routes.get(API_PREFIX + "/guilds/{guild_id:\\d+}/channels")
async def get_guild_channels(request):
    return json_response(request.app[FAKE].guild_channels(guild_id(request)))


@routes.get(API_PREFIX + "/guilds/{guild_id:\\d+}/threads/active")
async def get_active_threads(request):
    return json_response(request.app[FAKE].active_threads(guild_id(request)))


@routes.get(API_PREFIX + "/channels/{channel_id:\\d+}")
async def get_channel(request):
    return json_response(request.app[FAKE].channel(channel_id(request)))


@routes.get(API_PREFIX + "/channels/{channel_id:\\d+}/messages")
async def get_messages(request):
    anchors = {name: int_param(request, name, low=0) for name in ("around", "before", "after")}
    page = request.app[FAKE].history(
        channel_id(request),
        limit=int_param(request, "limit", 50, low=1, high=100),
        **{name: value for name, value in anchors.items() if value is not None},
    )
    return json_response(page)


@routes.post(API_PREFIX + "/channels/{channel_id:\\d+}/messages")
async def post_message(request):
    payload = check_message(await request.json())
    if not payload.get("content") and not payload.get("embeds"):
        raise ApiError(400, 50006, "Cannot send an empty message")
    return json_response(request.app[FAKE].post(channel_id(request), payload))


@routes.patch(API_PREFIX + "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}")
async def patch_message(request):
    payload = check_message(await request.json())
    message_id = int(request.match_info["message_id"])
    return json_response(request.app[FAKE].edit(channel_id(request), message_id, payload))


@routes.get(API_PREFIX + "/channels/{channel_id:\\d+}/threads/archived/public")
async def get_archived_threads(request):
    raw_before = request.query.get("before")
    try:
        before = datetime.fromisoformat(raw_before) if raw_before else None
    except ValueError:
        raise ApiError(400, 50035, "Invalid Form Body: before is not a timestamp") from None
    return json_response(
        request.app[FAKE].archived_threads(
            channel_id(request),
            before=before,
            limit=int_param(request, "limit", 50, low=2, high=100),
        )
    )


# --- running it ------------------------------------------------------------------------


class FakeDiscord(DiscordState):
    """The state plus a running server: ``with FakeDiscord() as fake: fake.api_base``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.url + API_PREFIX

    def start(self) -> "FakeDiscord":
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.name = "fakediscord"
        self._thread.start()
        if not ready.wait(10) or self.port is None:
            raise RuntimeError("the fake Discord did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop = None

    def __enter__(self) -> "FakeDiscord":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _serve(self, ready: threading.Event) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._listen())
        finally:
            ready.set()
        loop.run_forever()
        for task in asyncio.all_tasks(loop):
            task.cancel()
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()

    async def _listen(self) -> None:
        app = web.Application(middlewares=[discord_middleware])
        app[FAKE] = self
        app.add_routes(routes)
        # Held (hanging) requests are cut after half a second when the fake stops.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
