"""Corpus files (the labelled JSON format of the action-item corpus) as extractor input.

The one place that turns a corpus conversation into ``Message`` objects and extractor
candidates back into the predictions format the scorer reads, so the commands, the
benchmark and the tests all read a corpus the same way.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from actionitems.extraction.types import Candidate, Message


@dataclass(frozen=True)
class Conversation:
    id: str
    channel: str
    members: dict[str, str]
    messages: tuple[Message, ...]
    gold: tuple[dict, ...]


def parse_timestamp(value: str) -> datetime:
    # Python 3.11's fromisoformat reads a trailing "Z" as UTC.
    return datetime.fromisoformat(value)


def conversation_from_json(raw: dict) -> Conversation:
    members = dict(raw["members"])
    messages = tuple(
        Message(
            id=m["id"],
            author_id=m["author"],
            author_name=members.get(m["author"], m["author"]),
            content=m["content"],
            timestamp=parse_timestamp(m["ts"]),
            mentions=tuple(m.get("mentions") or ()),
            reply_to=m.get("reply_to"),
        )
        for m in raw["messages"]
    )
    return Conversation(
        id=raw["id"],
        channel=raw.get("channel", ""),
        members=members,
        messages=messages,
        gold=tuple(raw.get("gold") or ()),
    )


def load_corpus(path: str | Path) -> list[Conversation]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return [conversation_from_json(c) for c in data["conversations"]]


def candidate_to_item(candidate: Candidate) -> dict:
    return {
        "message_id": candidate.message_id,
        "text": candidate.text,
        "priority": candidate.priority,
        "category": candidate.category,
        "assignee": candidate.assignee,
        "due": candidate.due.isoformat() if candidate.due else None,
    }


def predictions(conversations: list[Conversation], extractor) -> dict:
    """Run ``extractor`` over every conversation, in the scorer's predictions format."""
    return {
        "conversations": [
            {
                "id": conv.id,
                "items": [
                    candidate_to_item(c)
                    for c in extractor.extract(
                        conv.messages, members=conv.members, channel_name=conv.channel
                    )
                ],
            }
            for conv in conversations
        ]
    }
