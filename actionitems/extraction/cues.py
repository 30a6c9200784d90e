"""What one clause says: a request, a commitment, a marker, an open call for help, or nothing.

Every rule keys on general wording (modal verbs, "I'll", "can you", imperative verbs,
"someone needs to", TODO/AI markers, standup lines) and never on a topic. Clauses are
lowercased, with members as ``@id`` tokens.
"""

import re
from dataclasses import dataclass

from actionitems.extraction.asks import indirect_ask
from actionitems.extraction.text import first_chars, word_set, word_start

# Verbs people use to hand out or take on work; a clause opening with one is an imperative.
TASK_VERBS = word_set(
    "add answer approve ask book bring buy bump call cancel change check clean collect "
    "confirm contact copy create cut debug delete deploy design do double-check draft "
    "drop edit email export figure file fill finalise finalize finish fix follow get grab "
    "handle help install investigate invite join look make merge message move order "
    "organise organize pack pay pick ping plan post prep prepare present print publish "
    "push put reach read record redo refactor release remind remove rename renew reply "
    "report reschedule reserve restart review revert rewrite rotate run schedule seed "
    "send set share ship sign sort start submit swap take tell test text translate try "
    "update upgrade upload verify vote write dm own sanity-check proofread rebase deal "
    # Hands-on work of any trade, and fixing or setting things.
    "adjust arrange assemble bake chase clean clear configure cook correct deliver "
    "document download drive film fund hire install measure mount note notify order "
    "outline paint polish pull rebuild replace repair reset restock return ring "
    "roll sand scan sketch source staff sync tidy tighten loosen track trim tune turn "
    "unblock use wash wipe wire wrap flip"
    # Work on software and records, and jobs of the hands.
    " log block tag pause hotfix implement pin label annotate rerun reprint"
    " dig shoot stick strip practise practice"
)
# After "I'll ..." these verbs are talk, not work ("I'll believe it when I see it").
_IDLE_VERBS = word_set(
    "believe think guess bet see miss love hope admit say never probably let keep be need "
    "die cry pass wait sleep"
)
# "... and fix it tomorrow" after a verb of rest: the work the author commits to.
_AND_WORK = re.compile(r"\s+(?:\w+\s+)?(?:and|then|&)\s+(?:then\s+)?(?P<verb>[a-z'-]+)(?P<rest>.*)")
# Verbs whose work happens at an event, so the event's date is the due date.
ATTEND_VERBS = word_set("present join attend bring be come host run lead receive")

