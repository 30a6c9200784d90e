"""The fake's gateway: Discord's websocket protocol (v10, JSON, optionally zlib-stream) on
the same aiohttp server as the REST API.

A connection gets HELLO; IDENTIFY opens a session (READY, then GUILD_CREATE per guild);
HEARTBEAT is answered with HEARTBEAT_ACK; RESUME replays what the session missed after the
client's sequence number, then RESUMED, or answers INVALID_SESSION. Sessions outlive their
connection, so a dispatch made while the bot is reconnecting reaches it on RESUME.

Everything here runs on the server's event loop. Each connection has one outgoing queue
and one writer task, so frames leave in the order they were dispatched.
"""

import asyncio
import copy
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11

GUILDS, GUILD_MEMBERS, GUILD_PRESENCES = 1 << 0, 1 << 1, 1 << 8
GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS, MESSAGE_CONTENT = 1 << 9, 1 << 10, 1 << 15
PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

# The intent an event needs; events not listed (READY, INTERACTION_CREATE...) always come.
INTENT_OF = {
    **dict.fromkeys(
        [
            "GUILD_UPDATE",
            "GUILD_DELETE",
            "GUILD_ROLE_CREATE",
            "GUILD_ROLE_UPDATE",
            "GUILD_ROLE_DELETE",
            "CHANNEL_CREATE",
            "CHANNEL_UPDATE",
            "CHANNEL_DELETE",
            "THREAD_CREATE",
            "THREAD_UPDATE",
            "THREAD_DELETE",
        ],
        GUILDS,
    ),
    **dict.fromkeys(
        ["GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE"], GUILD_MEMBERS
    ),
    **dict.fromkeys(["MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"], GUILD_MESSAGES),
    "MESSAGE_REACTION_ADD": GUILD_MESSAGE_REACTIONS,
    "MESSAGE_REACTION_REMOVE": GUILD_MESSAGE_REACTIONS,
}

# Close codes Discord uses for a client's mistakes.
NOT_AUTHENTICATED, AUTHENTICATION_FAILED, ALREADY_AUTHENTICATED = 4003, 4004, 4005
UNKNOWN_OPCODE, DECODE_ERROR, DISALLOWED_INTENTS = 4001, 4002, 4014


@dataclass
class Session:
    id: str
    intents: int
    seq: int = 0
    log: list[dict] = field(default_factory=list)  # every dispatch sent, for RESUME
    connection: "Connection | None" = None
    valid: bool = True

    def dispatch(self, event: str, data: Any) -> None:
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.log.append(frame)
        if self.connection is not None:
            self.connection.send(frame)


class Connection:
    """One websocket: its outgoing queue, the zlib stream when asked for, its session."""

    def __init__(self, request: web.Request, ws: web.WebSocketResponse, *, zlib_stream: bool):
        self.request, self.ws = request, ws
        self.queue: asyncio.Queue = asyncio.Queue()
        self.compressor = zlib.compressobj() if zlib_stream else None
        self.session: Session | None = None

    def send(self, frame: dict | Any) -> None:
        """Queue a frame (or a callable, run when the frames before it have left)."""
        self.queue.put_nowait(frame)

    def close(self, code: int) -> None:
        self.queue.put_nowait(("close", code))

    async def write(self) -> None:
        while True:
            item = await self.queue.get()
            if callable(item):
                item()
            elif isinstance(item, tuple):
                await self.ws.close(code=item[1])
                return
            elif self.compressor is not None:
                raw = json.dumps(item).encode()
                data = self.compressor.compress(raw) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)
            else:
                await self.ws.send_str(json.dumps(item))


