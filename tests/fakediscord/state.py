"""What the fake Discord knows: users, guilds, channels, threads, messages, and the log of
what clients did to it. Tests change it directly; the server (another thread) reads and
writes it through the same methods, so everything goes through one lock.

Ids are real snowflakes taken from a virtual clock that only moves forward, so ids,
timestamps and channel order always agree, and runs are reproducible.
"""

import copy
import fnmatch
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fakediscord import permissions
from tests.fakediscord.conversation import conversation

DISCORD_EPOCH_MS = 1_420_070_400_000
CHANNEL_TYPES = {"text": 0, "voice": 2, "category": 4, "announcement": 5, "thread": 11}
THREAD_TYPES = {11}
MESSAGE_DEFAULT, MESSAGE_REPLY = 0, 19
EPHEMERAL = 1 << 6
MENTION = re.compile(r"<@!?(\d+)>")
CAST = [("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"), ("dave", "Dave"), ("erin", "Erin")]


class ApiError(Exception):
    """An answer Discord would give instead of the resource: status, JSON error code, text."""

    def __init__(self, status: int, code: int, message: str):
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message = status, code, message


def unknown_channel() -> ApiError:
    return ApiError(404, 10003, "Unknown Channel")


@dataclass
class Fault:
    """An injected failure: answer ``status`` (or, when None, answer normally) after ``delay``
    seconds, for the next ``times`` matching requests (None: until cleared)."""

    status: int | None
    times: int | None
    delay: float = 0.0
    target_id: int | None = None
    method: str | None = None
    path: str | None = None
    retry_after: float = 1.0
    via: bool = True
    is_global: bool = False

    def matches(self, method: str, path: str, ids: set[int]) -> bool:
        return (
            (self.target_id is None or self.target_id in ids)
            and (self.method is None or self.method == method)
            and (self.path is None or fnmatch.fnmatchcase(path, self.path))
        )


@dataclass
class RecordedRequest:
    method: str
    path: str  # relative to the API base: "/channels/123/messages"
    query: dict[str, str]
    json: Any
    at: float = field(default_factory=time.monotonic)
    status: int | None = None  # None while the answer is still coming (a hang)