LEAD = re.compile(
    r"^(?:(?:ok+|okay|so|also|and|btw|but|then|oh|yeah|ya|yes|yep|cool|great|ah|hey|hi|fine|"
    r"morning|kk|alright|aight|right|fyi|gg|sure|np|ngl|honestly|anyway|hmm+|wait|nice|"
    r"amazing|awesome|perfect|thanks|thank you|ty|good catch|no worries)\b[\s,!.:-]*)+"
)
# The first two letters of every lead word above: a clause starting otherwise has none.
_LEAD_STARTS = frozenset(
    word[:2]
    for word in word_set(
        "ok okay so also and btw but then oh yeah ya yes yep cool great ah hey hi fine morning kk "
        "alright aight right fyi gg sure np ngl honestly anyway hmm wait nice amazing awesome "
        "perfect thanks thank ty good no"
    )
)
# A short label before the work: "one thing: add the totals", "form: fill it in by friday".
LABEL = re.compile(r"^[a-z0-9][\w'-]*(?:\s+[\w'-]+){0,2}:\s+(?=[@a-z])")
# Any short heading before work handed to a member: "PR for the new runbook: @sam review pls".
_LABEL_BEFORE_MEMBER = re.compile(r"^[^:@?]{1,60}:\s+(?=@\w)")
_MARKER_OWNER = re.compile(r"\b(?:me|mine|myself)\b|@(?P<member>\w+)")
_VOCATIVE = re.compile(r"^@(\w+)\b[\s,:-]*")
_MARKER = re.compile(
    r"^(?:todo|to-do|ai|ais|action items?|action points?|(?P<self>note to self))\b"
    r"([^:]{0,30}):\s*(.*)$"
)
# Each wording opens with its letter, the word boundary checked looking back at it, so a
# search scans for those letters in sre's fast scan instead of testing a lookahead at every
# character; a position matches at most one wording, so their order changes nothing.
_NEGATIVE = re.compile(
    # "if" opens a hypothetical, but not an embedded question ("see if they want some"),
    # a concession ("even if nothing changed") or a polite request ("if you could ...").
    r"i(?<=\bi)(?:f (?<!even if )(?<!see if )(?<!ask if )(?<!know if )(?<!out if )"
    r"(?<!check if )(?<!sure if )(?<!wondering if )"
    # "if anyone's passing, can you ..." asks whoever it fits.
    r"(?:(?:you|u)\b(?! could\b)|(?:i|we|they|he|she|it|nothing|no|only)\b"
    r"|(?:someone|anyone)\b(?![^.?!]*\b(?:can|could|would) (?:you|u)\b))"
    # "I'd ..." is a wish, but "id" is also a noun ("the riot id"): bare, it opens a clause
    # (the last wording, looking back for the start of one).
    r"|'d\b(?! like)|magine\b| wish\b|'?ll believe\b)"
    r"|w(?<=\bw)(?:ould be (?:nice|cool|great|good|fun)\b|e (?:\w+ )?should\b|hat if\b)"
    r"|s(?<=\bs)(?:omeday\b|hould we\b)|m(?<=\bm)aybe we\b"
    r"|p(?<=\bp)(?:ls|lease|lz) (?:remember|note|keep in mind|tell me|don'?t|dont)\b"
    r"|h(?<=\bh)ow hard can\b"
    r"|i(?:(?<![^,.!?]i)|(?<=[,.!?] i))d\b(?! like)",
)
_ASKING = re.compile(r"\b(?:ask|check|see|confirm|find out|figure out|know|wondering)\b")
# Words one of the patterns above needs ("i'd" is "i" and "d").
_NEGATIVE_HINTS = word_set(
    "if d id would someday imagine wish should maybe pls please plz believe how"
)
_DONE = re.compile(
    r"^(?:(?:i|we|just|already|finally|also)\s+)*(?!(?:need|seed|feed|speed|red|bed|wed|shed|"
    r"embed|proceed|exceed)\b)(?:[a-z]+ed|sent|did|made|built|wrote|put|got|took|bought|paid|"
    r"done|shipped|found|ran|hid|gave|went|left|told|set it up)\b"
)
_INFO_QUESTION = re.compile(
    r"^(?:q:\s*)?(?:what|when|where|why|who|whom|whose|which|how|is|are|was|were|does|do|did|"
    r"has|have|had|anyone know|does anyone|dumb q)\b"
)
_INFO_QUESTION_STARTS = frozenset("qwhiad")  # the first letters of the wordings above
_COMMITTED = (
    r"(?:i'?ll|i will|(?<!i'm )(?<!im )ill|i'?m gonna|im gonna|i'?m going to|"
    r"(?P<able>i can)(?!'?t| ?not)|i need to|i'?m on it|i'?ll be)\s+"
    r"(?:just\s+|also\s+|probably\s+|prob\s+|def\s+|definitely\s+|quickly\s+|then\s+)*"
    r"(?P<verb>[a-z'-]+)(?P<rest>.*)"
)
# The wording after a space, a comma or a bracket, searched from that character: a class
# sre's fast scan finds, where a lookahead is tried at every character. At the start of
# the text it is matched on its own (``_commitment``).
_COMMIT = re.compile(rf"[\s,(]{_COMMITTED}")
_COMMIT_AT_START = re.compile(_COMMITTED)
# "I'm redoing the rota tonight": work the author has planned for a stated time.
_PLANNED = re.compile(
    r"^(?:i'?m|im|i am)\s+(?P<verb>[a-z]+)ing\b.*\b(?:today|tonight|tomorrow|tmrw|later|"
    r"this (?:morning|afternoon|evening|week|weekend)|next week|(?:mon|tues|wednes|thurs|fri|satur|"
    r"sun)day)\b"
)
_PLANNED_START = re.compile(r"(?:^|[.!?,:;]\s*)(?:i'?m|im|i am)\s+[a-z]+ing\b", re.M)
# "will there be pastries", "will it rain": a subject after "will" asks, it commits nobody.
_SUBJECTLESS_WILL = re.compile(
    r"^(?:will|gonna|going to)\s+(?!(?:there|it|that|this|you|u|we|they|he|she|the|a|an|"
    r"anyone|someone|everyone|somebody)\b)(?P<verb>[a-z'-]+)(?P<rest>.*)"
)
_ON_IT = re.compile(r"^(?:i'?m\s+)?on it\b|^i got (?:it|this)\b|^will do\b|^mine\b(?!\s+[a-z])")
# "booking it then", "reverting it now": work the author is starting as they write.
# After a claim ("ugh that's mine, fixing") the bare gerund is enough; alone ("ok,
# updating") it only acknowledges work handed out before.
_GERUND_THEN = re.compile(
    r"(?:^|,\s+)(?:i'?m\s+|im\s+)?(?P<verb>[a-z]+)ing\b(?:.*\bthen|(?:\s+(?:it|that|this))?\s+now)"
    r"[.!]*$|,\s+(?:i'?m\s+|im\s+)?(?P<claimed>[a-z]+)ing(?:\s+(?:it|that|this))?[.!]*$"
)
# Clause endings that may close such work ("..., fixing", "fixing it"): searched only then.
_GERUND_ENDINGS = ("then", "now", "ing", "ing it", "ing.", "ing!", "ing it.")
_MODAL = word_start("can|could|cn|would|will")
_REQUEST_YOU = re.compile(
    rf"{_MODAL}\s+(?:you|u|ya|y'?all)\s+(?:pls\s+|please\s+|maybe\s+|"
    r"also\s+)*(?!believe|imagine|tell me (?:what|why|how|when|where|if)|know\b|see\b)"
    r"(?P<verb>[a-z'-]+)(?P<rest>.*)",
)
# The same request with "you" before the modal: "any chance you could ...", "it'd be great
# if you could ...", "do you think you could ...".
_YOU_COULD = first_chars(
    "ctiw",
    r"\b(?:chance|think|if|wondering|way)\s+(?:you|u)\s+(?:could|can|would)\s+"
    r"(?:pls\s+|please\s+|maybe\s+|also\s+)*(?P<verb>[a-z'-]+)(?P<rest>.*)",
)
# Work handed to the member a clause addresses: "@sam you wanna run it?", "@sam you're
# presenting", "@sam the slides are yours", "@sam you still owe me the budget".
_YOURS = first_chars(
    "yiau'",
    r"^(?:you|u)\s+(?:wanna|want to)\s+(?P<verb>[a-z'-]+)"
    r"|^(?:you'?re|you are|ur)\s+(?:(?P<on>on|in charge of)\b|(?P<gerund>[a-z]+)ing\b)"
    r"|\b(?:is|are|'s)\s+(?:all\s+)?yours\b"
    r"|^(?:you|u)\s+(?:still\s+)?owe\s+(?:me|us)\b",
)
# How an imperative to a member may open before its verb.
_MANNER = word_set("just urgently quickly also then now still definitely def actually")
# "@sam still need the screenshots from you by EOD", "@sam need ur approval on the total".
_NEED_FROM_YOU = re.compile(
    r"^(?:i\s+|we\s+)?(?:still\s+)?needs?\b[^.?!]*?(?:\bfrom\s+(?:you|u)\b"
    r"|\b(?:ur|your)\s+(?:approval|sign-?off|input|review|ok|eyes)\b)"
)
# "you're presenting on friday, right?" checks a plan already made.
_TAG_QUESTIONS = ("right?", "right", "yeah?", "correct?", "still?")
# In a reply, "check the pins" or "try the wiki" points to an answer rather than asking
# for work.
_POINTING_VERBS = word_set("check look see read try")
_MODALS = word_set("can could would will cn")
_YOU = word_set("you u ya y yall")
_REQUEST_GROUP = re.compile(
    word_start("can|could|would")
    + r"\s+(?:someone|somebody|anyone|everyone|everybody|one of you)\s+(?P<verb>[a-z'-]+)"
)
_OPEN = first_chars(
    "sawone",
    r"\b(?:someone|somebody|anyone|whoever|one of us)\s+(?:still\s+)?(?:needs? to|should|has to|"
    r"must|gotta|pls|please|plz)\b|\bneed (?:someone|somebody|a volunteer) to\b"
    r"|\bwhen (?:someone|somebody|anyone) (?:gets?|has) (?:a )?(?:chance|sec|minute|time)\b"
    r"|\bany volunteers\b|\bwho wants to\b|\bwho'?s good (?:w|with)\b"
    r"|\b(?:everyone|everybody)\b[^,.?!]{0,30}?\b(?:needs? to|has to|have to|must)\b",
)
# "did someone run the heater" asks; "someone run the tests" calls for work.
_SOMEONE_IMPERATIVE = first_chars(
    "s", r"(?<!did )(?<!has )(?<!does )(?<!if )\b(?:someone|somebody)\s+(?P<verb>[a-z'-]+)"
)
# Verbs whose past tense is the same word: "someone set it to 5" reports, unless a please
# makes it a call ("someone set it to 50 pls").
_SAME_IN_PAST = word_set("set put cut let read shut hit spread")
_GROUP_IMPERATIVE = first_chars(
    "eyai",
    r"\b(?:everyone|everybody|y'?all|all of you)\s+(?:pls\s+|please\s+|plz\s+)?"
    r"(?P<verb>[a-z'-]+)|\bi need (?:everyone|everybody|all of you|y'?all)\b",
)
# Each alternative opens with its letter, the word boundary and the text's start checked
# looking back at it: a search then scans for "n" and "@" in sre's fast scan instead of
# testing a lookahead at every character.
_NEED_MEMBER = re.compile(
    r"n(?<=\bn)eed\s+@(\w+)\s+to\s+(?P<verb>[a-z'-]+)|@(?<=^@)(\w+)\s+to\s+([a-z'-]+)"
)
_ADDRESSED_REQUEST = re.compile(r"@(\w+)[\s,]+(?:can|could|would|will|pls|please|plz)\b")
_WE_NEED = first_chars(
    "w",
    r"\bwe\s+(?:still\s+)?(?:need|have|gotta|must)\s+(?:to\s+|a\s+|an\s+|the\s+|some\s+|more\s+|"
    r"somewhere\s+|someone\s+|people\s+|volunteers\s+|one more\b|help\b|hands\b)",
)
_ASKS_WHAT_WE_NEED = re.compile(
    r"^(?:(?:what|which|when|where|why|how much|how many|how)\s+(?:else\s+)?)?"
    r"(?:do|does|did|should|shall|would|will|can|must) we\b"
)
_MUST_BE = first_chars(
    "hnmia",
    r"\b(?:has|have|needs?)\s+to\s+be\s+(?:(?P<repair>fixed|repaired|sorted|replaced|changed)|done|"
    r"live|ready|up|out|shipped|merged|sent|submitted|deployed|finished|in|uploaded|published)\b|\bmust\s+be\s+(?:done|live|ready)\b"
    r"|\b(?:is|are)\s+due\b",
)
# "the PR needs a review", "the hose needs replacing before winter": work a thing waits on.
_NEEDS_WORK = first_chars(
    "n",
    r"\bneeds?\s+(?:a\s+|an\s+|another\s+|some\s+)?(?:(?P<gerund>[a-z]+)ing\b"
    r"|(?P<noun>review|trim|test|fix|proofread|tidy|clean|rebase|update)\b)",
)
# "the printer needs the files by friday", "I want the build uploaded by 8pm": work
# someone is waiting on by a date, not yet anyone's ("need them by friday" only dates
# the work just asked for).
_NEEDED_BY = first_chars(
    "niw",
    r"\bneeds?\s+(?!to\b|@|it\b|them\b|this\b|that\b|those\b|these\b)[^,.!?]{1,40}?\s(?:by|before)\s"
    r"|\b(?:i|we)\s+want\s+(?:the|this|that|it|them|all|everything)\b[^,.!?]{0,40}?"
    r"\s(?:[a-z]+ed|done|sent|built|written)\s+(?:by|before)\s",
)
_LETS = first_chars("l", r"\blet'?s\s+(?P<verb>[a-z'-]+)")
_PLEASE = re.compile(word_start("pls|please|plz") + r"\b")
_PRONOUN_TASK = re.compile(
    r"^(?:own|take|do|handle|grab|pick up|look at|look into|cover)\s+"
    r"(?:that|it|this|them|those|these)\b"
)
_STANDUP_TODAY = re.compile(r"^(?:t|td|today|tdy)\s*[:\-]\s*(?P<rest>.+)$")
_STANDUP_BLOCKER = re.compile(r"^(?:b|blockers?|blocked)\s*[:\-]\s*(?P<rest>.+)$")
# A day's line that says the author is away or has nothing planned states no work.
_STANDUP_ABSENT = re.compile(
    r"^(?:ooo|oof|off|out|away|pto|sick|on leave|on vacation|vacation|holiday|nothing|none|"
    r"n/?a|same|idk|not sure|tbd|whatever|-+)\b"
)
# A blocker waiting on a member is that member's work ("waiting on @u4 to share the fonts").
_WAITING_ON = re.compile(
    r"\b(?:waiting (?:on|for)|blocked (?:on|by)|need(?:s|ing)?(?: input from)?)\s+@(\w+)\b"
    r"(?:\s+to\s+(?P<verb>[a-z'-]+))?"
)
# A blocker anyone may clear ("need a sign-off on the copy from someone") is an open item.
_NEEDED_FROM_ANYONE = re.compile(
    r"\bneed(?:s|ing)?\b.*\bfrom\s+(?:someone|somebody|anyone|one of you)\b"
)
# Every rule below needs one of these words (or a task verb first), so a clause without
# any is skipped after one search: most chat is not about work to do.
_TRIGGER_WORD = (
    r"(?:i'?ll|ill|i can|i will|i need|will|can|could|would|cn|"
    r"pls|please|plz|someone|somebody|anyone|whoever|everyone|everybody|y'?all|all of you|"
    r"needs?|let'?s|lets|must|want|"
    r"ha(?:s|ve) to|gotta|gonna|going to|on it|i got|who'?s good|who wants|any volunteers|mine|"
    r"todo|to-do|ais?|action (?:items?|points?)|when|due)\b"
)
# Besides "@" and a clause ending in "then" or "now", a trigger word opens a word: the
# search opens with the character before it, which sre's fast scan finds without trying
# the pattern inside words (in ASCII text, listed as ranges, in a bitmap rather than
# Unicode's tables); a word at the clause's start is matched on its own.
_TRIGGER_AT_START = re.compile(_TRIGGER_WORD)
_TRIGGER_AFTER = re.compile(rf"\W{_TRIGGER_WORD}")
_ASCII_TRIGGER_AFTER = re.compile(rf"[\x00-/:-@\[-^`{{-\x7f]{_TRIGGER_WORD}")
# "$" matches before a final line break too.
_THEN_NOW_ENDINGS = ("then", "now", "then\n", "now\n")
# The same words as set members and substrings, for a whole message read once into words:
# a superset of what the pattern finds, so a message without any holds no cue.
_TRIGGER_WORDS = word_set(
    "ill can will could would cn pls please plz someone somebody anyone whoever everyone "
    "everybody yall need needs lets must gotta gonna mine todo ai ais when due want"
)
_TRIGGER_PHRASES = (
    "@", "i'll", "let's", "y'all", "to-do", "all of you", "has to", "have to", "going to",
    "on it", "i got", "who's good", "whos good", "who wants", "any volunteers", "action item",
    "action point",
)  # fmt: skip
# A word each phrase above holds ("i'll" is "i" and "ll"): without any, none occurs.
_PHRASE_WORDS = word_set("ll let y do all has have going on got who whos volunteers action")
# A clause's first word: at the text's start, after a line break, or after punctuation and
# any spaces. Searched from the line break or the punctuation (the lookbehind keeps spaces
# after a line break out), not from "^" in multiline mode, a search opens with a character
# class, which sre's fast scan finds without trying the pattern at each character; the
# text's start is matched on its own.
_CLAUSE_START = re.compile(r"[\n.!?,;:](?:(?<!\n)\s*)?([a-z][a-z-]*)")
_FIRST_WORD = re.compile(r"[a-z][a-z-]*")
_STANDUP_LABEL = r"\s*(?:t|td|today|tdy|b|blockers?|blocked)\s*[:\-]"
_STANDUP_START = re.compile(rf"[\n.!?]{_STANDUP_LABEL}")
_STANDUP_AT_START = re.compile(_STANDUP_LABEL)
_GROUP = re.compile(word_start("everyone|everybody|y'?all|all of you|whoever") + r"\b")
_TIME_OR_URGENCY = re.compile(
    word_start("now|asap|today|tonight|tomorrow|tmrw|eod|by|before|until|urgent|right away") + r"\b"
)