class Gateway:
    def __init__(self, fake: "FakeDiscord"):
        self.fake = fake
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()

    # --- the websocket ------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        with self.fake.lock:
            self.fake.gateway_queries.append(dict(request.query))
        if request.query.get("v", "10") != "10" or request.query.get("encoding", "json") != (
            "json"
        ):
            await ws.close(code=4012)  # invalid API version / encoding
            return ws
        connection = Connection(
            request, ws, zlib_stream=request.query.get("compress") == "zlib-stream"
        )
        self.connections.add(connection)
        writer = asyncio.create_task(connection.write())
        interval = self.fake.heartbeat_interval_ms
        connection.send({"op": HELLO, "d": {"heartbeat_interval": interval}, "s": None, "t": None})
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                try:
                    frame = json.loads(message.data)
                    op = frame["op"]
                except (ValueError, KeyError, TypeError):
                    connection.close(DECODE_ERROR)
                    continue
                self.receive(connection, op, frame.get("d"))
        finally:
            self.connections.discard(connection)
            if connection.session is not None and connection.session.connection is connection:
                connection.session.connection = None
            await asyncio.sleep(0)  # let the writer flush a queued close
            writer.cancel()
            with self.fake.lock:
                self.fake.changed.notify_all()
        return ws

    def receive(self, connection: Connection, op: int, data: Any) -> None:
        fake = self.fake
        if op == HEARTBEAT:
            session_id = connection.session.id if connection.session else None
            with fake.lock:
                fake.heartbeats.append((session_id, data))
            connection.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
            connection.send(self._count_ack)
        elif op == IDENTIFY:
            self.identify(connection, data or {})
        elif op == RESUME:
            self.resume(connection, data or {})
        elif connection.session is None:
            connection.close(NOT_AUTHENTICATED)
        elif op == REQUEST_GUILD_MEMBERS:
            self.send_members(connection.session, data or {})
        elif op == PRESENCE_UPDATE:
            with fake.lock:
                fake.presences.append(data)
        elif op not in (4, 31):  # voice state, request soundboard sounds: accepted, ignored
            connection.close(UNKNOWN_OPCODE)

    def identify(self, connection: Connection, data: dict) -> None:
        fake = self.fake
        if connection.session is not None:
            return connection.close(ALREADY_AUTHENTICATED)
        if data.get("token") != fake.token:
            return connection.close(AUTHENTICATION_FAILED)
        intents = int(data.get("intents") or 0)
        if intents & PRIVILEGED & fake.disallowed_intents:
            return connection.close(DISALLOWED_INTENTS)
        session = Session(id=secrets.token_hex(16), intents=intents)
        self.sessions[session.id] = session
        connection.session, session.connection = session, connection
        with fake.lock:
            fake.identifies.append(copy.deepcopy(data))
            guild_ids = list(fake.guilds)
            user = {**fake.bot_user, "verified": True, "mfa_enabled": False, "flags": 0}
        session.dispatch(
            "READY",
            {
                "v": 10,
                "user": user,
                "guilds": [{"id": str(i), "unavailable": True} for i in guild_ids],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": fake.gateway_url,
                "shard": data.get("shard") or [0, 1],
                "application": {"id": user["id"], "flags": fake.application_flags},
                "private_channels": [],
                "presences": [],
                "relationships": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": ["us-east"],
                "user_settings": {},
                "_trace": ["fake-gateway"],
            },
        )
        for guild_id in guild_ids:
            session.dispatch("GUILD_CREATE", self.guild_create(session, guild_id))
        connection.send(self._count_ready)

    def resume(self, connection: Connection, data: dict) -> None:
        fake = self.fake
        session = self.sessions.get(data.get("session_id") or "")
        if data.get("token") != fake.token:
            return connection.close(AUTHENTICATION_FAILED)
        seq = data.get("seq") or 0
        if session is None or not session.valid or seq > session.seq:
            connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        if session.connection is not None:  # the old socket, not yet noticed as gone
            session.connection.close(4009)
        connection.session, session.connection = session, connection
        for frame in session.log:
            if frame["s"] > seq:
                connection.send(frame)
        session.dispatch("RESUMED", {"_trace": ["fake-gateway"]})
        connection.send(self._count_resume)

    def send_members(self, session: Session, data: dict) -> None:
        with self.fake.lock:
            guild_id = int(data.get("guild_id") or 0)
            members = list(self.fake.members.get(guild_id, {}).values())
            user_ids = {str(i) for i in data.get("user_ids") or []}
            query = (data.get("query") or "").lower()
            found = [
                copy.deepcopy(m)
                for m in members
                if (str(m["user"]["id"]) in user_ids if user_ids else True)
                and m["user"]["username"].lower().startswith(query)
            ]
        limit = int(data.get("limit") or 0)
        chunk = {
            "guild_id": str(guild_id),
            "members": found[:limit] if limit else found,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": sorted(user_ids - {m["user"]["id"] for m in found}),
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # --- dispatching (on the loop) ------------------------------------------------------

    def dispatch(self, event: str, data: dict) -> None:
        for session in self.sessions.values():
            if not session.valid:
                continue
            needed = INTENT_OF.get(event)
            if needed is not None and not session.intents & needed:
                continue
            if event == "GUILD_CREATE":  # a join: no "unavailable", or it is taken as a return
                payload = self.guild_create(session, int(data["id"]), data)
                del payload["unavailable"]
            elif event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
                payload = self.message_as_seen(session, data)
            else:
                payload = copy.deepcopy(data)
            session.dispatch(event, payload)

    def guild_create(self, session: Session, guild_id: int, payload: dict | None = None):
        """Without the members intent a bot sees only its own member."""
        payload = copy.deepcopy(payload or self.fake.guild_create_payload(guild_id))
        if not session.intents & GUILD_MEMBERS:
            bot_id = self.fake.bot_user["id"]
            payload["members"] = [m for m in payload["members"] if m["user"]["id"] == bot_id]
        return payload

    def message_as_seen(self, session: Session, data: dict) -> dict:
        """Without the message content intent, content, embeds, attachments and components
        are empty unless the bot wrote the message or is mentioned in it."""
        data = copy.deepcopy(data)
        bot_id = self.fake.bot_user["id"]
        mentioned = any(user["id"] == bot_id for user in data.get("mentions") or [])
        if (
            not session.intents & MESSAGE_CONTENT
            and data["author"]["id"] != bot_id
            and not (mentioned)
        ):
            data.update(content="", embeds=[], attachments=[], components=[])
        return data

    def reconnect(self) -> None:
        for connection in list(self.connections):
            if connection.session is not None:
                connection.send({"op": RECONNECT, "d": None, "s": None, "t": None})

    def drop(self, code: int | None) -> None:
        for connection in list(self.connections):
            if code is None:
                transport = connection.request.transport
                if transport is not None:
                    transport.abort()
            else:
                connection.close(code)

    def invalidate(self) -> None:
        for session in self.sessions.values():
            session.valid = False
            if session.connection is not None:
                session.connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})

    # --- counting, for the tests' waits -------------------------------------------------

    def _count_ack(self) -> None:
        with self.fake.lock:
            self.fake.heartbeat_acks += 1
            self.fake.changed.notify_all()

    def _count_ready(self) -> None:
        with self.fake.lock:
            self.fake.ready_count += 1
            self.fake.changed.notify_all()

    def _count_resume(self) -> None:
        with self.fake.lock:
            self.fake.resumes += 1
            self.fake.changed.notify_all()
