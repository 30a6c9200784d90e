"""Several tasks joined in one clause: each part that is its own work is its own item.

People join tasks with a plus ("write the page + take screenshots"), with "and then" in
a plan ("today: the loader and then the win check"), or hand one verb to two members
("@a can you update the sheet and @b the page draft"). A plus between things that are
not both work ("final 4 levels + polish") or an "and" inside one task stays whole.
"""

import re
from dataclasses import replace

from actionitems.extraction.cues import TASK_VERBS, Cue

# "... + take screenshots", "... & book the van": a plus or ampersand before a verb and
# what it works on ("export + upload" is one job's steps).
_PLUS_VERB = re.compile(r"\s+[+&]\s+(?=(?P<verb>[a-z'-]+)\s+[\w@#])")
_AND_THEN = re.compile(r",?\s+and then\s+(?=(?P<verb>[a-z'-]+)\b)")
# "@a can you update X and @b the Y": the second member takes the same verb.
_AND_MEMBER = re.compile(r",?\s+and\s+@(?P<member>\w+)\s+(?=(?:the|a|an|my|our|your|his|her)\b)")
# Plans the "and then" of which sequences two pieces of work, not one task's steps.
_PLAN_KINDS = ("standup", "commitment")


def joined_parts(part: str, low: str, cue: Cue) -> list[tuple[str, str, Cue]]:
    """``part`` (its lowercase ``low``) as one or more ``(display, clause, cue)`` tasks."""
    if "+" not in low and "&" not in low and " and " not in low:
        return [(part, low, cue)]
    cuts = _cuts(low, cue)
    if not cuts:
        return [(part, low, cue)]
    pieces, start, piece_cue, lead = [], 0, cue, ""
    for at, end, next_cue, next_lead in cuts:
        pieces.append((lead + part[start:at], lead + low[start:at], piece_cue))
        start, piece_cue, lead = end, next_cue, next_lead
    pieces.append((lead + part[start:], lead + low[start:], piece_cue))
    return pieces


def _cuts(low: str, cue: Cue) -> list[tuple[int, int, Cue, str]]:
    """Where the clause splits, the cue each later part takes, and the verb it leaves
    out when it shares the first part's ("and @b the page draft")."""
    cuts = []
    if cue.verb in TASK_VERBS:
        # Both sides of the plus open with a verb: two pieces of work.
        for m in _PLUS_VERB.finditer(low):
            if m["verb"] in TASK_VERBS:
                cuts.append((m.start(), m.end(), replace(cue, verb=m["verb"]), ""))
    if cue.kind in _PLAN_KINDS or cue.verb in TASK_VERBS:
        for m in _AND_THEN.finditer(low):
            if cue.kind == "standup" or m["verb"] in TASK_VERBS:
                cuts.append((m.start(), m.end(), replace(cue, verb=m["verb"]), ""))
    if cue.kind == "request" and cue.addressee and cue.verb in TASK_VERBS:
        for m in _AND_MEMBER.finditer(low):
            cuts.append((m.start(), m.end(), replace(cue, addressee=m["member"]), cue.verb + " "))
    return sorted(cuts)