@dataclass(frozen=True, slots=True)
class Cue:
    """How a clause states work: ``kind`` is one of the rule names below."""

    kind: str
    addressee: str | None = None  # member id the clause itself names as doer
    everyone: bool = False  # explicitly nobody's or everybody's ("someone", "everyone")
    pronoun_task: bool = False  # "can you own that?": the task is the previous clause's
    verb: str = ""
    confidence: float = 0.5


@dataclass(slots=True)
class ClauseContext:
    """What the rest of the message and its thread tell about one clause."""

    message_addressee: str | None = None  # "Ada, ..." opening the message
    replies_to_question: bool = False
    replies_to_other: bool = False  # a reply to another member's message
    bullets: frozenset[int] = frozenset()  # which clauses are lines of a bulleted list
    listed: bool = False  # the message shares work out line by line or member by member
    standup: bool = False
    # Whether the whole message holds trigger words (None: unknown), and is one clause.
    triggered: bool | None = None
    one_clause: bool = False
    words: frozenset[str] | None = None  # the message's ``words_of``, when read
    dated: bool = True  # False when the message holds no date
    carried: frozenset[int] = frozenset()  # clauses carrying on the work before them


def has_trigger(message: str, words: frozenset[str]) -> bool:
    """Whether a lowercased message (``words`` its ``words_of``) may hold a cue's words;
    a clause ending in "then" or "now" ("booking it then") counts too."""
    if not _TRIGGER_WORDS.isdisjoint(words) or "then" in words or "now" in words:
        return True
    if "@" not in message and _PHRASE_WORDS.isdisjoint(words):
        return False
    # A plain loop: any() over a generator costs half as much again.
    for phrase in _TRIGGER_PHRASES:  # noqa: SIM110
        if phrase in message:
            return True
    return False


