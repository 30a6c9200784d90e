"""Category from the vocabulary of the task: defects, meetings, the group's work, or errands.

Each category has weighted stems; the task clause counts double its context (the rest of
the message, or the message it answers when the clause itself says little).
"""

import re

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
        r"design\w*|draft\w*|write|writ\w+|edit\w*|mockups?|feature\w*|page|site|website|"
        r"graphics?|banner|form|code|script|bot|command|branch|merge|implement\w*|export\w*|"
        r"upload\w*|record\w*|content|ci|pipeline|alert\w*|dashboard|api|sdk|logo|copy|blog|"
        r"episode|video|slides?|spec|prototype|sprint|changelog|notes|questions|rules|"
        r"set ?up|setup|channel|overlay|version|variations?|solution|schema|migration"
    ),
    "general": (
        r"buy\w*|order\w*|purchase\w*|pay\w*|invoice\w*|receipts?|renew\w*|domain|book\w*|"
        r"reserv\w*|airbnb|hotel|flights?|lunch|dinner|drinks|passport|cash|euros?|dollars|"
        r"transfer|vote|groceries|tickets?|reminder|checklist|approve\w*|status page|"
        r"customers?|email\w*|venue|snacks|gift|rent|tax\w*|vat|budget|expenses?|dietary|"
        r"pick up|errand|taxi|uber|trip|visa"
    ),
}
_PATTERNS = {cat: re.compile(rf"\b(?:{words})\b") for cat, words in _VOCABULARY.items()}
# The work verb decides before nouns: "fix the invoice page" is a bug, "book a call" a meeting.
_LEADING = (
    ("bug", re.compile(r"^(?:fix|debug|investigate|patch|repair|hotfix)\b")),
    ("meeting", re.compile(r"^(?:present|join|attend|reschedule|invite)\b")),
)
_ORDER = ("bug", "meeting", "project", "general")


def category_of(task: str, context: str = "") -> str:
    """``task`` is the lowercased task wording, ``context`` the surrounding text."""
    for category, pattern in _LEADING:
        if pattern.search(task):
            return category
    scores = dict.fromkeys(_ORDER, 0)
    for category, pattern in _PATTERNS.items():
        scores[category] = 2 * len(pattern.findall(task)) + len(pattern.findall(context))
    best = max(_ORDER, key=lambda c: scores[c])
    return best if scores[best] else "project"