class DiscordState:
    def __init__(self, *, token: str = "fake-bot-token", start: datetime | None = None):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)  # notified whenever clients act
        self.token = token
        self._clock = start or (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
        self._sequence = 0
        self.users: dict[int, dict] = {}
        self.guilds: dict[int, dict] = {}
        self.channels: dict[int, dict] = {}
        self.members: dict[int, dict[int, dict]] = {}  # guild id -> user id -> member
        self._history: dict[int, list[dict]] = {}  # channel id -> messages, oldest first
        self._messages: dict[int, dict] = {}
        self._posted: list[dict] = []
        self._edits: list[dict] = []
        self._reactions: dict[int, dict[str, list[str]]] = {}  # message id -> emoji -> users
        self._requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._forbidden: set[int] = set()
        self._rate_limit = (50, 1.0)
        self._windows: dict[str, tuple[float, int]] = {}
        self.bot_user = self.add_user("NoteTicketing", bot=True)
        self.cast = [self.add_user(username, global_name) for username, global_name in CAST]

    # --- building the world -------------------------------------------------------------

    def add_user(self, username: str, global_name: str | None = None, *, bot: bool = False):
        with self.lock:
            user = {
                "id": str(self._snowflake()),
                "username": username,
                "global_name": global_name,
                "discriminator": "0",
                "avatar": None,
                "public_flags": 0,
            }
            if bot:
                user["bot"] = True
            self.users[int(user["id"])] = user
            return copy.deepcopy(user)

    def add_guild(
        self,
        name: str = "Test Server",
        *,
        owner_id: int | str | None = None,
        channels: tuple[str, ...] = (),
    ) -> dict:
        """A guild the bot has joined, with an @everyone role, the bot's managed role and the
        cast as members; ``channels`` are text channels made before a connected bot hears
        of the join (GUILD_CREATE)."""
        with self.lock:
            guild_id = self._snowflake()
            guild = {
                "id": str(guild_id),
                "name": name,
                "icon": None,
                "owner_id": str(owner_id or self.cast[0]["id"]),
                "roles": [],
                "features": [],
                "preferred_locale": "en-US",
                "joined_at": self._clock.isoformat(),
            }
            self.guilds[guild_id] = guild
            self.members[guild_id] = {}
            self._new_role(guild_id, "@everyone", permissions.EVERYONE_DEFAULT, role_id=guild_id)
            bot_role = self._new_role(guild_id, self.bot_user["username"], permissions.BOT_DEFAULT)
            bot_role.update(managed=True, tags={"bot_id": self.bot_user["id"]})
            self._new_member(guild_id, self.bot_user, [bot_role["id"]])
            for user in self.cast:
                self._new_member(guild_id, user, [])
            for channel_name in channels:
                self._new_channel(guild_id, channel_name)
            self._emit("GUILD_CREATE", self.guild_create_payload(guild_id))
            return copy.deepcopy(guild)

    def update_guild(self, guild_id: int | str, **fields: Any) -> dict:
        with self.lock:
            guild = self._guild(int(guild_id))
            guild.update(fields)
            self._emit("GUILD_UPDATE", copy.deepcopy(guild))
            return copy.deepcopy(guild)

    def leave_guild(self, guild_id: int | str, *, unavailable: bool = False) -> None:
        """The bot is removed from the guild (its channels answer 403 from then on); with
        ``unavailable`` it is an outage instead and the guild stays."""
        with self.lock:
            guild_id = int(guild_id)
            self._guild(guild_id)
            payload = {"id": str(guild_id)}
            if unavailable:
                payload["unavailable"] = True
            else:
                del self.guilds[guild_id]
                self._forbidden.update(
                    i for i, c in self.channels.items() if c["guild_id"] == str(guild_id)
                )
            self._emit("GUILD_DELETE", payload)

    def add_role(self, guild_id: int | str, name: str, permissions: int = 0) -> dict:
        with self.lock:
            role = self._new_role(int(guild_id), name, permissions)
            self._emit("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": role})
            return copy.deepcopy(role)

    def add_member(
        self,
        guild_id: int | str,
        user: dict | str | int,
        roles: list | tuple = (),
        permissions: int | None = None,
    ) -> dict:
        """``user`` joins the guild (a user object, id, or username; an unknown username is a
        new user) with ``roles`` (role objects or ids). ``permissions`` gives the member a
        role of their own carrying exactly those flags."""
        with self.lock:
            guild_id = int(guild_id)
            self._guild(guild_id)
            if isinstance(user, str) and not user.isdigit() and not self._find_user(user):
                user = self.add_user(user, user.capitalize())
            user = self._user(user)
            role_ids = [str(r["id"]) if isinstance(r, dict) else str(r) for r in roles]
            if permissions is not None:
                own = self._new_role(guild_id, f"{user['username']} permissions", permissions)
                self._emit("GUILD_ROLE_CREATE", {"guild_id": str(guild_id), "role": own})
                role_ids.append(own["id"])
            member = self._new_member(guild_id, user, role_ids)
            self._emit("GUILD_MEMBER_ADD", {"guild_id": str(guild_id), **member})
            return copy.deepcopy(member)

    def update_member_roles(
        self, guild_id: int | str, user_id: int | str, role_ids: list | tuple
    ) -> dict:
        with self.lock:
            member = self._member(int(guild_id), int(user_id))
            member["roles"] = [str(r["id"]) if isinstance(r, dict) else str(r) for r in role_ids]
            self._emit("GUILD_MEMBER_UPDATE", {"guild_id": str(guild_id), **member})
            return copy.deepcopy(member)

    def remove_member(self, guild_id: int | str, user_id: int | str) -> None:
        with self.lock:
            member = self._member(int(guild_id), int(user_id))
            del self.members[int(guild_id)][int(user_id)]
            self._emit("GUILD_MEMBER_REMOVE", {"guild_id": str(guild_id), "user": member["user"]})

    def permissions_of(
        self, guild_id: int | str, user_id: int | str, channel_id: int | str | None = None
    ) -> int:
        """What the member may do, in the channel (a thread: its parent) when given."""
        with self.lock:
            guild = self._guild(int(guild_id))
            channel = self.channels.get(int(channel_id)) if channel_id else None
            if channel and channel["type"] in THREAD_TYPES:
                channel = self.channels.get(int(channel["parent_id"]))
            member = self._member(int(guild_id), int(user_id))
            return permissions.channel_permissions(guild, member, channel)

    def add_channel(
        self,
        guild_id: int | str,
        name: str,
        kind: str = "text",
        parent_id: int | str | None = None,
        *,
        archived: bool = False,
    ) -> dict:
        """A channel, or with ``kind="thread"`` a public thread under ``parent_id``."""
        with self.lock:
            channel = self._new_channel(guild_id, name, kind, parent_id, archived=archived)
            self._emit(self._channel_event(channel, "CREATE"), copy.deepcopy(channel))
            return copy.deepcopy(channel)

    def update_channel(self, channel_id: int | str, **fields: Any) -> dict:
        with self.lock:
            channel = self.channels[int(channel_id)]
            channel.update(fields)
            self._emit(self._channel_event(channel, "UPDATE"), copy.deepcopy(channel))
            return copy.deepcopy(channel)

    def archive_thread(self, thread_id: int | str) -> None:
        with self.lock:
            channel = self.channels[int(thread_id)]
            metadata = channel["thread_metadata"]
            metadata.update(archived=True, archive_timestamp=self._tick(1).isoformat())
            self._emit("THREAD_UPDATE", copy.deepcopy(channel))

    def delete_channel(self, channel_id: int | str) -> None:
        """From now on the channel answers 404 Unknown Channel, as a deleted one does."""
        with self.lock:
            channel = self.channels.pop(int(channel_id))
            self._emit(self._channel_event(channel, "DELETE"), copy.deepcopy(channel))

    def forbid(self, channel_id: int | str) -> None:
        """From now on the channel answers 403 Missing Access, as when the bot loses access."""
        with self.lock:
            self._forbidden.add(int(channel_id))

    def add_messages(self, channel_id: int | str, specs: list[str | dict]) -> list[dict]:
        """Messages said in a channel, in order. A spec is the content, or a dict with
        ``content``, ``author`` (a user object, username or id; default: the cast in turn),
        ``reply_to`` (a message or its id), ``reply_to_index`` (a message of this batch),
        ``embeds``. ``<@id>`` in the content fills ``mentions``. Returns the messages."""
        with self.lock:
            added: list[dict] = []
            for index, spec in enumerate(specs):
                spec = {"content": spec} if isinstance(spec, str) else spec
                author = self._user(spec.get("author") or self.cast[index % len(self.cast)])
                reply_to = spec.get("reply_to")
                if "reply_to_index" in spec:
                    reply_to = added[spec["reply_to_index"]]
                if isinstance(reply_to, dict):
                    reply_to = reply_to["id"]
                message = self._create(
                    int(channel_id),
                    author,
                    {"content": spec.get("content", ""), "embeds": spec.get("embeds", [])},
                    reply_to=reply_to,
                    seconds=spec.get("seconds", 30),
                )
                added.append(message)
            return copy.deepcopy(added)

    def generate_messages(self, channel_id: int | str, n: int, *, seed: int = 0) -> list[dict]:
        """``n`` messages of realistic team conversation (see conversation.py)."""
        with self.lock:
            return self.add_messages(channel_id, conversation(n, self.cast, seed=seed))

    # --- things people do, which a connected bot hears of --------------------------------

    def send_message_event(
        self,
        channel_id: int | str,
        author: dict | str | int,
        content: str,
        *,
        mentions: list | None = None,
    ) -> dict:
        """Someone says ``content`` in the channel: the message joins the history and a
        connected bot gets MESSAGE_CREATE. ``mentions`` (users, ids or usernames) are
        mentioned as ``<@id>`` in front of the content when it does not already hold them."""
        with self.lock:
            channel_id = int(channel_id)
            for who in mentions or ():
                tag = f"<@{self._user(who)['id']}>"
                if tag not in content and f"<@!{tag[2:]}" not in content:
                    content = f"{tag} {content}"
            message = self._create(channel_id, self._user(author), {"content": content})
            return self._render(message)

    def react(
        self,
        channel_id: int | str,
        message_id: int | str,
        user_id: int | str,
        emoji: str = "\N{MEMO}",
    ) -> None:
        """``user_id`` reacts to the message with a unicode ``emoji`` (MESSAGE_REACTION_ADD)."""
        with self.lock:
            self._add_reaction(int(channel_id), int(message_id), self._user(user_id), emoji)

    def guild_create_payload(self, guild_id: int | str) -> dict:
        """GUILD_CREATE's data: the guild with its roles, members, channels and threads."""
        with self.lock:
            guild_id = int(guild_id)
            guild = copy.deepcopy(self._guild(guild_id))
            members = list(self.members[guild_id].values())
            channels = [c for c in self.channels.values() if c["guild_id"] == str(guild_id)]
            live = [c for c in channels if int(c["id"]) not in self._forbidden]
            guild.update(
                unavailable=False,
                large=False,
                member_count=len(members),
                members=copy.deepcopy(members),
                channels=copy.deepcopy([c for c in live if c["type"] not in THREAD_TYPES]),
                threads=copy.deepcopy(
                    [
                        c
                        for c in live
                        if c["type"] in THREAD_TYPES and not c["thread_metadata"]["archived"]
                    ]
                ),
                presences=[],
                voice_states=[],
                stage_instances=[],
                guild_scheduled_events=[],
                soundboard_sounds=[],
                emojis=[],
                stickers=[],
                system_channel_id=None,
                afk_channel_id=None,
                afk_timeout=300,
                verification_level=0,
                default_message_notifications=0,
                explicit_content_filter=0,
                mfa_level=0,
                nsfw_level=0,
                premium_tier=0,
                premium_subscription_count=0,
                max_members=500_000,
            )
            return guild

    def member(self, guild_id: int, user_id: int) -> dict:
        with self.lock:
            self._guild(guild_id)
            return copy.deepcopy(self._member(guild_id, user_id))

    def user(self, user_id: int) -> dict:
        with self.lock:
            if user_id not in self.users:
                raise ApiError(404, 10013, "Unknown User")
            return copy.deepcopy(self.users[user_id])

    def message(self, channel_id: int, message_id: int) -> dict:
        with self.lock:
            self._channel(channel_id)
            message = self._messages.get(message_id)
            if message is None or message["channel_id"] != str(channel_id):
                raise ApiError(404, 10008, "Unknown Message")
            return self._render(message)

    def add_own_reaction(self, channel_id: int, message_id: int, emoji: str) -> None:
        """The bot reacts (REST); Discord tells the bot of its own reaction too."""
        with self.lock:
            self._channel(channel_id)
            self.message(channel_id, message_id)
            self._add_reaction(channel_id, message_id, self.bot_user, emoji)

    def reactions(self, channel_id: int | str, message_id: int | str) -> dict[str, list[str]]:
        """Emoji -> ids of the users who reacted with it, in order."""
        with self.lock:
            return copy.deepcopy(self._reactions.get(int(message_id), {}))

    def start_thread(self, channel_id: int, message_id: int, payload: dict) -> dict:
        """A public thread from a message: it takes the message's id, as on Discord."""
        with self.lock:
            message = self._messages.get(message_id)
            if message is None or message["channel_id"] != str(channel_id):
                self._channel(channel_id)
                raise ApiError(404, 10008, "Unknown Message")
            if message_id in self.channels:
                raise ApiError(400, 160004, "A thread has already been created for this message")
            name = str(payload.get("name") or "")
            if not 1 <= len(name) <= 100:
                raise ApiError(400, 50035, "Invalid Form Body: name must be 1-100 characters")
            parent = self._channel(channel_id)
            thread = self._new_channel(
                parent["guild_id"], name, "thread", channel_id, thread_id=message_id
            )
            thread["owner_id"] = self.bot_user["id"]
            duration = payload.get("auto_archive_duration") or 4320
            thread["thread_metadata"]["auto_archive_duration"] = duration
            message["thread"] = copy.deepcopy(thread)
            self._emit("THREAD_CREATE", {**copy.deepcopy(thread), "newly_created": True})
            return copy.deepcopy(thread)

    # --- what happened ------------------------------------------------------------------

    def messages_in(self, channel_id: int | str) -> list[dict]:
        """The channel's messages, oldest first."""
        with self.lock:
            return copy.deepcopy(self._history[int(channel_id)])

    def posted(self, channel_id: int | str | None = None) -> list[dict]:
        """Messages clients created through the API (as they are now, edits applied)."""
        with self.lock:
            return [
                self._render(m)
                for m in self._posted
                if channel_id is None or m["channel_id"] == str(channel_id)
            ]

    def edits(self, channel_id: int | str | None = None) -> list[dict]:
        """Each edit: ``{"channel_id", "message_id", "payload"}``, in order."""
        with self.lock:
            return copy.deepcopy(
                [e for e in self._edits if channel_id is None or e["channel_id"] == str(channel_id)]
            )

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.lock:
            return list(self._requests)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        """Recorded requests whose method matches and path matches the glob ``path``."""
        return [
            r for r in self.requests if r.method == method and fnmatch.fnmatchcase(r.path, path)
        ]

    # --- faults and limits --------------------------------------------------------------

    def fail_next(
        self,
        target_id: int | str | None = None,
        *,
        status: int,
        times: int | None = 1,
        retry_after: float = 1.0,
        method: str | None = None,
        path: str | None = None,
        via: bool = True,
        is_global: bool = False,
        delay: float = 0.0,
    ) -> None:
        """Answer the next ``times`` requests that touch ``target_id`` (a channel or guild id in
        the path) and match ``method`` and the glob ``path`` with ``status``. A 429 carries
        Discord's headers and ``retry_after``; ``via=False`` makes it Cloudflare's ban page."""
        with self.lock:
            self._faults.append(
                Fault(
                    status=status,
                    times=times,
                    delay=delay,
                    target_id=int(target_id) if target_id is not None else None,
                    method=method,
                    path=path,
                    retry_after=retry_after,
                    via=via,
                    is_global=is_global,
                )
            )

    def fail_always(self, target_id: int | str | None = None, **kwargs: Any) -> None:
        """Like ``fail_next`` until ``clear_faults()``."""
        self.fail_next(target_id, times=None, **kwargs)

    def hang(
        self,
        target_id: int | str | None = None,
        *,
        seconds: float = 30.0,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Hold matching requests for ``seconds`` before answering them normally."""
        with self.lock:
            self._faults.append(
                Fault(
                    status=None,
                    times=times,
                    delay=seconds,
                    target_id=int(target_id) if target_id is not None else None,
                    method=method,
                    path=path,
                )
            )

    def clear_faults(self) -> None:
        with self.lock:
            self._faults.clear()

    def set_rate_limit(self, limit: int, window: float) -> None:
        """Each route bucket (per channel or guild) allows ``limit`` requests per ``window``
        seconds; one more is a real 429. The default, 50 per second, stays out of the way."""
        with self.lock:
            self._rate_limit = (limit, window)
            self._windows.clear()

    # --- used by the server -------------------------------------------------------------

    def record(self, method: str, path: str, query: dict[str, str], body: Any) -> RecordedRequest:
        with self.lock:
            request = RecordedRequest(method, path, query, body)
            self._requests.append(request)
            return request

    def take_fault(self, method: str, path: str, ids: set[int]) -> Fault | None:
        with self.lock:
            for fault in self._faults:
                if fault.matches(method, path, ids):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return fault
            return None

    def spend(self, bucket: str) -> tuple[int, int, float]:
        """Count a request against ``bucket``: (limit, remaining, seconds to reset).
        ``remaining`` below zero means the request is over the limit."""
        with self.lock:
            limit, window = self._rate_limit
            now = time.monotonic()
            started, used = self._windows.get(bucket, (now, 0))
            if now - started >= window:
                started, used = now, 0
            used += 1
            self._windows[bucket] = (started, used)
            return limit, limit - used, max(window - (now - started), 0.001)

    def channel(self, channel_id: int) -> dict:
        with self.lock:
            return copy.deepcopy(self._channel(channel_id))

    def guild(self, guild_id: int) -> dict:
        with self.lock:
            return copy.deepcopy(self._guild(guild_id))

    def guild_channels(self, guild_id: int) -> list[dict]:
        with self.lock:
            self._guild(guild_id)
            return copy.deepcopy(
                [
                    c
                    for c in self.channels.values()
                    if c["guild_id"] == str(guild_id) and c["type"] not in THREAD_TYPES
                ]
            )

    def history(
        self,
        channel_id: int,
        *,
        limit: int,
        before: int | None = None,
        after: int | None = None,
        around: int | None = None,
    ) -> list[dict]:
        """As Discord answers: up to ``limit`` messages, newest first. With ``after`` they are
        the ``limit`` messages right after it (still newest first); with ``around``, half
        before it and the rest from it on."""
        with self.lock:
            self._channel(channel_id)
            messages = self._history[channel_id]
            if around is not None:
                half = limit // 2
                older = [m for m in messages if int(m["id"]) < around][-half:] if half else []
                newer = [m for m in messages if int(m["id"]) >= around][: limit - len(older)]
                page = older + newer
            elif before is not None:
                page = [m for m in messages if int(m["id"]) < before][-limit:]
            elif after is not None:
                page = [m for m in messages if int(m["id"]) > after][:limit]
            else:
                page = messages[-limit:]
            return [self._render(m) for m in reversed(page)]

    def post(self, channel_id: int, payload: dict) -> dict:
        with self.lock:
            self._channel(channel_id)
            nonce = payload.get("nonce")
            if nonce is not None and payload.get("enforce_nonce"):
                for message in self._posted:
                    if message["channel_id"] == str(channel_id) and message["nonce"] == nonce:
                        return self._render(message)
            reference = payload.get("message_reference") or {}
            message = self._create(
                channel_id, self.bot_user, payload, reply_to=reference.get("message_id")
            )
            message["nonce"] = nonce
            self._posted.append(message)
            return self._render(message)

    def edit(self, channel_id: int, message_id: int, payload: dict) -> dict:
        with self.lock:
            self._channel(channel_id)
            message = self._messages.get(message_id)
            if message is None or message["channel_id"] != str(channel_id):
                raise ApiError(404, 10008, "Unknown Message")
            if message["author"]["id"] != self.bot_user["id"]:
                raise ApiError(403, 50005, "Cannot edit a message authored by another user")
            self._apply_edit(message, payload)
            self._edits.append(
                {"channel_id": str(channel_id), "message_id": str(message_id), "payload": payload}
            )
            return self._render(message)

    def _apply_edit(self, message: dict, payload: dict) -> None:
        for key, empty in (("content", ""), ("embeds", []), ("components", []), ("flags", 0)):
            if key in payload:
                message[key] = payload[key] if payload[key] is not None else empty
        message["mentions"] = self._mentions(message["content"])
        message["edited_timestamp"] = self._tick(1).isoformat()
        self._emit_message("MESSAGE_UPDATE", message)

    def active_threads(self, guild_id: int) -> dict:
        with self.lock:
            self._guild(guild_id)
            threads = [
                c
                for c in self.channels.values()
                if c["guild_id"] == str(guild_id)
                and c["type"] in THREAD_TYPES
                and not c["thread_metadata"]["archived"]
                and int(c["id"]) not in self._forbidden
            ]
            return {"threads": copy.deepcopy(threads), "members": []}

    def archived_threads(self, channel_id: int, *, before: datetime | None, limit: int) -> dict:
        """Public archived threads of a channel, most recently archived first."""
        with self.lock:
            self._channel(channel_id)
            threads = sorted(
                (
                    c
                    for c in self.channels.values()
                    if c.get("parent_id") == str(channel_id)
                    and c["thread_metadata"]["archived"]
                    and (
                        before is None
                        or datetime.fromisoformat(c["thread_metadata"]["archive_timestamp"])
                        < before
                    )
                ),
                key=lambda c: (c["thread_metadata"]["archive_timestamp"], int(c["id"])),
                reverse=True,
            )
            return {
                "threads": copy.deepcopy(threads[:limit]),
                "members": [],
                "has_more": len(threads) > limit,
            }

    # --- internals ----------------------------------------------------------------------

    def _tick(self, seconds: float) -> datetime:
        self._clock += timedelta(seconds=seconds)
        return self._clock

    def _snowflake(self) -> int:
        self._tick(0.001)  # a new millisecond per id keeps ids unique and increasing
        self._sequence = (self._sequence + 1) % 4096
        milliseconds = int(self._clock.timestamp() * 1000) - DISCORD_EPOCH_MS
        return (milliseconds << 22) | self._sequence

    def _user(self, who: dict | str | int) -> dict:
        if isinstance(who, dict):
            return self.users[int(who["id"])]
        if isinstance(who, str) and not who.isdigit():
            return next(u for u in self.users.values() if u["username"] == who)
        return self.users[int(who)]

    def _find_user(self, username: str) -> dict | None:
        return next((u for u in self.users.values() if u["username"] == username), None)

    def _member(self, guild_id: int, user_id: int) -> dict:
        member = self.members.get(guild_id, {}).get(user_id)
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return member

    def _new_role(
        self, guild_id: int, name: str, permissions: int, *, role_id: int | None = None
    ) -> dict:
        guild = self._guild(guild_id)
        role = {
            "id": str(role_id or self._snowflake()),
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": len(guild["roles"]),
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        guild["roles"].append(role)
        return role

    def _new_member(self, guild_id: int, user: dict, role_ids: list[str]) -> dict:
        known = {role["id"] for role in self.guilds[guild_id]["roles"]}
        unknown = [r for r in role_ids if r not in known]
        if unknown:
            raise ApiError(400, 50035, f"Invalid Form Body: unknown roles {unknown}")
        member = {
            "user": copy.deepcopy(user),
            "nick": None,
            "avatar": None,
            "banner": None,
            "roles": list(role_ids),
            "joined_at": self._clock.isoformat(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        self.members[guild_id][int(user["id"])] = member
        return member

    def _new_channel(
        self,
        guild_id: int | str,
        name: str,
        kind: str = "text",
        parent_id: int | str | None = None,
        *,
        archived: bool = False,
        thread_id: int | None = None,
    ) -> dict:
        channel_id = thread_id or self._snowflake()
        channel = {
            "id": str(channel_id),
            "type": CHANNEL_TYPES[kind],
            "guild_id": str(guild_id),
            "name": name,
            "position": sum(c["guild_id"] == str(guild_id) for c in self.channels.values()),
            "parent_id": str(parent_id) if parent_id else None,
            "last_message_id": None,
            "nsfw": False,
            "topic": None,
            "permission_overwrites": [],
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if kind == "thread":
            channel.update(
                owner_id=self.cast[0]["id"],
                message_count=0,
                member_count=1,
                total_message_sent=0,
                thread_metadata={
                    "archived": archived,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": self._clock.isoformat(),
                    "locked": False,
                },
            )
            del channel["position"], channel["permission_overwrites"], channel["topic"]
        self.channels[channel_id] = channel
        self._history[channel_id] = []
        return channel

    @staticmethod
    def _channel_event(channel: dict, action: str) -> str:
        return f"{'THREAD' if channel['type'] in THREAD_TYPES else 'CHANNEL'}_{action}"

    def _add_reaction(self, channel_id: int, message_id: int, user: dict, emoji: str) -> None:
        message = self._messages.get(message_id)
        if message is None or message["channel_id"] != str(channel_id):
            raise ApiError(404, 10008, "Unknown Message")
        users = self._reactions.setdefault(message_id, {}).setdefault(emoji, [])
        if user["id"] in users:
            return  # Discord ignores a repeated reaction
        users.append(user["id"])
        guild_id = self.channels[channel_id]["guild_id"]
        event = {
            "type": 0,
            "user_id": user["id"],
            "channel_id": str(channel_id),
            "message_id": str(message_id),
            "guild_id": guild_id,
            "emoji": {"id": None, "name": emoji},
            "burst": False,
            "burst_colors": [],
            "message_author_id": message["author"]["id"],
        }
        member = self.members.get(int(guild_id), {}).get(int(user["id"]))
        if member is not None:
            event["member"] = copy.deepcopy(member)
        self._emit("MESSAGE_REACTION_ADD", event)

    def _emit(self, event: str, data: dict) -> None:
        """Tell connected bots of ``event``; the running fake (server.py) does. ``data`` is
        the caller's own copy."""

    def _mentions(self, content: str) -> list[dict]:
        ids = dict.fromkeys(int(i) for i in MENTION.findall(content or ""))
        return [copy.deepcopy(self.users[i]) for i in ids if i in self.users]

    def _guild(self, guild_id: int) -> dict:
        guild = self.guilds.get(guild_id)
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    def _channel(self, channel_id: int) -> dict:
        """The channel as a client may see it: deleted is 404, forbidden is 403."""
        channel = self.channels.get(channel_id)
        if channel is None:
            raise unknown_channel()
        if channel_id in self._forbidden:
            raise ApiError(403, 50001, "Missing Access")
        return channel

    def _create(
        self,
        channel_id: int,
        author: dict,
        payload: dict,
        *,
        reply_to=None,
        seconds: float = 1,
        extra: dict | None = None,
    ) -> dict:
        """A new message; ``extra`` fields are set on it before anyone hears of it. An
        ephemeral one (flags 64) is seen only by its recipient: not in history, no event."""
        channel = self.channels[channel_id]
        if reply_to is not None and int(reply_to) not in self._messages:
            raise ApiError(400, 50035, "Invalid Form Body: Unknown message")
        self._tick(seconds)
        message_id = self._snowflake()
        content = payload.get("content") or ""
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": copy.deepcopy(author),
            "content": content,
            "timestamp": self._clock.isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": self._mentions(content),
            "mention_roles": [],
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "pinned": False,
            "type": MESSAGE_REPLY if reply_to is not None else MESSAGE_DEFAULT,
            "flags": payload.get("flags") or 0,
            "components": payload.get("components") or [],
        }
        if reply_to is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(channel_id),
                "guild_id": channel["guild_id"],
            }
        message.update(extra or {})
        self._messages[message_id] = message
        if message["flags"] & EPHEMERAL:
            return message
        self._history[channel_id].append(message)
        channel["last_message_id"] = str(message_id)
        if "thread_metadata" in channel:
            channel["message_count"] += 1
            channel["total_message_sent"] += 1
        self._emit_message("MESSAGE_CREATE", message)
        return message

    def _emit_message(self, event: str, message: dict) -> None:
        """MESSAGE_CREATE/UPDATE: in a guild it names the guild and the author's member."""
        if message["flags"] & EPHEMERAL:
            return
        data = self._render(message)
        guild_id = self.channels[int(message["channel_id"])]["guild_id"]
        data["guild_id"] = guild_id
        member = self.members.get(int(guild_id), {}).get(int(message["author"]["id"]))
        if member is not None:
            data["member"] = {k: v for k, v in copy.deepcopy(member).items() if k != "user"}
        self._emit(event, data)

    def _render(self, message: dict) -> dict:
        """The message as the API returns it: replies carry the message they answer."""
        rendered = {k: v for k, v in message.items() if k != "nonce" or v is not None}
        if "message_reference" in message:
            referenced = self._messages.get(int(message["message_reference"]["message_id"]))
            rendered["referenced_message"] = (
                {k: v for k, v in referenced.items() if k != "nonce"} if referenced else None
            )
        return copy.deepcopy(rendered)