def _has_trigger(clause: str) -> bool:
    """Whether a lowercased clause holds "@", a trigger word or a "then" or "now" ending."""
    if "@" in clause or clause.endswith(_THEN_NOW_ENDINGS) or _TRIGGER_AT_START.match(clause):
        return True
    after = _ASCII_TRIGGER_AFTER if clause.isascii() else _TRIGGER_AFTER
    return after.search(clause) is not None


def might_state_work(message: str, words: frozenset[str], triggered: bool) -> bool:
    """A cheap test on a whole lowercased message: False means no clause of it has a cue."""
    if triggered or message.endswith(_GERUND_ENDINGS):
        return True
    # A clause opening with a task verb: a set test first, the clause starts only then.
    if not TASK_VERBS.isdisjoint(words) and _opens_clause_with_verb(message):
        return True
    if ("m" in words or "im" in words or "am" in words) and _PLANNED_START.search(message):
        return True
    return (":" in message or "-" in message) and _has_standup_label(message)


def _opens_clause_with_verb(message: str) -> bool:
    first = _FIRST_WORD.match(message)
    if first is not None and first[0] in TASK_VERBS:
        return True
    return not TASK_VERBS.isdisjoint(_CLAUSE_START.findall(message, first.end() if first else 0))


def _has_standup_label(message: str) -> bool:
    """Whether a line or sentence of ``message`` opens with a stand-up label ("t:", "b -")."""
    return bool(_STANDUP_AT_START.match(message) or _STANDUP_START.search(message))


