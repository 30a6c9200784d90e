"""Work shared out as a list: bullet lines under a heading, "@sam: book the venue" lines,
and one line that splits the work between members ("plan: @a the cut, @b the music").

A list line states one task whole, so it is kept as one clause even when it names its
doer at the end ("1. the draw, @sam by the 12th") or takes it on itself ("order the
balls, I'll do this one").
"""

import itertools
import re
from dataclasses import replace

from actionitems.extraction.cues import LABEL, TASK_VERBS, Cue, strip_lead
from actionitems.extraction.text import clauses

_BULLET = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+(?P<item>\S.*)$")
_MENTION = re.compile(r"@(\w+)")
# The member a list line names as its doer: first ("@sam the banner") or tagged on after
# a comma ("the draw, @sam by the 12th?"), not a member the line only talks about.
_DOER = re.compile(
    r"^@(\w+)|,\s*@(\w+)\s*(?:$|[?!.]|by\b|pls\b|please\b|plz\b|for\b)|\(@(\w+)\)\s*[?!.]*$"
)
# A list line that wants work without a verb of its own: a call for a taker ("poster,
# anyone?", "(unassigned)"), or a thing that needs work ("the tail needs fixing", "needs
# to be louder", "need a driver for the van").
_WANTED = re.compile(
    r"\b(?:anyone|someone|somebody|any takers|volunteers?|who)\s*\?\s*$"
    r"|\((?:unassigned|nobody|anyone|open|tbd)\)"
    r"|\bneeds?\s+(?:a|an|some|more|to be)\s|\bneeds\s+[a-z]+ing\b"
    r"|\bneed\s+(?:a|an)\s+[\w-]+\s+(?:for|to)\b"
)
# A list line reporting a state, not work: "the scripts are printed", "nothing to do".
_STATUS = re.compile(
    r"\b(?:nothing to do|all (?:done|set|good)|(?:is|are) (?:all\s+)?(?:done|in|printed|sorted|"
    r"booked|ready|sent|fixed))\b|\bwaiting (?:on|for)\b|✅"
)
# A list line the writer takes on: "..., I'll do this one", "the banner (me)".
_MINE = re.compile(r"(?:^|[\s,(])(?:i'?ll|i will|i can|mine|myself)\b|(?:^|[,(]\s*)me\b")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")
_LIST_LINE = re.compile(r"^[-•*\d.)\s]*@(\w+)\b\s*[:\-–]?\s*(?P<task>.+)$")
# A heading and a colon right before a member: "ok split for the rewrite: @u2 ...".
_SHARE_HEAD = re.compile(r"^[^:@\n]{0,40}:\s*(?=@\w)")
# Where the next member's share starts: before a member, or the writer's own ("me to").
_SHARE_CUT = re.compile(r"\s*(?:[,;&+/]|\band\b)\s*(?=@\w|me to\b)")
_ME_TO = re.compile(r"^me to\s+(?P<verb>[a-z'-]+)")


def message_parts(text: str) -> tuple[list[str], frozenset[int]]:
    """The clauses of a message, with each bullet line of a list kept whole, and the
    positions of those lines. A list is bullets under a heading ("jobs:", "TODO:") or two
    bullet lines or more, whatever heads them ("ACT 1")."""
    if "\n" not in text:
        return clauses(text), frozenset()
    lines = text.split("\n")
    listed = sum(1 for line in lines if _BULLET.match(line)) >= 2
    if not listed and ":" not in text:
        return clauses(text), frozenset()
    parts: list[str] = []
    bullets: set[int] = set()
    under_heading = False
    for line in lines:
        m = _BULLET.match(line) if under_heading or listed else None
        # A bullet of several sentences is notes, read clause by clause.
        if m and not _SENTENCE_BREAK.search(m["item"]):
            bullets.add(len(parts))
            parts.append(m["item"].strip())
            continue
        parts.extend(clauses(line))
        under_heading = line.rstrip().endswith(":")
    return parts, frozenset(bullets)


