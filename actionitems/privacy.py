"""Redaction for privacy mode: an item keeps its task, not who or how to reach them."""

import re

_MENTION_RE = re.compile(r"<@[!&]?\d+>|<#\d+>|@(everyone|here)\b")
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
_PHONE_RE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{6,}\d(?![\w])")
_SPACES_RE = re.compile(r"\s{2,}")


def redact(text: str) -> str:
    text = _MENTION_RE.sub("[someone]", text)
    text = _EMAIL_RE.sub("[email]", text)
    text = _PHONE_RE.sub("[phone]", text)
    return _SPACES_RE.sub(" ", text).strip()