def _plans(clause: str) -> bool:
    """Whether a lowercased clause states the author's plan ("I'm redoing it tonight")."""
    return clause[:1] == "i" and _PLANNED.match(clause) is not None


def strip_lead(clause: str) -> str:
    clause = clause.strip(" -•*>\t")
    lead = LEAD.match(clause) if clause[:2] in _LEAD_STARTS else None
    return clause[lead.end() :].strip() if lead else clause.strip()


def read_clause(clause: str, context: ClauseContext) -> Cue | None:
    """The cue of one lowercased clause, or None when it states no work to do."""
    s = strip_lead(clause)
    if not s:
        return None
    if (
        ":" in s
        and not context.standup
        and (label := LABEL.match(s) or _LABEL_BEFORE_MEMBER.match(s))
        and not _MARKER.match(s)
    ):
        s = s[label.end() :]
    if not context.standup and s.split(maxsplit=1)[0] not in TASK_VERBS:
        # Without the message's trigger words only "... then" is left to look for.
        triggered = context.triggered
        if triggered is None or (triggered and not context.one_clause):
            triggered = _has_trigger(s)
        elif not triggered:
            triggered = s.endswith(_GERUND_ENDINGS)
        if not triggered and not _plans(s):
            return None
    if context.standup:
        if m := _STANDUP_TODAY.match(s):
            if _STANDUP_ABSENT.match(m["rest"]):
                return None
            return Cue("standup", verb=_first_word(m["rest"]), confidence=0.7)
        if m := _STANDUP_BLOCKER.match(s):
            need = _NEED_MEMBER.search(m["rest"])
            if need and need.group(1):
                return Cue("blocker", addressee=need.group(1), verb=need["verb"], confidence=0.75)
            if "@" in m["rest"] and (wait := _WAITING_ON.search(m["rest"])):
                verb = wait["verb"] or ""
                return Cue("blocker", addressee=wait.group(1), verb=verb, confidence=0.75)
            if "from" in m["rest"] and _NEEDED_FROM_ANYONE.search(m["rest"]):
                return Cue("blocker", everyone=True, confidence=0.65)
            return None
    if ":" in s and (m := _MARKER.match(s)):
        # "note to self: ..." is the writer's own work, as "TODO(me): ..." is.
        return _marker("me" if m["self"] else m.group(2), m.group(3))
    hinted = context.words is None or not _NEGATIVE_HINTS.isdisjoint(context.words)
    if hinted and (negative := _NEGATIVE.search(s)) and not _asks_whether(s, negative):
        return None
    vocative = _VOCATIVE.match(s) if s[0] == "@" else None
    body = s[vocative.end() :] if vocative else s
    addressee = vocative.group(1) if vocative else None
    # "can you" needs a modal and a "you" among the message's words.
    words = context.words
    asks_you = words is None or (not _MODALS.isdisjoint(words) and not _YOU.isdisjoint(words))
    if (
        _DONE.match(body)
        and not (asks_you and _REQUEST_YOU.search(body))
        # "signed forms are due by friday": a participle describing what is due.
        and not ("due" in body and _MUST_BE.search(body))
        # "@sam put the chairs out": said to a member, a verb the same in the past orders.
        and not (addressee and body.split(maxsplit=1)[0] in _SAME_IN_PAST)
    ):
        return None
    request = _request(s, body, addressee, context, asks_you)
    return request or _commitment(body) or _group_call(s, body)


