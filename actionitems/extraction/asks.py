"""Requests that ask for a doer without "can you": "can I get someone to ...", "mind
taking ...?", "pls mention ...", "need a volunteer", "would appreciate another pair of
eyes", "does anyone have one I could borrow?".

Each wording is how chat in general asks for work, whatever the topic; ``cues`` turns a
hit into a cue, after its own tests for hypotheticals and reports of done work.
"""

import re
from typing import NamedTuple

from actionitems.extraction.text import first_chars, word_set


class Ask(NamedTuple):
    """``open``: anyone may take it; ``verb``: the work asked for, when the wording says."""

    open: bool
    verb: str


# "can I get someone to bisect it", "can we get the tech out", "can we borrow your van"
_GET_SOMEONE = first_chars(
    "c",
    r"\bcan (?:i|we) (?:get|borrow)\s+(?:(?:someone|somebody|anyone|a volunteer|one of you)\s+"
    r"to\s+(?P<verb>[a-z'-]+)|(?P<thing>[a-z@]))",
)
# "mind taking that one?", "would you mind bagging it up"
_MIND = re.compile(r"^(?:(?:would|do) (?:you|u) )?mind (?P<verb>[a-z]+)ing\b")
# "pls mention the fan too", "please whip up a macro"
_PLEASE_FIRST = re.compile(r"^(?:pls|please|plz)\s+(?:just\s+|also\s+)?(?P<verb>[a-z][a-z'-]+)\b")
_NOT_WORK_AFTER_PLEASE = word_set(
    "no not nobody god lord stop and for i we me you lol ty thx thanks yes ok sir help"
)
# "need eng to change it", "I need you to sign", "need a volunteer", "need a driver for the van"
_NEED_DOER = first_chars(
    "n",
    r"\bneeds?\s+(?P<doer>someone|somebody|you|u|(?:an?\s+)?[\w-]+)\s+to\s+(?P<verb>[a-z'-]+)"
    r"|\bneeds?\s+(?:a\s+volunteer|volunteers|someone|somebody)\b"
    r"|\bneed\s+an?\s+[\w-]+\s+for\s+(?:the|this|that|our|my)\b",
)
_YES_NO = re.compile(r"^(?:do|does|did|should|shall|would|will|is|are|am|can)\b")
# Needing these is no call for a doer: "need time to fix it", "need it to work".
_NOT_DOERS = word_set("time money it this that them more help a way")
# "would appreciate another pair of eyes", "could use a second look"
_REVIEW = first_chars(
    "wc",
    r"\b(?:would (?:really )?appreciate|could (?:really )?use)\s+(?:a|an|another|some|any|"
    r"a second|an extra)\s+(?:pair of eyes|eyes|look|second look|review|feedback|proofread)\b",
)
# "does anyone have a sewing machine I could borrow?"
_LEND = first_chars(
    "dah",
    r"^(?:does|do|has)?\s*(?:anyone|anybody|someone|somebody|any of you)\s+(?:have|got|has)\b"
    r".*\b(?:i|we)\s+(?:could|can|might)\s+(?:borrow|use|have)\b",
)


def indirect_ask(s: str, body: str, task_verbs: frozenset[str]) -> Ask | None:
    """The ask in a lowercased clause (``body`` without its opening vocative)."""
    if "can" in s and (m := _GET_SOMEONE.search(s)):
        return Ask(open=m["verb"] is not None or "@" not in s, verb=m["verb"] or "get")
    if body.startswith(("mind", "would", "do")) and (m := _MIND.match(body)):
        return Ask(open=False, verb=_stem(m["verb"], task_verbs))
    # A task verb after the please is read as an imperative by ``cues`` already.
    please = body[:1] == "p" and _PLEASE_FIRST.match(body)
    if please and please["verb"] not in _NOT_WORK_AFTER_PLEASE | task_verbs:
        return Ask(open=False, verb=please["verb"])
    if "need" in s and (m := _NEED_DOER.search(s)) and not _YES_NO.match(body):
        doer = (m["doer"] or "").removeprefix("a ").removeprefix("an ")
        if not m["doer"] or (doer not in _NOT_DOERS and m["verb"] in task_verbs):
            return Ask(open=doer not in ("you", "u"), verb=m["verb"] or "")
    if ("appreciate" in s or "use" in s) and _REVIEW.search(s):
        return Ask(open=True, verb="review")
    if ("borrow" in s or "use" in s) and _LEND.search(body):
        return Ask(open=True, verb="lend")
    return None


def _stem(stem: str, task_verbs: frozenset[str]) -> str:
    """ "bag" from "bagg(ing)", "tak" -> "take"; "fill" and "pass" keep their pair."""
    if stem in task_verbs:
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    return stem + "e" if stem + "e" in task_verbs else stem
