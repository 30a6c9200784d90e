"""Category from the vocabulary of the task: defects, meetings, the group's work, or errands.

Each category has words (a trailing ``*`` takes any ending) and phrases; a hit in the task
clause counts double one in its context (the rest of the message and the message it
answers), and the work verb the rules found counts most. Text is cut into words once and
looked up in dictionaries, which is many times faster than one regex per category.
"""

import re

from actionitems.extraction.text import word_set

_VOCABULARY = {
    "bug": (
        "fix* bug* crash* error* err_* exception broken breaks outage regression typo* glitch* "
        "defect hotfix repro leak* misconfigur* mismatch debug* incident rejecting stacktrace "
        "500 500s",
        ("not working", "doesn't work", "doesnt work", "is down", "stopped working",
         "failing test", "still says", "stack trace"),
    ),
    "meeting": (
        "meeting meetings call calls standup stand-up sync agenda minutes invite invites calendar "
        "reschedul* retro session sessions 1:1 one-on-one zoom meet present* huddle workshop "
        "webinar",
        (),
    ),
    "project": (
        "build release* ship* deploy* demo doc docs wiki readme pr prs review* test* design* "
        "draft* write rewrite edit* mockup mockups feature* page site website graphic graphics "
        "banner form code script bot command branch merge implement* export* upload* record* "
        "content ci pipeline alert* dashboard api sdk logo copy blog episode video slide slides "
        "spec prototype sprint changelog rules setup channel overlay version variation "
        "variations solution schema migration",
        ("set up",),
    ),
    "general": (
        "buy* order* purchase* pay* invoice* receipt receipts renew* domain book* reserv* airbnb "
        "hotel flight flights lunch dinner drinks passport cash euro euros dollars transfer vote "
        "groceries ticket tickets reminder checklist approve* customer customers venue snacks "
        "gift rent tax* vat budget expense expenses dietary errand taxi uber trip visa",
        ("status page", "pick up"),
    ),
}  # fmt: skip
_ORDER = ("bug", "meeting", "project", "general")
_EXACT: dict[str, str] = {}
_PREFIXES: dict[str, list[tuple[str, str]]] = {}
for _category in reversed(_ORDER):  # earlier categories win a word listed twice
    for _word in _VOCABULARY[_category][0].split():
        if _word.endswith("*"):
            _PREFIXES.setdefault(_word[:2], []).append((_word[:-1], _category))
        else:
            _EXACT[_word] = _category
_PHRASES = tuple((p, c) for c in _ORDER for p in _VOCABULARY[c][1])
_WORD = re.compile(r"[a-z0-9_:'-]+")

# Some work verbs decide on their own: "fix the invoice page" is a bug.
_DECIDING_VERBS = {
    "fix": "bug", "debug": "bug", "investigate": "bug", "patch": "bug", "repair": "bug",
    "present": "meeting", "join": "meeting", "attend": "meeting", "reschedule": "meeting",
    "invite": "meeting",
}  # fmt: skip
# Booking is an errand unless what is booked is a meeting ("book a room for the session").
_ARRANGING_VERBS = word_set("book reserve schedule arrange organise organize")
# With no telling vocabulary, making something is the group's work; anything else an errand.
_MAKING_VERBS = word_set(
    "make write build create draft design add update edit review test ship deploy release "
    "export upload record set implement refactor merge publish prepare prep finish start "
    "redo rewrite try do"
)


def word_category(word: str) -> str | None:
    found = _EXACT.get(word)
    if found is None:
        for prefix, category in _PREFIXES.get(word[:2], ()):
            if word.startswith(prefix):
                return category
    return found


def _tally(text: str, weight: int, scores: dict[str, int]) -> None:
    for word in _WORD.findall(text):
        if category := word_category(word.strip("'-")):
            scores[category] += weight
    for phrase, category in _PHRASES:
        if phrase in text:
            scores[category] += weight


def category_of(task: str, context: str = "", verb: str = "") -> str:
    """``task`` is the lowercased task wording, ``context`` the surrounding text and
    ``verb`` the work verb the rules found, if any."""
    if verb in _DECIDING_VERBS:
        return _DECIDING_VERBS[verb]
    scores = dict.fromkeys(_ORDER, 0)
    _tally(task, 2, scores)
    if not any(scores.values()):
        _tally(context, 1, scores)
    if verb in _ARRANGING_VERBS and scores["meeting"]:
        return "meeting"
    if verb and (category := word_category(verb)):
        scores[category] += 3
    best = max(_ORDER, key=scores.__getitem__)
    if scores[best]:
        return best
    return "project" if verb in _MAKING_VERBS else "general"