def _asks_whether(s: str, negative: re.Match) -> bool:
    """ "ask the venue if they have an amp": an "if" after a verb of asking or finding out
    opens an embedded question, not a hypothetical."""
    return negative.group().startswith("if") and _ASKING.search(s, 0, negative.start()) is not None


def _marker(qualifier: str, rest: str) -> Cue:
    if not rest.strip():
        return Cue("header", confidence=0.9)
    vocative = _VOCATIVE.match(rest)
    need = _NEED_MEMBER.search(rest)
    addressee = (vocative and vocative.group(1)) or (need and (need.group(1) or need.group(3)))
    nobody = bool(_OPEN.search(rest) or re.search(r"whoever|someone|anyone", qualifier + rest))
    verb = _work_verb(rest[vocative.end() :] if vocative else rest)
    # "TODO(me): ..." is the writer's own; "TODO(@sam): ..." is Sam's.
    if qualifier and (owner := _MARKER_OWNER.search(qualifier)):
        if owner["member"]:
            return Cue("marker", addressee=owner["member"], verb=verb, confidence=0.9)
        return Cue("commitment", verb=verb, confidence=0.9)
    return Cue(
        "marker",
        addressee=addressee,
        everyone=nobody and not addressee,
        verb=verb,
        confidence=0.9,
    )


