"""Priority from urgency and deferral wording, and from how soon the item is due."""

import re
from datetime import date

from actionitems.extraction.text import first_chars, word_set, words_of

_DEFERRED = first_chars(
    "nwleas",
    r"\b(?:no rush|not urgent|no hurry|non-urgent|whenever|low prio(?:rity)?|eventually|"
    r"nice to have|someday|at some point|not a priority|no pressure|not time.sensitive|"
    r"when (?:you|u|someone|somebody|anyone|ya) (?:gets?|has|have) (?:a )?(?:chance|sec|minute|"
    r"time|moment))\b",
)
_URGENT = first_chars(
    "aubceirdthps",
    r"\b(?:asap|a\.s\.a\.p|urgent(?:ly)?|blocker|critical|emergency|immediately|"
    r"right now|rn|right away|drop everything|top priority|the priority|high prio(?:rity)?|"
    r"(?:prod|production|site|server|it)(?:'s| is) down)\b",
)
# "now" at the end of an instruction ("post it now") is urgent; "now we need..." and a
# stopgap "for now" are not.
_NOW = re.compile(r"(?<!^)(?<!for )(?<!until )\bnow\b")


# Words one of the patterns above needs: a message holding none is searched no further.
_DEFERRED_HINTS = word_set(
    "rush urgent hurry whenever prio priority eventually nice someday point pressure time "
    "chance sec minute moment"
)
_URGENT_HINTS = word_set(
    "asap urgent urgently blocker critical emergency immediately right rn drop priority prio down"
)


def priority_of(
    message: str, clause: str, due: date | None, sent: date, words: frozenset[str] | None = None
) -> str:
    """``message`` and ``clause`` lowercased, ``words`` the message's ``words_of`` when
    already read; ``sent`` is the message's date."""
    if words is None:
        words = words_of(message)
    if not _DEFERRED_HINTS.isdisjoint(words) and _DEFERRED.search(message):
        return "low"
    urgent_hint = not _URGENT_HINTS.isdisjoint(words) or "a.s.a.p" in message
    if urgent_hint and _URGENT.search(message):
        return "high"
    if "now" in clause and _NOW.search(clause.strip()):
        return "high"
    if due is not None and (due - sent).days <= 1:
        return "high"
    return "medium"
