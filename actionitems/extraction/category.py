"""Category from the vocabulary of the task, read the way the labelling guidelines define it.

- bug: repairing something: repair verbs ("fix", "patch", "debug") or defect words
  ("broken", "crash", "typo", "doesn't work") in the task;
- meeting: the task is about a meeting or call (agenda, invite, minutes, reschedule);
- project: making or checking the group's work (write, build, design, review, ship);
- general: errands, purchases, admin and favours, and anything that says nothing.

Words with a trailing ``*`` take any ending. Checking someone's work ("review the fix",
"push the hotfix live") is project even when what is checked is a repair. A task that
says nothing telling (a pronoun: "I'll take it") is read in the light of its context: the
message it answers or the clause it refers to; one done with an unfamiliar verb to an
unfamiliar thing takes the topic of its conversation (see ``topic``). Every lookup is a
dictionary hit on a word, memoised, which is many times faster than one regex per category.
"""

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from actionitems.extraction.text import first_chars, word_set, word_start, words_of

if TYPE_CHECKING:
    from actionitems.extraction.topic import Topic

_VOCABULARY = {
    "bug": (
        "fix fixes fixing fixed bug bugs buggy crash* error* exception* broken broke breaks "
        "breaking outage* regression* typo* glitch* defect* hotfix* repro* leak* misconfigur* "
        "mismatch* debug* incident* stacktrace traceback 404 500s 502* 503* patch patching bisect* "
        "troubleshoot* diagnos* repair* corrupt* wrong incorrect* failing fails failure* "
        "flaky sticking jammed outdated faulty malfunction* vulnerab* exploit* cve "
        # How things misbehave, whatever the thing: software, machines, instruments.
        "panic panics hang hangs freeze freezes freezing frozen clog* jam jams jamming overheat* "
        "flicker* rattl* squeak* wobbl* cracked leaking rollback revert* correction* "
        "dead stuck rip rips ripped torn mistake* fixable "
        # Doing a thing twice or too late: "double-posting", "a duplicate charge", "timeout".
        "duplicat* double-post* double-charg* double-book* timeout* lockup* fault faults",
        ("not working", "doesn't work", "doesnt work", "isn't working", "isnt working",
         "is down", "went down", "stopped working", "stack trace", "won't load", "wont load",
         "won't start", "can't log", "cant log", "still says",
         "still shows", "out of date", "off by", "roll back", "too warm", "too hot",
         "too cold", "too loud", "out of tune", "warning light", "check engine",
         "keeps crashing", "acting up", "fell off", "falls off", "came off", "comes off",
         "playing up", "a 500", "500 error", "throws a", "timed out", "locked out"),
    ),
    "meeting": (
        "meeting* call calls standup* stand-up* sync syncs agenda* minutes invite invites "
        "calendar reschedul* retro retros 1:1 1:1s one-on-one zoom huddle* kickoff kick-off "
        "debrief* catch-up catchup offsite session sessions agm "
        "rehearsal*",
        ("meeting notes", "google meet", "find a slot", "find a time", "date poll"),
    ),
    "project": (
        "build* release* ship* deploy* demo* doc docs documentation wiki readme pr prs "
        "review* test* tests testing qa design* draft* write writing rewrite* edit* mockup* "
        "feature* page pages site website graphic* banner* form code coding script* branch* "
        "merge* implement* export* upload* record* content ci pipeline* dashboard* api sdk "
        "logo* blog* post video* slide* deck spec specs prototype* sprint* changelog* "
        "migrat* refactor* publish* submission* submit* article* newsletter* announcement* "
        "copy translat* proofread* screenshot* trailer* launch* roadmap* milestone* "
        "verification benchmark* schema* backend frontend repo repos commit* app bump* upgrade* "
        "dependenc* version* pin bot bots film* footage one-pager "
        # The state of a piece of work: "the final guest list", "the updated tokens".
        "final finalis* finaliz* updated",
        ("set up", "write up", "sanity check", "double check", "put together"),
    ),
    "general": (
        "buy* order* purchase* pay payment* payout* invoice* receipt* renew* book booking* reserv* "
        "hotel* flight* lunch dinner drinks breakfast snack* groceries grocery ticket* cash "
        "refund* reimburs* expense* rent tax* budget* venue* gift* errand* taxi uber trip* "
        "visa passport* transfer* donat* vote* paperwork contract* insurance "
        "pickup deliver* shipping package* parcel* supplies weather forecast reminder* checklist*",
        ("pick up",),
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
# Each phrase filed under its longest word: a text is searched only for the phrases whose
# word it holds, one set intersection instead of a substring search per phrase.
_PHRASES: dict[str, list[tuple[str, str]]] = {}
for _category in _ORDER:
    for _phrase in _VOCABULARY[_category][1]:
        _key = max(sorted(words_of(_phrase)), key=len)
        _PHRASES.setdefault(_key, []).append((_phrase, _category))
_PHRASE_KEYS = frozenset(_PHRASES)
_WORD = re.compile(r"[a-z0-9][a-z0-9:'-]*")
# Every byte but those ``_WORD`` takes becomes a space: the words are then what split()
# returns, but for a word opening with ":", "'" or "-", which ``_WORD`` starts after.
_WORD_BYTES = bytes(c if re.fullmatch(r"[a-z0-9:'-]", chr(c)) else 32 for c in range(256))


class _Memo(dict[str, str | None]):
    """Each word's category, found on its first lookup: a known word costs one dictionary
    hit, and ``map`` looks words up without a Python call per word."""

    def __missing__(self, word: str) -> str | None:
        found = _EXACT.get(word)
        if found is None:
            for prefix, category in _PREFIXES.get(word[:2], ()):
                if word.startswith(prefix):
                    found = category
                    break
        self[word] = found
        return found


_MEMO = _Memo()

# Words for a change of code, whatever the change is for.
_CHANGE_WORDS = word_set("pr prs commit commits branch mr diff change changes")
# Verbs that decide on their own, whatever the object.
_DECIDING_VERBS = {
    "fix": "bug", "debug": "bug", "patch": "bug", "repair": "bug", "bisect": "bug",
    "correct": "bug", "revert": "bug",
    "troubleshoot": "bug", "diagnose": "bug", "hotfix": "bug",
    "reschedule": "meeting", "invite": "meeting", "attend": "meeting", "present": "meeting",
    "join": "meeting",
}  # fmt: skip
# Checking or shipping work is the group's work even when the work is a repair.
_CHECKING_VERBS = word_set(
    "review proofread test stress-test qa merge ship deploy release publish push "
    "sanity-check double-check verify"
)
# Arranging something for a meeting is meeting work ("book a room for the retro").
_ARRANGING_VERBS = word_set("book reserve schedule arrange organise organize plan set move")
# With no telling vocabulary, making something is the group's work; anything else an errand.
_MAKING_VERBS = word_set(
    "make write build create draft design add update edit review test ship deploy release "
    "export upload record implement refactor merge publish prepare prep finish redo rewrite "
    "translate code document prototype submit cut set seed do try organise organize film"
)
# Verbs that say nothing of the work themselves ("do the payout"): their object decides,
# and only an object that says nothing makes them the group's work.
_LIGHT_VERBS = word_set("do try")
# Reading is no making ("reread the rules doc"), unless it is someone's work being checked.
_READING_VERBS = word_set("read reread skim watch")
_REVIEWING_VERBS = word_set("check read look go proofread")
# Words naming whose work it is: "check my solution" reviews someone's work.
_POSSESSIVES = word_set("my your his her their our")
# A defect word in a clause that describes the thing made ("a check that fails if ...",
# "so it doesn't break") is no defect to fix.
_SUBORDINATE = re.compile(word_start("that|which|if|so|when|unless|in case") + r"\b")
# Adding or putting something somewhere is work on the place it goes.
_PUTTING_VERBS = word_set("add put")
_DESTINATION = re.compile(word_start("to|into|onto|on") + r"\b")
# "send me the list once it's fixed", "pause the ads till it's fixed": a clause saying when
# the work is done says nothing of what it is.
_WHEN_DONE = re.compile(word_start("once|until|till|til") + r"\b")
# Wording that names a defect word without a defect.
_NOT_DEFECTS = (
    "breaking change", "regression test", "regression checklist", "regression suite",
    "error rate", "error-rate",
    # How a person feels: "I'm dead", "the ones they're stuck on".
    "i'm dead", "im dead", "i'm stuck", "im stuck", "we're stuck", "they're stuck",
    "you're stuck",
)  # fmt: skip
# Where a posted message goes ("post on the status page") is no part of what it is.
_PLACE = re.compile(word_start("on|in|to|at|into|onto|for|with|about|before|after|by|now") + r"\b")
# "X has a click at the seam", "there's a gap in the intro": a flaw reported in a thing.
_FLAW_REPORT = first_chars(
    "htg", r"\b(?:has|have|there'?s|there is|got) (?:a|an|some) [a-z-]+ (?:at|in|on|during|after)\b"
)
_FLAW_REPORT_WORDS = word_set("has have there got")
# How people report a fault without naming one: something acting oddly, a trouble back
# again, a change since which it misbehaves ("the belay is clicking weird again", "declining
# everything since the update").
_ANOMALY = first_chars(
    "wsoanr",
    r"\b(?:weird|weirdly|strange|strangely|odd|again|since the|no matter what"
    r"|(?:a|release) blocker)\b",
)
# A word each wording of an anomaly holds: a text without any reports none.
_ANOMALY_WORDS = word_set("weird weirdly strange strangely odd again since matter blocker")
# "get the shells done", "get it copyedited": the participle names the work, "get" only
# that it happens (a participle with a category of its own, "get it fixed", is counted
# as a word of the task).
_GET_DONE = re.compile(
    r"\bget (?:it|them|that|this|these|those|the [a-z0-9' -]{1,40}?) ([a-z]+ed|done)\b"
)
_DONE = word_set("done finished")
# Sending or putting "the right date" or "a corrected invoice" replaces a wrong one.
_RIGHT_ONE = first_chars(
    "tawc", r"\b(?:(?:the|a|with) (?:right|correct)|corrected) (?!side|hand|way\b)[a-z0-9]"
)
# Errands, and passing a message on ("tell them", "call the plumber"), are general work.
_GENERAL_VERBS = word_set(
    "buy order purchase pay renew book reserve collect pick call ring phone tell ask remind "
    "email text message dm ping reply answer ack acknowledge thank contact let approve sign"
)
# Verbs that make new work ("draft the advisory"), whatever prompted it.
_NEW_WORK_VERBS = word_set("write draft design build create make add finalise finalize")
# Answering whoever reported a problem is correspondence, not its remedy.
_ANSWERING_VERBS = word_set("reply answer ack acknowledge thank")
# Verbs of errands and favours: fetching, carrying, standing in; the rest of doing
# something for the group is its work.
_ERRAND_VERBS = word_set(
    "bring fetch carry move send cover be get grab take lend return drop collect help sort "
    "chase clean clear tidy wash check look find hire rent borrow show"
)
_BUYING_VERBS = word_set("buy order purchase pay renew")
# Making something new, buying or answering is never the remedy its context asks for.
_NOT_REMEDIES = _NEW_WORK_VERBS | _BUYING_VERBS | _ANSWERING_VERBS
# Work wanted at once that makes, buys or arranges nothing is firefighting: "kill the cron
# right now", "can you dig into it asap?", "log it with estates as urgent".
_URGENT = re.compile(
    word_start("asap|urgent|urgently|right now|right away|immediately|critical") + r"\b"
)
_NOT_FIREFIGHTING = _GENERAL_VERBS | _NOT_REMEDIES | _READING_VERBS
# A meeting named as a time ("right after standup") or an idiom ("make the call") is not
# what the task is about.
_NOT_ABOUT_A_MEETING = first_chars(
    "abutdmygjc",
    r"\b(?:after|before|until|till|during|at)\s+(?:the\s+|our\s+|this\s+|next\s+|[a-z]+'s\s+)?"
    r"(?:[a-z]+\s+)?(?:meeting|call|standup|stand-up|sync|retro|huddle|session|rehearsal)s?\b"
    r"|\b(?:make|made|your|my|good|judgment|judgement|close|tough)\s+(?:the\s+)?call\b"
    r"|\bcall\s+(?:them|him|her|me|you|us|back)\b",
)


def word_category(word: str) -> str | None:
    return _MEMO[word]


def _words(text: str) -> list[str]:
    """What ``_WORD`` finds in a lowercased text, in order."""
    # A byte translation and split() cost about a third of findall, which pays a search
    # per word; each non-ASCII character turns into "?", a separator like any other. The
    # rare text with a word opening with a symbol is left to the regex.
    spaced = text.encode("ascii", "replace").translate(_WORD_BYTES).decode()
    if spaced[:1] in ":'-" or " '" in spaced or " -" in spaced or " :" in spaced:
        return _WORD.findall(text)
    return spaced.split()


def word_categories(words: Iterable[str]) -> Iterator[str | None]:
    return map(_MEMO.__getitem__, words)


def tally(text: str, words: frozenset[str] | None = None) -> dict[str, int]:
    """How many words of each category's vocabulary the lowercased text holds; ``words``
    is its ``words_of`` (or a superset) when already read."""
    scores = dict.fromkeys(_ORDER, 0)
    before = None
    for word in _words(text):
        category = _MEMO[word]
        if category is not None:
            scores[category] += 1
            if before == "meeting" and category == "general":
                # A meeting word before an errand's noun only says which one
                # ("the kickoff checklist").
                scores["meeting"] -= 1
        before = category
    # A phrase standing as whole words holds its key as one of the text's words.
    for key in (words_of(text) if words is None else words) & _PHRASE_KEYS:
        for phrase, category in _PHRASES[key]:
            if phrase in text and _after_verb(text, phrase) is not None:
                scores[category] += 1
    if scores["bug"]:
        for phrase in _NOT_DEFECTS:
            if phrase in text and scores["bug"]:
                scores["bug"] -= 1
    return scores


def _says_nothing(task: str, scores: dict[str, int]) -> bool:
    """Whether the task names nothing but a pronoun or a change of code ("a PR"), which
    is whatever work its context is about."""
    if not any(scores.values()):
        return True
    if scores["bug"] or scores["meeting"] or scores["general"]:
        return False
    return all(w in _CHANGE_WORDS for w in _words(task) if word_category(w) == "project")


def _after_verb(task: str, verb: str) -> str | None:
    """The words after the verb (as a whole word), or None when the task does not hold it."""
    size, start = len(verb), 0
    while (i := task.find(verb, start)) >= 0:
        j = i + size
        if (i == 0 or not _in_word(task[i - 1])) and (j == len(task) or not _in_word(task[j])):
            return task[j:]
        start = i + 1
    return None


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _reports_flaw(text: str, words: frozenset[str]) -> bool:
    """``words`` is the text's ``words_of``."""
    # Most texts hold none of the words the wordings need, and a set test costs a fraction
    # of the search.
    if not _ANOMALY_WORDS.isdisjoint(words) and _ANOMALY.search(text):
        return True
    return not _FLAW_REPORT_WORDS.isdisjoint(words) and _FLAW_REPORT.search(text) is not None


def _context_category(antecedents: tuple[str, ...], context: str) -> str | None:
    """What a task that says nothing refers to: the nearest clause before it that names
    anything, and when that names a defect or a meeting, all the context around it. The
    group's work just named is the task ("PR #12 needs a review. can you take a look?");
    an errand just named leaves the task to its own verb."""
    for text in antecedents:
        words = words_of(text)
        around = tally(text, words)
        if around["bug"] or around["meeting"] or _reports_flaw(text, words):
            break
        if around["project"] or around["general"]:
            return "project" if around["project"] > around["general"] else None
    words = words_of(context)
    around = tally(context, words)
    if _reports_flaw(context, words):
        around["bug"] += 1
    if around["bug"] or around["meeting"]:
        return "bug" if around["bug"] >= around["meeting"] else "meeting"
    return None


def _remedies(
    verb: str, rest: str | None, scores: dict[str, int], context: str, antecedents: tuple[str, ...]
) -> bool:
    """Whether the task is the remedy for a defect its context reports ("the keypad is
    dead again" ... "can you reset it?", "the fan's broken, I'll call the landlord"):
    a task naming no work of its own, or changing the faulty thing itself, done about a
    problem described around it. Making something new or buying is no remedy, even
    after a report."""
    if scores["meeting"] or not context or verb in _NOT_REMEDIES:
        return False
    if scores["project"] and not _changes_it(verb, rest):
        return False
    return _context_category(antecedents, context) == "bug"


def _changes_it(verb: str, rest: str | None) -> bool:
    """Whether the task changes the thing its context talks about ("swap it for the
    unshaded version", "flip it in code"): the work words then say how it is remedied,
    not what new work is made."""
    return verb not in _MAKING_VERBS and rest is not None and rest.startswith(" it ")


def category_of(
    task: str,
    context: str = "",
    verb: str = "",
    default: str = "general",
    antecedents: tuple[str, ...] = (),
    topic: "Topic | None" = None,
    task_words: frozenset[str] | None = None,
) -> str:
    """``task`` is the lowercased task wording, ``context`` the text it answers or refers
    to, ``antecedents`` the clauses before it in its message (nearest first), ``verb`` the
    work verb the rules found, if any, ``default`` the category of a task that says
    nothing telling, ``topic`` what its conversation talks about, and ``task_words`` the task's
    ``words_of`` when already read."""
    if verb == "get" and (done := _GET_DONE.search(task)) and not word_category(done[1]):
        verb = "do" if done[1] in _DONE else done[1]
    if verb in _DECIDING_VERBS:
        return _DECIDING_VERBS[verb]
    if "call" in task or " after " in task or " before " in task or " at " in task:
        task = _NOT_ABOUT_A_MEETING.sub(" ", task)
    rest = _after_verb(task, verb) if verb and _in_word(verb[0]) and _in_word(verb[-1]) else None
    if rest is not None and verb in _REVIEWING_VERBS:
        words = rest.split(maxsplit=2)
        if words and words[0] in ("over", "at", "through") and len(words) > 1:
            words = words[1:]
        if words and (words[0] in _POSSESSIVES or words[0].endswith("'s")):
            return "project"  # reviewing someone's work
    # Cutting out a meeting named as a time leaves no word the task did not hold.
    scores = tally(task, task_words)
    if ("right" in task or "correct" in task) and _RIGHT_ONE.search(task):
        scores["bug"] += 1
    if verb and (own := word_category(verb)) and scores[own]:
        scores[own] -= 1  # the verb itself ("call the plumber") is no noun of the task
    if rest is not None and verb == "post":
        scores = tally(_PLACE.split(rest, maxsplit=1)[0])
        if not any(scores.values()):
            return "general"
    # Defect words after the object of a making verb describe what is made ("a check
    # that fails if ...", "so it doesn't break").
    cut = _SUBORDINATE.search(rest) if scores["bug"] and rest and verb in _MAKING_VERBS else None
    if cut:
        scores["bug"] = max(0, scores["bug"] - tally(rest[cut.start() :])["bug"])
    if verb in _PUTTING_VERBS and rest and (into := _DESTINATION.search(rest)):
        # What a thing is added to decides: "add the outage to the review agenda".
        there = tally(rest[into.end() :])
        if any(there.values()):
            return max(_ORDER, key=lambda c: there[c])
    if scores["bug"] and ("once" in task or "til" in task) and (when := _WHEN_DONE.search(task)):
        scores["bug"] = max(0, scores["bug"] - tally(task[when.start() :])["bug"])
    if scores["meeting"] and (verb in _ARRANGING_VERBS or not scores["bug"]):
        return "meeting"
    if verb in _CHECKING_VERBS:
        return "project"
    if scores["bug"]:
        return "bug"
    if verb not in _NOT_REMEDIES and context and _says_nothing(task, scores):
        # "I'll take it", "I can book it", "I can send a PR": the task is what the
        # context is about (and when that is nothing, no remedy for a defect in it either).
        if found := _context_category(antecedents, context):
            return found
    elif _remedies(verb, rest, scores, context, antecedents):
        return "bug"
    if not any(scores.values()) and verb not in _NOT_FIREFIGHTING and _URGENT.search(task):
        return "bug"
    if verb in _GENERAL_VERBS or verb in _READING_VERBS:
        return "general"
    if verb in _LIGHT_VERBS:
        if not scores["project"] and not scores["general"]:
            scores["project"] += 1
    elif verb in _MAKING_VERBS:
        scores["project"] += 1
    elif verb and (category := word_category(verb)):
        scores[category] += 2
    if scores["project"] or scores["general"]:
        return "project" if scores["project"] >= scores["general"] else "general"
    if verb and verb not in _ERRAND_VERBS and not _own_things(rest):
        # Doing something unfamiliar: the group's work, unless its conversation is about
        # errands and nothing else says it is (a standup line, an assignment list).
        return "project" if topic is None or topic.about_work or default == "project" else "general"
    return default


def _own_things(rest: str | None) -> bool:
    """Whether the task is done to the doer's own things ("move my boxes", "level up my
    character"): personal, not the group's work."""
    return rest is not None and " my " in f" {rest} "
