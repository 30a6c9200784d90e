"""Redaction for privacy mode: an item keeps its task, not who or how to reach them."""

import re
from collections.abc import Iterable

_MENTION_RE = re.compile(r"<@[!&]?\d+>|<#\d+>|@(everyone|here)\b")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
_PHONE_RE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{6,}\d(?![\w])")
_SPACES_RE = re.compile(r"\s{2,}")


def redact_item(text: str, summary: str, names: Iterable[str]) -> tuple[str, str]:
    """An item's text and summary without mentions, e-mail addresses, phone numbers or any
    of ``names`` (the members of the conversation it came from: a task names the people it
    is about)."""
    named = _names_pattern(names)
    return _redact(text, named), _redact(summary, named)


def _redact(text: str, named: re.Pattern | None) -> str:
    text = _EMAIL_RE.sub("[email]", text)
    text = _MENTION_RE.sub("[someone]", text)
    if named is not None:
        text = named.sub("[someone]", text)
    text = _PHONE_RE.sub("[phone]", text)
    return _SPACES_RE.sub(" ", text).strip()


def _names_pattern(names: Iterable[str]) -> re.Pattern | None:
    usable = sorted({name for name in names if len(name) >= 2}, key=len, reverse=True)
    if not usable:
        return None
    return re.compile(r"(?<![\w@])(?:" + "|".join(map(re.escape, usable)) + r")(?![\w@])", re.I)