def _request(
    s: str, body: str, addressee: str | None, context: ClauseContext, asks_you: bool
) -> Cue | None:
    if "@" in s and (m := _NEED_MEMBER.search(s)):
        who = m.group(1) or m.group(3)
        return Cue("request", addressee=who, verb=m["verb"] or m.group(4), confidence=0.8)
    if asks_you and (m := _REQUEST_YOU.search(body)):
        named = _ADDRESSED_REQUEST.search(s)
        who = addressee or (named and named.group(1))
        pronoun = bool(_PRONOUN_TASK.match(m["verb"] + m["rest"]))
        return Cue("request", addressee=who, pronoun_task=pronoun, verb=m["verb"], confidence=0.8)
    if asks_you and (m := _YOU_COULD.search(body)):
        return Cue("request", addressee=addressee, verb=m["verb"], confidence=0.75)
    if addressee and "need" in body and _NEED_FROM_YOU.search(body):
        return Cue("request", addressee=addressee, confidence=0.65)
    confirming = body.endswith(_TAG_QUESTIONS)
    if (addressee or context.message_addressee) and not confirming and (m := _YOURS.search(body)):
        verb = m["verb"] or (_gerund_stem(m["gerund"]) if m["gerund"] else "")
        who = addressee or context.message_addressee
        return Cue("request", addressee=who, verb=verb, confidence=0.7)
    if _names_group(s) and (m := _REQUEST_GROUP.search(s)):
        return Cue("request", everyone=True, verb=m["verb"], confidence=0.75)
    if ask := indirect_ask(s, body, TASK_VERBS):
        if ask.open and not addressee:
            return Cue("open", everyone=True, verb=ask.verb, confidence=0.7)
        return Cue("request", addressee=addressee, verb=ask.verb, confidence=0.7)
    if s.endswith("?") and not addressee:
        return None
    if body[:1] in _INFO_QUESTION_STARTS and _INFO_QUESTION.match(body):
        return None
    words = (_PLEASE.sub("", body) if "pl" in body else body).split()
    if addressee and words and words[0] in _MANNER:
        words = words[1:]  # "@sam just order two", "@sam urgently check the logs"
    if len(words) > 1 and words[0].strip(",") in TASK_VERBS:
        told = (
            addressee
            or context.message_addressee
            or _PLEASE.search(s)
            or _TIME_OR_URGENCY.search(s)
            or context.replies_to_question
            or (context.replies_to_other and len(words) > 2 and words[0] not in _POINTING_VERBS)
        )
        if told:
            pronoun = bool(_PRONOUN_TASK.match(" ".join(words[:2])))
            return Cue(
                "request", addressee=addressee, pronoun_task=pronoun, verb=words[0], confidence=0.65
            )
    if "pl" in s and _PLEASE.search(s):
        return _pleaded(s, addressee, context)
    return None


def _pleaded(s: str, addressee: str | None, context: ClauseContext) -> Cue | None:
    """A please to a member or to the group asks for work whatever its verb ("@sam the
    timeline in the doc by thursday pls", "everyone leave your comments by wed pls")."""
    group = _GROUP.search(s) is not None
    if addressee or context.message_addressee or group:
        return Cue("request", addressee=addressee, everyone=group and not addressee, confidence=0.6)
    return None


