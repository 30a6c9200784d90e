"""Category from the vocabulary of the task: defects, meetings, the group's work, or errands.

Each category has weighted stems; the task clause counts double its context (the rest of
the message, or the message it answers when the clause itself says little).
"""

import re

from actionitems.extraction.text import word_set

_VOCABULARY = {
    "bug": (
        r"fix\w*|bug\w*|crash\w*|error\w*|err_\w+|exception|broken|breaks|outage|regression|"
        r"typo\w*|glitch\w*|defect|hotfix|repro|not working|doesn'?t work|wrong|is down|"
        r"stopped working|failing tests?|leak\w*|misconfigur\w*|mismatch|still says|debug\w*|"
        r"incident|rejecting|stack ?trace|500s?"
    ),
    "meeting": (
        r"meeting|call|standup|stand-up|sync|agenda|minutes|invite|calendar|reschedul\w*|retro|"
        r"session|1:1|one-on-one|zoom|meet|present\w*|postmortem call|kickoff call|huddle|"
        r"workshop|webinar|interview slot"
    ),
    "project": (
        r"build|release\w*|ship\w*|deploy\w*|demo|docs?|wiki|readme|pr|prs|review\w*|test\w*|"
        r"design\w*|draft\w*|write|rewrite|edit\w*|mockups?|feature\w*|page|site|website|"
        r"graphics?|banner|form|code|script|bot|command|branch|merge|implement\w*|export\w*|"
        r"upload\w*|record\w*|content|ci|pipeline|alert\w*|dashboard|api|sdk|logo|copy|blog|"
        r"episode|video|slides?|spec|prototype|sprint|changelog|rules|"
        r"set ?up|setup|channel|overlay|version|variations?|solution|schema|migration"
    ),
    "general": (
        r"buy\w*|order\w*|purchase\w*|pay\w*|invoice\w*|receipts?|renew\w*|domain|book\w*|"
        r"reserv\w*|airbnb|hotel|flights?|lunch|dinner|drinks|passport|cash|euros?|dollars|"
        r"transfer|vote|groceries|tickets?|reminder|checklist|approve\w*|status page|"
        r"customers?|venue|snacks|gift|rent|tax\w*|vat|budget|expenses?|dietary|"
        r"pick up|errand|taxi|uber|trip|visa"
    ),
}
_PATTERNS = {cat: re.compile(rf"\b(?:{words})\b") for cat, words in _VOCABULARY.items()}
# Some work verbs decide on their own: "fix the invoice page" is a bug.
_DECIDING_VERBS = {
    "fix": "bug", "debug": "bug", "investigate": "bug", "patch": "bug", "repair": "bug",
    "present": "meeting", "join": "meeting", "attend": "meeting", "reschedule": "meeting",
    "invite": "meeting",
}  # fmt: skip
# Booking is an errand unless what is booked is a meeting ("book a room for the session").
_ARRANGING_VERBS = frozenset({"book", "reserve", "schedule", "arrange", "organise", "organize"})
# With no telling vocabulary, making something is the group's work; anything else an errand.
_MAKING_VERBS = word_set(
    "make write build create draft design add update edit review test ship deploy release "
    "export upload record set implement refactor merge publish prepare prep finish start "
    "redo rewrite try do"
)
_ORDER = ("bug", "meeting", "project", "general")


def category_of(task: str, context: str = "", verb: str = "") -> str:
    """``task`` is the lowercased task wording, ``context`` the surrounding text and
    ``verb`` the work verb the rules found, if any."""
    if verb in _DECIDING_VERBS:
        return _DECIDING_VERBS[verb]
    if verb in _ARRANGING_VERBS and _PATTERNS["meeting"].search(f"{task} {context}"):
        return "meeting"
    scores = dict.fromkeys(_ORDER, 0)
    for category, pattern in _PATTERNS.items():
        scores[category] = 2 * len(pattern.findall(task)) + len(pattern.findall(context))
        scores[category] += 3 * bool(verb and pattern.fullmatch(verb))
    best = max(_ORDER, key=lambda c: scores[c])
    if scores[best]:
        return best
    return "project" if verb in _MAKING_VERBS else "general"
