"""Turning what Discord (or a transcript file) gives into the extractor's messages."""

from dataclasses import dataclass
from datetime import UTC, datetime

from discord.utils import DISCORD_EPOCH

from actionitems.extraction import Message


@dataclass(frozen=True)
class Conversation:
    """One channel's or thread's new messages, oldest first, and who appears in them.

    ``discord_channel_id`` is where the messages live (a thread's own id for a thread),
    for jump links; ``excerpts`` keeps each message's text for the item's excerpt.
    """

    discord_channel_id: int
    messages: list[Message]
    members: dict[str, str]

    @property
    def newest_message_id(self) -> int | None:
        return max((int(m.id) for m in self.messages), default=None)

    def content_of(self, message_id: str) -> str:
        return next((m.content for m in self.messages if m.id == message_id), "")


def _name(user: dict) -> str:
    return user.get("global_name") or user.get("username") or str(user["id"])


def from_discord(channel_id: int, payloads: list[dict]) -> Conversation:
    """Discord message objects (oldest first) as a conversation; system messages are skipped."""
    messages, members = [], {}
    for payload in payloads:
        if payload.get("type", 0) not in (0, 19) or payload.get("author", {}).get("bot"):
            continue
        author = payload["author"]
        members[str(author["id"])] = _name(author)
        for user in payload.get("mentions", []):
            members.setdefault(str(user["id"]), _name(user))
        reference = payload.get("message_reference") or {}
        messages.append(
            Message(
                id=str(payload["id"]),
                author_id=str(author["id"]),
                author_name=_name(author),
                content=payload.get("content", ""),
                timestamp=datetime.fromisoformat(payload["timestamp"]),
                mentions=tuple(str(user["id"]) for user in payload.get("mentions", [])),
                reply_to=str(reference["message_id"]) if reference.get("message_id") else None,
            )
        )
    return Conversation(discord_channel_id=channel_id, messages=messages, members=members)


def snowflake_at(moment: datetime, sequence: int = 0) -> int:
    """A Discord-style id for a moment, so transcript messages sort and link like real ones."""
    milliseconds = int(moment.timestamp() * 1000) - DISCORD_EPOCH
    return (milliseconds << 22) | (sequence & 0xFFF)


def from_transcript(channel_id: int, conversation: dict) -> Conversation:
    """A conversation of a corpus file, its message ids replaced by snowflakes."""
    members = {str(k): v for k, v in conversation["members"].items()}
    ids: dict[str, str] = {}
    messages = []
    for sequence, raw in enumerate(conversation["messages"]):
        timestamp = datetime.fromisoformat(raw["ts"].replace("Z", "+00:00")).astimezone(UTC)
        ids[raw["id"]] = str(snowflake_at(timestamp, sequence))
        messages.append(
            Message(
                id=ids[raw["id"]],
                author_id=str(raw["author"]),
                author_name=members.get(str(raw["author"]), str(raw["author"])),
                content=raw["content"],
                timestamp=timestamp,
                mentions=tuple(str(user) for user in raw.get("mentions", [])),
                reply_to=ids.get(raw.get("reply_to") or ""),
            )
        )
    return Conversation(discord_channel_id=channel_id, messages=messages, members=members)
