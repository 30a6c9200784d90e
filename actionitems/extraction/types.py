"""What goes into an extractor and what comes out."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

PRIORITIES = ("low", "medium", "high")
CATEGORIES = ("meeting", "project", "bug", "general")


@dataclass(frozen=True)
class Message:
    """One message of a conversation, as Discord gave it (ids are opaque strings)."""

    id: str
    author_id: str
    author_name: str
    content: str
    timestamp: datetime
    mentions: tuple[str, ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True)
class Candidate:
    """An action item found in a conversation, anchored on the message that states it."""

    message_id: str
    text: str
    summary: str
    priority: str
    category: str
    assignee: str | None
    due: date | None
    confidence: float = field(default=0.5)


class Extractor(Protocol):
    def extract(
        self,
        messages: Sequence[Message],
        *,
        members: dict[str, str],
        channel_name: str = "",
    ) -> list[Candidate]:
        """Candidates of one conversation; ``members`` maps member ids to display names."""
        ...