def shared_out(parts: list[str], lows: list[str]) -> tuple[list[str], list[str], bool]:
    """ "split: @a the parser, @b the docs" shares work out: one part per member named after
    the heading's colon, whether the clause cutter split them apart or not; the clauses
    after the shares stay as they are ("..., i'll do the mix")."""
    for k, low in enumerate(lows):
        head = _SHARE_HEAD.match(low) if "@" in low else None
        if head is None:
            continue
        new_parts, new_lows = parts[:k], lows[:k]
        start = head.end()
        for n, (part, lo) in enumerate(zip(parts[k:], lows[k:], strict=True)):
            if len(part) != len(lo):
                return parts, lows, False
            if start == 0 and not lo.lstrip().startswith("@"):
                new_parts.extend(parts[k + n :])
                new_lows.extend(lows[k + n :])
                break
            cuts = [m.end() for m in _SHARE_CUT.finditer(lo, start)]
            for a, b in itertools.pairwise([start, *cuts, len(lo)]):
                end = _SHARE_CUT.search(lo, a, b)
                stop = end.start() if end else b
                new_parts.append(part[a:stop].strip())
                new_lows.append(lo[a:stop].strip())
            start = 0
        shares = sum(1 for lo in new_lows[k:] if lo.startswith(("@", "me to ")))
        return (new_parts, new_lows, True) if shares >= 2 else (parts, lows, False)
    return parts, lows, False


def is_listed(whole: str) -> bool:
    """Whether a lowercased message holds two "@sam: task" lines."""
    lines = whole.splitlines()
    return sum(1 for line in lines if "@" in line and _LIST_LINE.match(line.strip())) >= 2


def with_list_items(cues: list, lows: list[str], listed: bool, bullets: frozenset[int]) -> list:
    """Lines of an assignment list ("@sam: book the venue"), after an "AIs:" header or in a
    message made of such lines, are items of the member they name; so are bullet lines
    under a heading that name a doer or a task verb, and every bullet under "TODO:"."""
    if not listed and not bullets and all(cue is None or cue.kind != "header" for cue in cues):
        return cues  # no list and no heading of one: each clause keeps its own cue
    in_list = listed
    result = []
    marked = False
    for i, (cue, low) in enumerate(zip(cues, lows, strict=True)):
        if i in bullets:
            cue = _bullet_cue(low, marked, cue)
        elif cue is not None and cue.kind == "header":
            in_list = marked = True
        elif in_list and low.startswith("me to ") and (me := _ME_TO.match(low)):
            cue = Cue("commitment", verb=me["verb"], confidence=0.8)
        elif in_list and "@" in low and (line := _LIST_LINE.match(strip_lead(low))):
            verb = _first_word(line["task"])
            cue = Cue("listed", addressee=line.group(1), verb=verb, confidence=0.8)
        if i not in bullets:
            marked = marked and cue is not None and cue.kind == "header"
        result.append(cue)
    return result


def _first_word(task: str) -> str:
    """The task's verb, after an infinitive's "to" ("@sam to book the hall")."""
    words = task.split(maxsplit=2)
    if words and words[0] == "to":
        words = words[1:]
    return words[0].strip(",.:") if words else ""


def _bullet_cue(low: str, marked: bool, cue: Cue | None) -> Cue | None:
    """A list line's cue: its own wording as a list line, else as a clause; either way the
    line is the task ("the budget — @sam can you own that?")."""
    if _STATUS.search(low):
        return None
    cue = _bullet(low, marked) or cue
    return replace(cue, pronoun_task=False) if cue is not None and cue.pronoun_task else cue


def _bullet(low: str, marked: bool) -> Cue | None:
    if label := LABEL.match(low):
        low = low[label.end() :]
    verb = _first_word(_MENTION.sub(" ", low))
    if verb.startswith("re") and verb[2:] in TASK_VERBS:
        verb = verb[2:]  # "reorder", "reprint": the same work again
    if "@" in low and (m := _DOER.search(low)):
        who = m.group(1) or m.group(2) or m.group(3)
        return Cue("listed", addressee=who, verb=verb, confidence=0.8)
    if _MINE.search(low):
        return Cue("commitment", verb=verb, confidence=0.8)
    if marked:
        return Cue("marker", everyone=True, verb=verb, confidence=0.85)
    if verb in TASK_VERBS or _WANTED.search(low):
        return Cue("listed", everyone=True, verb=verb, confidence=0.7)
    return None
