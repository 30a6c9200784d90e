"""Turning a model's answer into candidates, trusting none of it.

A response that is not the expected JSON document raises ``UnparseableResponse`` (the
caller falls back); an item that breaks a rule is dropped on its own and the rest kept.
"""

import json
import logging
import re
from collections.abc import Collection, Sequence
from datetime import date

from actionitems.extraction.types import CATEGORIES, PRIORITIES, Candidate, Message

logger = logging.getLogger(__name__)

LLM_CONFIDENCE = 0.8
MAX_TEXT = 500
MAX_SUMMARY = 200

_FENCE = re.compile(r"```(?:json)?\s*(.*?)\s*```", re.DOTALL | re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UnparseableResponse(ValueError):
    """The model's answer is not a JSON object with an ``items`` list."""


class InvalidItem(ValueError):
    """One item breaks a rule; the message says which."""


def parse_items(
    content: str, *, messages: Sequence[Message], members: dict[str, str]
) -> list[Candidate]:
    message_ids = {message.id for message in messages}
    candidates = []
    for item in _items(content):
        try:
            candidates.append(_candidate(item, message_ids=message_ids, members=members))
        except InvalidItem as error:
            logger.info("Dropped an LLM item: %s", error)
    return candidates


def _items(content: str) -> list:
    fenced = _FENCE.search(content)
    try:
        document = json.loads(fenced.group(1) if fenced else content)
    except json.JSONDecodeError as error:
        raise UnparseableResponse(f"not JSON: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise UnparseableResponse("not an object with an 'items' list")
    return document["items"]


def _candidate(item: object, *, message_ids: set[str], members: dict[str, str]) -> Candidate:
    if not isinstance(item, dict):
        raise InvalidItem(f"not an object: {item!r}")
    text = _text(item.get("text"), "text", MAX_TEXT)
    # A missing summary is no reason to lose the item: the text stands in for it.
    summary = item.get("summary") or text
    assignee = item.get("assignee")
    return Candidate(
        message_id=_one_of(item.get("message_id"), message_ids, "message_id"),
        text=text,
        summary=_text(summary, "summary", MAX_SUMMARY),
        priority=_one_of(_lower(item.get("priority")), PRIORITIES, "priority"),
        category=_one_of(_lower(item.get("category")), CATEGORIES, "category"),
        assignee=None if assignee is None else _one_of(assignee, members, "assignee"),
        due=_due(item.get("due")),
        confidence=LLM_CONFIDENCE,
    )


def _text(value: object, name: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidItem(f"{name} is empty or not a string: {value!r}")
    return value.strip()[:limit].rstrip()


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _one_of(value: object, allowed: Collection[str], name: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidItem(f"unknown {name}: {value!r}")
    return value


def _due(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InvalidItem(f"due is not YYYY-MM-DD: {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidItem(f"due is not a calendar date: {value!r}") from error