def _commitment(body: str) -> Cue | None:
    hinted = "ll" in body or "gonna" in body or "going to" in body or "i can" in body
    m = hinted or "i need" in body or "on it" in body
    m = m and (_COMMIT_AT_START.match(body) or _COMMIT.search(body))
    m = m or (body[:1] in "wg" and _SUBJECTLESS_WILL.match(body))
    if m and m.groupdict().get("able") and m["verb"] not in TASK_VERBS:
        m = None  # "I can save most of it" reports ability; "I can book it" offers work
    if m and m["verb"] in _IDLE_VERBS and (then := _AND_WORK.match(m["rest"])):
        # "gonna sleep and fix it tomorrow": the work comes second.
        m = then if then["verb"] in TASK_VERBS else m
    if m and m["verb"] not in _IDLE_VERBS or (m and m["verb"] == "be" and "there" in m["rest"]):
        if m["verb"] == "do" and not m["rest"].strip(" .!"):
            return Cue("commitment", pronoun_task=True, verb="do", confidence=0.6)
        pronoun = bool(_PRONOUN_TASK.match(m["verb"] + m["rest"]))
        return Cue("commitment", pronoun_task=pronoun, verb=m["verb"], confidence=0.8)
    if body[:1] in "iowm" and _ON_IT.match(body):
        return Cue("commitment", pronoun_task=True, verb="", confidence=0.6)
    planned = _PLANNED.match(body) if body[:1] == "i" else None
    if planned and (verb := _gerund_stem(planned["verb"])) in TASK_VERBS:
        return Cue("commitment", verb=verb, confidence=0.6)
    # "fixing", "my bad, fixing it now", "booking it then": the work, begun as they write.
    gerund = body.endswith(_GERUND_ENDINGS) and _GERUND_THEN.search(body)
    if gerund and (verb := _gerund_stem(gerund["verb"] or gerund["claimed"])) in TASK_VERBS:
        return Cue("commitment", verb=verb, confidence=0.55)
    return None


def _group_call(s: str, body: str) -> Cue | None:
    # Each pattern is tried only when a word it needs occurs: substring tests cost far
    # less than a search, and most clauses hold none of these words.
    group = _names_group(s)
    if (group or "need" in s or "when" in s) and (m := _OPEN.search(s)):
        return Cue("open", everyone=True, verb=_work_verb(s[m.end() :]), confidence=0.7)
    if (
        "some" in s
        and (m := _SOMEONE_IMPERATIVE.search(s))
        and m["verb"] in TASK_VERBS
        and (m["verb"] not in _SAME_IN_PAST or _PLEASE.search(s))
    ):
        return Cue("open", everyone=True, verb=m["verb"], confidence=0.7)
    if (
        ("all" in s or "every" in s or "need" in s)
        and (m := _GROUP_IMPERATIVE.search(s))
        and (not m["verb"] or m["verb"] in TASK_VERBS)
    ):
        return Cue("request", everyone=True, verb=m["verb"] or "", confidence=0.7)
    if "let" in body and (m := _LETS.search(body)) and m["verb"] in TASK_VERBS - {"get"}:
        return Cue("decision", verb=m["verb"], confidence=0.65)
    if "we" in s and (m := _WE_NEED.search(s)) and not _ASKS_WHAT_WE_NEED.match(body):
        # "we need to tell members": the word after "to" is the work.
        verb = _first_word(s[m.end() :]) if m.group().endswith(("to ", "to\t")) else ""
        return Cue("obligation", everyone=True, verb=verb, confidence=0.55)
    if ("be" in s or "due" in s) and (m := _MUST_BE.search(s)):
        # "it has to be fixed before we ship" obliges the group even without a date.
        kind = "obligation" if m["repair"] else "deadline"
        return Cue(kind, everyone=True, confidence=0.5)
    if "need" in s and not s.endswith("?") and (m := _NEEDS_WORK.search(s)):
        verb = _gerund_stem(m["gerund"]) if m["gerund"] else m["noun"]
        if verb in TASK_VERBS:
            return Cue("obligation", everyone=True, verb=verb, confidence=0.5)
    if ("need" in s or "want" in s) and not s.endswith("?") and _NEEDED_BY.search(s):
        return Cue("deadline", everyone=True, confidence=0.5)
    return None


def _names_group(s: str) -> bool:
    """Whether the clause may name nobody in particular ("someone", "anyone", "who")."""
    return "some" in s or "any" in s or "every" in s or "one of" in s or "who" in s


def _first_word(text: str) -> str:
    return text.split(maxsplit=1)[0] if text.strip() else ""


# Who is asked, how politely or how firmly, before the verb of a marker or an open call
# ("TODO: someone pls check ...", "someone needs to call ...", "note: actually bring ...").
_BEFORE_VERB = word_set(
    "someone somebody anyone everyone everybody whoever pls please plz to just also still "
    "actually really definitely def"
)


def _work_verb(text: str) -> str:
    """The first word of ``text`` that is not who is asked or a please."""
    for word in text.split(maxsplit=4):
        if word not in _BEFORE_VERB:
            return word
    return ""


def _gerund_stem(stem: str) -> str:
    """ "book" from "book(ing)", "writ" -> "write", "sett" -> "set"."""
    if stem in TASK_VERBS:
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2]:
        return stem[:-1]
    return stem + "e"
