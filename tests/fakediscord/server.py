"""The fake's HTTP side: Discord's REST API v10 on 127.0.0.1, served by aiohttp from a
background thread with its own event loop, so async tests, sync code, a Celery worker
thread or a subprocess can all reach it over TCP.

Every answer goes through one middleware that, in Discord's order, records the request,
applies an injected fault, checks the bot token, counts the request against its route
bucket (a real 429 when over) and adds the ``X-RateLimit-*`` headers discord.py reads.
"""

import asyncio
import copy
import hashlib
import json
import math
import threading
import time
from datetime import datetime
from http import HTTPStatus

from aiohttp import web

from tests.fakediscord.gateway import Gateway
from tests.fakediscord.interactions import Interactions
from tests.fakediscord.state import ApiError, DiscordState, Fault

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gateway"
FAKE = web.AppKey("fake", DiscordState)
BODY = web.RequestKey("body", object)
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
    if request.path == GATEWAY_PATH:
        return await handler(request)
    path = request.path.removeprefix(API_PREFIX)
    body = await read_body(request)
    request[BODY] = body
    record = fake.record(request.method, path, dict(request.query), body)
    response = await answer(request, handler, fake, path, body)
    with fake.lock:
        record.status = response.status
        fake.changed.notify_all()
    return response


async def read_body(request: web.Request):
    """The JSON body, or a multipart one's ``payload_json`` with its files as attachments."""
    if not request.can_read_body:
        return None
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        try:
            body = json.loads(form.get("payload_json") or "{}")
        except ValueError:
            return form.get("payload_json")
        files = [f for f in form.values() if isinstance(f, web.FileField)]
        body["attachments"] = [
            {"id": str(i), "filename": f.filename, "size": len(f.file.read())}
            for i, f in enumerate(files)
        ]
        return body
    try:
        return await request.json()
    except ValueError:
        return await request.text()


def unauthenticated(path: str) -> bool:
    """Interaction callbacks and webhooks are reached by their token, without the bot's."""
    return path.startswith(("/interactions/", "/webhooks/"))


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
    if request.headers.get("Authorization") != f"Bot {fake.token}" and not unauthenticated(path):
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
    return json_response(
        {
            "url": request.app[FAKE].gateway_url,
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


@routes.get(API_PREFIX + "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}")
async def get_message(request):
    message_id = int(request.match_info["message_id"])
    return json_response(request.app[FAKE].message(channel_id(request), message_id))


@routes.put(
    API_PREFIX + "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}/reactions/{emoji}/@me"
)
async def put_reaction(request):
    message_id = int(request.match_info["message_id"])
    emoji = request.match_info["emoji"]
    request.app[FAKE].add_own_reaction(channel_id(request), message_id, emoji)
    return web.Response(status=204)


@routes.post(API_PREFIX + "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}/threads")
async def post_thread_from_message(request):
    message_id = int(request.match_info["message_id"])
    payload = request[BODY] if isinstance(request[BODY], dict) else {}
    thread = request.app[FAKE].start_thread(channel_id(request), message_id, payload)
    return json_response(thread, status=201)


@routes.get(API_PREFIX + "/guilds/{guild_id:\\d+}/members/{user_id:\\d+}")
async def get_member(request):
    user_id = int(request.match_info["user_id"])
    return json_response(request.app[FAKE].member(guild_id(request), user_id))


@routes.get(API_PREFIX + "/users/{user_id:\\d+}")
async def get_user(request):
    return json_response(request.app[FAKE].user(int(request.match_info["user_id"])))


@routes.get(API_PREFIX + "/oauth2/applications/@me")
@routes.get(API_PREFIX + "/applications/@me")
async def get_application(request):
    return json_response(request.app[FAKE].application())


# --- application commands and interactions ---------------------------------------------

COMMANDS = "/applications/{app_id:\\d+}/commands"
GUILD_COMMANDS = "/applications/{app_id:\\d+}/guilds/{guild_id:\\d+}/commands"


def command_scope(request: web.Request) -> tuple[int, int | None]:
    guild = request.match_info.get("guild_id")
    return int(request.match_info["app_id"]), int(guild) if guild else None


@routes.get(API_PREFIX + COMMANDS)
@routes.get(API_PREFIX + GUILD_COMMANDS)
async def get_commands(request):
    return json_response(request.app[FAKE].commands(*command_scope(request)))


@routes.put(API_PREFIX + COMMANDS)
@routes.put(API_PREFIX + GUILD_COMMANDS)
async def put_commands(request):
    fake = request.app[FAKE]
    return json_response(fake.overwrite_commands(*command_scope(request), request[BODY]))


@routes.post(API_PREFIX + COMMANDS)
@routes.post(API_PREFIX + GUILD_COMMANDS)
async def post_command(request):
    fake = request.app[FAKE]
    command, created = fake.upsert_command(*command_scope(request), request[BODY])
    return json_response(command, status=201 if created else 200)


@routes.delete(API_PREFIX + COMMANDS + "/{command_id:\\d+}")
@routes.delete(API_PREFIX + GUILD_COMMANDS + "/{command_id:\\d+}")
async def delete_command(request):
    command_id = int(request.match_info["command_id"])
    request.app[FAKE].delete_command(*command_scope(request), command_id)
    return web.Response(status=204)


@routes.post(API_PREFIX + "/interactions/{interaction_id:\\d+}/{token}/callback")
async def post_interaction_callback(request):
    body = request.app[FAKE].answer_interaction(
        int(request.match_info["interaction_id"]),
        request.match_info["token"],
        request[BODY],
        with_response=request.query.get("with_response") in ("1", "true", "True"),
    )
    return web.Response(status=204) if body is None else json_response(body)


def webhook(request: web.Request) -> tuple[int, str]:
    return int(request.match_info["app_id"]), request.match_info["token"]


@routes.post(API_PREFIX + "/webhooks/{app_id:\\d+}/{token}")
async def post_followup(request):
    message = request.app[FAKE].execute_followup(*webhook(request), request[BODY])
    wait = request.query.get("wait") in ("1", "true", "True")
    return json_response(message) if wait else web.Response(status=204)


WEBHOOK_MESSAGE = API_PREFIX + "/webhooks/{app_id:\\d+}/{token}/messages/{message_id}"


@routes.get(WEBHOOK_MESSAGE)
async def get_webhook_message(request):
    fake, message_id = request.app[FAKE], request.match_info["message_id"]
    return json_response(fake.webhook_message(*webhook(request), message_id))


@routes.patch(WEBHOOK_MESSAGE)
async def patch_webhook_message(request):
    fake, message_id = request.app[FAKE], request.match_info["message_id"]
    payload = check_message(request[BODY])
    return json_response(fake.edit_webhook_message(*webhook(request), message_id, payload))


@routes.delete(WEBHOOK_MESSAGE)
async def delete_webhook_message(request):
    fake, message_id = request.app[FAKE], request.match_info["message_id"]
    fake.delete_webhook_message(*webhook(request), message_id)
    return web.Response(status=204)


# --- running it ------------------------------------------------------------------------


class FakeDiscord(Interactions, DiscordState):
    """The state plus a running server: ``with FakeDiscord() as fake: fake.api_base``.

    The gateway is at ``fake.gateway_url``. discord.py's ``Client`` does not ask
    ``/gateway/bot`` where it is (only ``AutoShardedClient`` does): it connects to
    ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``, so point that at the fake too.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self.gateway = Gateway(self)
        self.heartbeat_interval_ms = 41_250
        self.application_flags = (1 << 15) | (1 << 19)  # members and content intents allowed
        self.disallowed_intents = 0  # privileged intents not enabled: IDENTIFY closes 4014
        self.gateway_queries: list[dict] = []  # each websocket's query: v, encoding, compress
        self.identifies: list[dict] = []  # IDENTIFY payloads received
        self.heartbeats: list[tuple[str | None, int | None]] = []  # (session id, last seq)
        self.presences: list[dict] = []
        self.heartbeat_acks = self.ready_count = self.resumes = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    def environment(self) -> dict[str, str]:
        """Settings for a bot process (``manage.py runbot``) to use the fake. The bot must
        set ``DiscordWebSocket.DEFAULT_GATEWAY`` from ``DISCORD_GATEWAY_URL`` itself."""
        return {
            "DISCORD_TOKEN": self.token,
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
        }

    def application(self) -> dict:
        return {
            "id": self.bot_user["id"],
            "name": self.bot_user["username"],
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": copy.deepcopy(self.cast[0]),
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "bot": copy.deepcopy(self.bot_user),
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
        }

    # --- the gateway, for tests ---------------------------------------------------------

    @property
    def identify_count(self) -> int:
        with self.lock:
            return len(self.identifies)

    @property
    def resume_count(self) -> int:
        with self.lock:
            return self.resumes

    @property
    def connected_sessions(self) -> list[str]:
        """Ids of the sessions that have a live connection now."""

        async def connected() -> list[str]:
            return [
                s.id for s in self.gateway.sessions.values() if s.valid and s.connection is not None
            ]

        return asyncio.run_coroutine_threadsafe(connected(), self._loop).result(5)

    def wait_until(self, condition, timeout: float = 10) -> bool:
        """Wait for ``condition()`` (checked whenever a client does something); False on
        timeout."""
        with self.lock:
            return self.changed.wait_for(condition, timeout)

    def wait_for_identify(self, timeout: float = 10, *, count: int = 1) -> bool:
        """True once ``count`` IDENTIFYs have been answered with READY and GUILD_CREATEs."""
        return self.wait_until(lambda: self.ready_count >= count, timeout)

    def wait_for_resume(self, timeout: float = 10, *, count: int = 1) -> bool:
        """True once ``count`` RESUMEs have been answered (replay sent, then RESUMED)."""
        return self.wait_until(lambda: self.resumes >= count, timeout)

    def request_reconnect(self) -> None:
        """Send RECONNECT (op 7): the client should close and RESUME."""
        self._on_loop(self.gateway.reconnect)

    def drop_connection(self, code: int | None = None) -> None:
        """Cut every gateway connection: abruptly (no close frame), or with close ``code``."""
        self._on_loop(self.gateway.drop, code)

    def invalidate_sessions(self) -> None:
        """End every session: connected clients get INVALID_SESSION (op 9, not resumable),
        and a later RESUME gets it too, so clients IDENTIFY afresh."""
        self._on_loop(self.gateway.invalidate)

    def _emit(self, event: str, data: dict) -> None:
        self._on_loop(self.gateway.dispatch, event, data)

    def _on_loop(self, function, *args) -> None:
        """Run ``function`` on the server's loop, after whatever was asked before it."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(function, *args)

    # --- running it -----------------------------------------------------------------------

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
        app.router.add_get(GATEWAY_PATH, self.gateway.handle)
        # Held (hanging) requests are cut after half a second when the fake stops.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
