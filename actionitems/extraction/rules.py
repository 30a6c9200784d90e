"""The rules-based extractor: reads a conversation in order, like a note-taker would.

Each message is cut into clauses and each clause read for a cue (see ``cues``). A reply
that volunteers for, accepts or declines an earlier item changes that item instead of
adding one, and a clause that repeats an earlier item ("reminder: ...", "AI recap") only
points back at it, so later volunteers still find the original.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from actionitems.extraction.category import category_of
from actionitems.extraction.category_model import CategoryReader, features, shipped_model
from actionitems.extraction.cues import (
    ATTEND_VERBS,
    TASK_VERBS,
    ClauseContext,
    Cue,
    has_trigger,
    might_state_work,
    read_clause,
    strip_lead,
)
from actionitems.extraction.dates import DEADLINE, find_date, may_hold_date
from actionitems.extraction.joins import joined_parts
from actionitems.extraction.lists import is_listed, message_parts, shared_out, with_list_items
from actionitems.extraction.priority import priority_of
from actionitems.extraction.summary import summary_of
from actionitems.extraction.text import (
    clauses,
    content_words,
    name_pattern,
    normalise,
    task_text,
    word_set,
    word_start,
    words_of,
)
from actionitems.extraction.topic import Topic
from actionitems.extraction.types import Candidate, Message

_PLEASE = re.compile(r"\b(?:pls|please|plz)\b")
_SARCASM = re.compile(r"🙃|(?<!\w)/s\b|\bjk\b|\bhow hard can it be\b|\byeah right\b")
_BY_THEN = re.compile(r"\b(?:by|before|until|till) then\b")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_DECLINE = re.compile(
    word_start(
        "can'?t|cannot|won'?t be able|not able to|no time|swamped|not me|i'?m out|"
        "don'?t have time|don'?t have bandwidth|no bandwidth|pass on this"
    )
    + r"\b"
)
# A word each wording above needs ("can't" is "can" and "t"): a reply without any declines
# nothing.
_DECLINE_HINTS = word_set("can cant cannot able time swamped me out bandwidth pass")
_VOLUNTEER_WORDS = (
    r"(?:i'?ll|ill|i will|i can(?!'?t| ?not)|i'?m on it|on it|will do|"
    r"i got (?:it|this)|can do|mine|i'?m happy to|happy to|leave it (?:to|with) me|i'?ll take)\b"
)
# "..., will check after lunch": the subject left out.
_WILL_DO = r"will\s+(?!not\b|be\b|never\b)[a-z]"
# The wordings above at the start of a message, or after a space or a punctuation mark
# (the "will" only after a punctuation mark); or "send it my way". Searched from that
# character, a class, sre's fast scan passes the others instead of trying the pattern at
# each; the start is matched on its own (``_volunteers``).
_VOLUNTEER_AT_START = re.compile(rf"{_VOLUNTEER_WORDS}|{_WILL_DO}")
_VOLUNTEER = re.compile(
    rf"[\s,.!s](?:(?<=[\s,.!]){_VOLUNTEER_WORDS}|(?<=[,.!])\s*{_WILL_DO}"
    r"|(?<=\bs)end (?:it|them) (?:my way|over)\b)"
)
# A word each wording above needs ("i'll" is "i" and "ll", "on it" needs "it" too): most
# messages hold none, and a set test costs a fraction of the search.
_VOLUNTEER_HINTS = word_set("ll ill will can got mine happy leave send")
# A reply that adds to what its author already owns: "I'll do the map too".
_ADDITIVE = re.compile(word_start("too|also|as well|extra") + r"\b")
# Work everybody does: a volunteer does not take it over.
_FOR_EVERYONE = re.compile(word_start("everyone|everybody|all of you|y'?all") + r"\b")
_PURE_VOLUNTEER = re.compile(
    r"^(?:(?:ok|sure|yes|yep|ya|yeah)[\s,!.]+)?(?:i'?ll|i can|i will) (?:take|do|handle|grab|"
    r"cover) (?:it|that|this|over)\b|^(?:i'?m\s+)?on it\b|^i got (?:it|this)\b|^will do\b"
)
_PURE_VOLUNTEER_STARTS = frozenset("osyiw")
_NOW = ("now", "rn", "now!", "now.")
# "doing it now", "my bad, fixing now": the work begun as they answer volunteers too.
_DOING_NOW = re.compile(r"(?:^|[,.!]\s*)[a-z]+ing (?:it |that |this |them )?(?:now|rn)[.!]*$")
# A reply stating the work it commits to ("mine, I'll renew it before then") after an item
# that only tells what is due is the item instead; taking the work over ("I'll take it",
# "I'll do it") names no work of its own.
_IS_DUE = re.compile(r"\b(?:is|are|'s)\s+due\b")
_COMMITS = re.compile(r"\b(?:i'?ll|i will)\s+(?!(?:do|take|handle|grab|cover)\b)[a-z]+\s+\w")
_ACKNOWLEDGES = re.compile(
    r"(?:(?:ok|okay|sure|yes|yep|yeah|ya|thanks|ty)[\s,!.]+)*(?:i'?ll|i will|will|please|pls)\s+"
    r"(?:do|try|be there)\b(?:\s+(?:it|that|this|so|tonight|today|tomorrow|tmrw|later|now|rn))*"
    r"[^a-z0-9]*$"
)
_TAKEOVER = re.compile(
    word_start("instead|take it over|take that over|take this over|take over") + r"\b"
)
_RESTATE = re.compile(
    word_start(
        "reminder|still needs?|already on it|recap|forgot|as discussed|as agreed|as mentioned"
        "|don'?t forget"
    )
    + r"\b"
)
# A reply handing the work it answers to a member: "@sam that one's yours".
_HANDED_OVER = re.compile(
    r"^@(\w+)[\s,:]+(?:(?:that|this|it)(?: one)?(?:'s| is)|(?:those|these)(?: ones)? are)"
    r"\s+(?:all\s+)?yours\b"
)
_LONE_MENTION = re.compile(r"^@(\w+)[\s,.!:]*$")
# A standup's labels, one per line or one per sentence ("done: x. today: y. blocked: z").
_STANDUP_LABEL = re.compile(
    r"(?:y|t|b|yd|ytd|yday|td|tdy|yesterday|today|done|blocked|blockers?)\s*:"
)
_TODAY_LABEL = re.compile(r"(?:t|td|tdy|today)\s*:")
# Kinds of item that are the group's own work when their wording names nothing else: a
# standup line or its blocker states work for the day, an assignment list shares it out.
_GROUP_WORK = ("standup", "blocker", "listed")
_OWNERLESS = ("decision", "obligation", "deadline", "open")
# Kinds of item that give way to another item of the same message (a decision only to
# an item with a doer).
_FOLDED = ("obligation", "deadline", "decision")
# How many earlier messages a volunteer who does not use Discord's reply may be answering.
_VOLUNTEER_REACH = 3
# How many earlier messages an open item stays open for a volunteer who names it.
_NAMED_REACH = 6
# How far into a message a volunteer's "I'll" may start: after a short lead ("and", "yeah").
_OPENING = 12


@dataclass(slots=True)
class _Draft:
    message_id: str
    display: str
    clause: str
    context: str
    cue: Cue
    assignee: str | None
    due: date | None
    priority: str
    words: frozenset[str]
    said: frozenset[str]  # the clause's ``words_of``
    message_words: frozenset[str]  # its message's ``words_of``
    antecedents: tuple[str, ...] = ()
    declined: bool = False

    def candidate(
        self,
        channel_name: str,
        topic: Topic,
        categories: CategoryReader | None,
        names: dict[str, str],
    ) -> Candidate:
        # The clause is the lowercased display (unless lowercasing moved its characters).
        said = self.said if self.clause == self.display.lower() else None
        text = task_text(self.display, names, said) or "Follow up"
        confidence = (
            self.cue.confidence + 0.05 * (self.assignee is not None) + 0.05 * bool(self.due)
        )
        category = category_of(
            self.clause,
            self.context,
            self.cue.verb,
            # A standup line states the author's own work for the day, and an
            # assignment list shares out the group's work.
            default="project" if self.cue.kind in _GROUP_WORK else "general",
            antecedents=self.antecedents,
            topic=topic,
            task_words=self.said,
        )
        if categories is not None:
            category = categories.category(features(text, self.message_words, category), category)
        return Candidate(
            message_id=self.message_id,
            text=text,
            summary=summary_of(text, channel_name),
            priority=self.priority,
            category=category,
            assignee=self.assignee,
            due=self.due,
            confidence=round(min(confidence, 0.95), 2),
        )


@dataclass
class _Conversation:
    """What has been read so far of one conversation."""

    members: dict[str, str]
    drafts: list[_Draft] = field(default_factory=list)
    links: dict[str, list[_Draft]] = field(default_factory=dict)
    seen: dict[str, Message] = field(default_factory=dict)
    lowered: dict[str, str] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.ids = {member_id.lower(): member_id for member_id in self.members}
        by_name = {name.lower(): member_id.lower() for member_id, name in self.members.items()}
        for alias, member_id in _aliases(tuple(self.members.items())).items():
            by_name.setdefault(alias, member_id)
        self.ids_by_name = by_name
        self.names = name_pattern(tuple(sorted(by_name.items())))
        self.name_words, self.name_hints = _name_hints(tuple(by_name))

    def read(self, message: Message) -> None:
        text = normalise(message.content)
        low = text.lower()
        words = words_of(low)
        named = not self.name_words.isdisjoint(words) or _holds_any(low, self.name_hints)
        if named:
            text = self.names.sub(self._name_token, text)
            low = text.lower()
        self.seen[message.id] = message
        self.lowered[message.id] = low
        self.words[message.id] = words
        self.order.append(message.id)
        if _sarcastic(low, words):
            # Irony covers what comes before its marker within its sentence ("me 🙃
            # reverting it now"); earlier sentences are meant ("can you call them? they
            # said 'morning', which is not a time 🙃").
            *_, last = _SARCASM.finditer(low)
            rest = low[last.end() :]
            if len(text) != len(low):
                return
            if any(c.isalnum() for c in rest):
                text, low = text[last.end() :], rest
            else:
                ends = [m.end() for m in _SENTENCE_END.finditer(low, 0, last.start())]
                if not ends:
                    return
                text, low = text[: ends[-1]], low[: ends[-1]]
            words = words_of(low)
        # The words of ``low`` as it now reads, members' names made ids.
        said = words_of(low) if named else words
        if self._answers_earlier_item(message, low, said):
            # "will do. @sam can you send me the keys?" asks for more work after answering.
            parts = clauses(text)
            if len(parts) > 1:
                self._read_clauses(message, parts[1:], frozenset(), True, asks_only=True)
            return
        triggered = has_trigger(low, words)
        if not might_state_work(low, words, triggered):
            return
        self._read_clauses(message, *message_parts(text), triggered)

    def _name_token(self, match: re.Match) -> str:
        return "@" + self.ids_by_name[match.group(1).lower()]

    def _member(self, token: str | None) -> str | None:
        return self.ids.get(token) if token else None

    # -- replies to earlier items -------------------------------------------------------
    def _answers_earlier_item(self, message: Message, low: str, words: frozenset[str]) -> bool:
        targets = self.links.get(message.reply_to or "", [])
        if not targets and not message.reply_to:
            # Every pure volunteer opens with one of these letters (ok, sure, yes, i, on, will).
            pure = (low[:1] in _PURE_VOLUNTEER_STARTS and _PURE_VOLUNTEER.match(low)) or (
                low.endswith(_NOW) and _DOING_NOW.fullmatch(low)
            )
            targets = self._recent_drafts() if pure else self._named_open_drafts(low, words)
        if not targets:
            return False
        author = message.author_id
        if "yours" in low and (handed := _HANDED_OVER.match(low)):
            # "@sam that one's yours" gives the request it answers to Sam.
            for draft in targets:
                draft.assignee, draft.declined = self._member(handed[1]), False
            self.links[message.id] = targets
            return True
        if not _DECLINE_HINTS.isdisjoint(words) and _DECLINE.search(low):
            for draft in targets:
                if draft.assignee == author:
                    draft.declined = True
            self.links[message.id] = targets
            return True
        if any(d.assignee == author and not d.declined for d in targets):
            return _ADDITIVE.search(low) is None
        if not _volunteers(low, words) and not (low.endswith(_NOW) and _DOING_NOW.search(low)):
            return False
        takeover = _TAKEOVER.search(low)
        free = [
            d
            for d in targets
            if (d.assignee is None or d.declined or takeover) and not _FOR_EVERYONE.search(d.clause)
        ]
        if not free:
            # "will do", "please do", "i'll be there": an answer to work already someone's.
            if _ACKNOWLEDGES.match(low) is None:
                return False
            self.links[message.id] = targets
            return True
        if all(_only_due(d) for d in free) and _COMMITS.search(low):
            self.drafts = [d for d in self.drafts if d not in free]
            return False
        # Of several open items, the one the volunteer names ("I'll do the filters").
        said = content_words(low, words)
        draft = max(free, key=lambda d: len(d.words & said)) if len(free) > 1 else free[0]
        draft.assignee, draft.declined = author, False
        self.links[message.id] = targets
        return True

    def _named_open_drafts(self, low: str, words: frozenset[str]) -> list[_Draft]:
        """Open items of the last few messages that a volunteer names without replying:
        "I'll book the room" after a list holding "book the rehearsal room". A message that
        also hands out work ("@sam pls ...") or opens with something else states more."""
        recent = self.order[-_NAMED_REACH - 1 : -1]
        if not self.drafts or self.drafts[-1].message_id not in recent:
            return []  # most messages follow no open item: one test, no search
        if "@" in low:
            return []
        volunteer = _volunteers(low, words)
        if volunteer is None or volunteer.start() > _OPENING or _PLEASE.search(low):
            return []
        said = content_words(low, words) - TASK_VERBS
        found = []
        for draft in reversed(self.drafts):
            if draft.message_id not in recent:
                break
            if draft.assignee is None and not draft.declined and said & (draft.words - TASK_VERBS):
                found.append(draft)
        return found

    def _recent_drafts(self) -> list[_Draft]:
        for message_id in reversed(self.order[-_VOLUNTEER_REACH - 1 : -1]):
            if message_id in self.links:
                return self.links[message_id]
        return []

    # -- new items ----------------------------------------------------------------------
    def _read_clauses(
        self,
        message: Message,
        parts: list[str],
        bullets: frozenset[int],
        triggered: bool,
        asks_only: bool = False,
    ) -> None:
        lows = [p.lower() for p in parts]
        shared = "@" in self.lowered[message.id] and ":" in self.lowered[message.id]
        if shared and not bullets:
            parts, lows, shared = shared_out(parts, lows)
        parent = self.seen.get(message.reply_to or "")
        parent_low = self.lowered.get(parent.id, "") if parent else ""
        whole = self.lowered[message.id]
        multiline = "\n" in whole
        standup = ":" in whole and _is_standup(lows)
        listed = shared or (multiline and "@" in whole and is_listed(whole))
        context = ClauseContext(
            message_addressee=_opening_addressee(lows),
            replies_to_question="?" in parent_low,
            replies_to_other=parent is not None and parent.author_id != message.author_id,
            bullets=bullets,
            listed=listed,
            standup=standup,
            triggered=triggered,
            one_clause=len(parts) == 1,
            words=self.words[message.id],
            dated=may_hold_date(whole, self.words[message.id]),
        )
        cues = with_list_items([read_clause(low, context) for low in lows], lows, listed, bullets)
        if len(lows) > 1 and _may_carry_on(whole):
            context.carried = _carry_on(cues, lows)
        here: list[_Draft] = []
        for i, (part, low, cue) in enumerate(zip(parts, lows, cues, strict=True)):
            if cue is None or cue.kind == "header":
                continue
            if cue.pronoun_task and self._merge(cue, message, here, low if context.dated else ""):
                continue
            display, clause = part, low
            if cue.pronoun_task:
                display, clause = self._antecedent(parts, i, parent)
                if not display:
                    continue
            for shown, said, own_cue in joined_parts(display, clause, cue):
                draft = self._draft(message, shown, said, i, lows, cues, own_cue, parent, context)
                if draft is not None:
                    here.append(draft)
        if asks_only:
            others = (None, message.author_id)
            here = [d for d in here if d.cue.kind == "request" and d.assignee not in others]
        # The day's plan of a standup is the author's own work, apart from the rest.
        plan = [d for d in here if d.cue.kind == "standup"]
        if plan:
            here = [d for d in here if d.cue.kind != "standup"]
        if len(here) > 1:
            # Someone taking on the work of a decision in the same message ("let's move
            # the retro, I'll update the invite", "let's move it, @sam can you update the
            # invite?") states one item: the work and its doer.
            owned = any(d.cue.kind not in _FOLDED for d in here)
            dropped = _FOLDED if owned else _FOLDED[:2]
            kept = [d for d in here if d.cue.kind not in dropped] or here[:1]
            # "the report is due friday. I'll pull the numbers": the deadline folded away
            # dates the work that takes it on.
            due = next((d.due for d in here if d.cue.kind == "deadline" and d not in kept), None)
            if due is not None:
                self._date(message, [d for d in kept if d.due is None], due)
            here = kept
        here = plan + here if plan else here
        if parent is not None and here and _only_takes_on(here, parent, message, self.links):
            _anchor_on(parent, parent_low, here)
        if len(here) == 1 and len(parts) > 1:
            # A lone item is about the whole message ("fyi they asked for an RCA. can
            # someone send it?"), so a later restatement may echo any of its words.
            here[0].words = content_words(whole, self.words[message.id])
        self.drafts.extend(here)
        if here:
            self.links[message.id] = here

    def _date(self, message: Message, drafts: list[_Draft], due: date) -> None:
        """Give ``drafts`` of ``message`` a due date, and the priority that comes with it."""
        sent = message.timestamp.date()
        whole, words = self.lowered[message.id], self.words[message.id]
        for draft in drafts:
            draft.due = due
            if draft.cue.kind != "blocker":
                draft.priority = priority_of(whole, draft.clause, due, sent, words)

    def _merge(self, cue: Cue, message: Message, here: list[_Draft], low: str) -> bool:
        """A pronoun clause ("can you own that?", "pls do them friday") gives its doer, and
        its date if the item has none, to the item just before."""
        if not here:
            return False
        sent = message.timestamp.date()
        found = find_date(low, sent) if here[-1].due is None and low else None
        if found is not None and found.preposition != "for":
            self._date(message, here[-1:], found.day)
        if cue.kind == "commitment":
            here[-1].assignee = message.author_id
        elif not cue.everyone:
            who = self._member(cue.addressee) or self._single_mention(message)
            here[-1].assignee = who or here[-1].assignee
        return True

    def _antecedent(self, parts: list[str], i: int, parent: Message | None) -> tuple[str, str]:
        if i > 0:
            return parts[i - 1], parts[i - 1].lower()
        if parent is not None and parent.id not in self.links:
            text = clauses(normalise(parent.content))
            if text:
                return text[0], text[0].lower()
        return "", ""

    def _draft(self, message, display, clause, i, lows, cues, cue, parent, context):
        sent = message.timestamp.date()
        due = _due(i, lows, cues, cue, sent, context.carried) if context.dated else None
        if due is None and i in context.bullets and context.dated:
            due = _heading_due(lows, min(context.bullets), sent)
        if cue.kind == "deadline" and due is None:
            return None
        if cue.kind == "standup" and due is None:
            due = sent
        said = words_of(clause)  # the clause is lowercase already
        words = content_words(clause, said)
        if self._restates(message, clause, words):
            return None
        whole = self.lowered[message.id]
        listing = context.standup or context.listed or i in context.bullets
        # The other lines of a standup are other work, not this item's context.
        rest = "" if context.standup else " ".join(lows[:i] + lows[i + 1 :])
        parent_low = self.lowered.get(parent.id, "") if parent else ""
        priority = (
            "high"
            if cue.kind == "blocker"
            else priority_of(whole, clause, due, sent, self.words[message.id])
        )
        return _Draft(
            message_id=message.id,
            display=display,
            clause=clause,
            context=f"{rest} {parent_low}",
            cue=cue,
            assignee=self._assignee(cue, message, parent, context),
            due=due,
            priority=priority,
            words=words,
            said=said,
            message_words=self.words[message.id],
            # What a pronoun ("redo it", "can you do 2?") may point at, nearest first; the
            # lines of a standup or a list are other work, not referents.
            antecedents=tuple(lows[i - 1 :: -1]) if i and not listing else (),
        )

    def _restates(self, message: Message, clause: str, words: frozenset[str]) -> bool:
        """Whether the clause repeats an earlier item: most of its topic words (three or
        more) were said there, or it says it is a reminder and shares one."""
        cue_words = None  # searched for only once a shared word makes it matter
        words = words - TASK_VERBS
        for draft in reversed(self.drafts):
            if words.isdisjoint(draft.words):
                continue  # most earlier items share no word: one test, no intersection
            overlap = len(words & draft.words)
            echoed = len(words) >= 3 and overlap >= 2 and overlap * 2 >= len(words)
            if not echoed and overlap >= 1 and cue_words is None:
                # "reminder:" or "recap:" heading a message covers all its clauses.
                cue_words = _RESTATE.search(self.lowered[message.id]) is not None
            if echoed or (cue_words and overlap >= 1):
                self.links.setdefault(message.id, []).append(draft)
                return True
        return False

    def _assignee(self, cue, message, parent, context) -> str | None:
        if cue.kind in ("commitment", "standup"):
            return message.author_id
        if cue.addressee:
            return self._member(cue.addressee)
        if cue.everyone or cue.kind in _OWNERLESS or cue.kind == "marker":
            return None
        named = self._member(context.message_addressee) or self._single_mention(message)
        if named:
            return named
        if parent is not None and parent.author_id != message.author_id:
            return parent.author_id
        return None

    def _single_mention(self, message: Message) -> str | None:
        others = {m for m in message.mentions if m != message.author_id and m in self.members}
        return others.pop() if len(others) == 1 else None


_CARRY_ON = re.compile(r"^(?:and|also|plus|then)\s+(?:also\s+)?(?P<verb>[a-z'-]+)\s+\w")
_CARRIED = ("request", "marker", "commitment")


def _may_carry_on(message: str) -> bool:
    # Substring tests: a search for clause openings costs many times more.
    return "and " in message or "also " in message or "plus " in message or "then " in message


def _carry_on(cues: list, lows: list[str]) -> frozenset[int]:
    """ "TODO: pin the version. and add an alert": a clause that carries on the work of
    the one before it, opening with "and" and a verb, is more of the same work. Returns
    which clauses do."""
    carried = []
    for i in range(1, len(lows)):
        # Most clauses open with none of the words: one letter test each.
        if lows[i][:1] in "atp" and cues[i] is None and (before := cues[i - 1]) is not None:
            m = _CARRY_ON.match(lows[i]) if before.kind in _CARRIED else None
            if m and m["verb"] in TASK_VERBS:
                cues[i] = replace(before, verb=m["verb"], pronoun_task=False)
                carried.append(i)
    return frozenset(carried)


def _only_takes_on(
    here: list[_Draft], parent: Message, message: Message, links: dict[str, list[_Draft]]
) -> bool:
    """Whether a reply only takes on the work of the message it answers ("I'll do it
    tonight", "on it") when that message holds no item the rules read: the work is then
    the one asked for there."""
    return (
        parent.id not in links
        and parent.author_id != message.author_id
        and all(
            d.cue.kind == "commitment" and d.cue.pronoun_task and not d.antecedents for d in here
        )
    )


def _anchor_on(parent: Message, parent_low: str, here: list[_Draft]) -> None:
    """Anchor items on the message that asked for their work, dated as that message dates
    it (a deadline anywhere in it, else a date in the work's own clause), whatever the
    reply says of when."""
    sent = parent.timestamp.date()
    whole = find_date(parent_low, sent)
    for draft in here:
        found = whole if whole is not None and whole.preposition in DEADLINE else None
        found = found or find_date(draft.clause, sent)
        draft.message_id = parent.id
        draft.due = found.day if found is not None else None


def _only_due(draft: _Draft) -> bool:
    """Whether an item only tells that something is due ("renewal is due on the 31st"),
    asking nobody for it as "the printer needs the artwork by the 12th" does."""
    return draft.cue.kind == "deadline" and _IS_DUE.search(draft.clause) is not None


def _volunteers(low: str, words: frozenset[str]) -> re.Match | None:
    """Where a lowercased message (``words`` its ``words_of``) volunteers, if it does: the
    match's start tells where."""
    if _VOLUNTEER_HINTS.isdisjoint(words) and not ("on" in words and "it" in words):
        return None
    return _VOLUNTEER_AT_START.match(low) or _VOLUNTEER.search(low)


def _sarcastic(low: str, words: frozenset[str]) -> bool:
    """Whether the message is ironic; a note to self is meant, whatever face it makes."""
    # Word and substring tests first: most messages hold no hint of sarcasm.
    if "self" in words and "note to self" in low:
        return False
    hinted = "jk" in words or "🙃" in low or "/s" in low or "how hard" in low
    return (hinted or "yeah right" in low) and _SARCASM.search(low) is not None


_HANDLE_HEAD = re.compile(r"[a-z]{3,}(?=[._\-\d\s])")


@lru_cache(maxsize=256)
def _aliases(members: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """What people call a member whose handle adds to a first name ("tess" for "tess.qa",
    "claire" for "claire_juniors"), when no other member's handle starts the same; cached
    per member list (``members`` its id and name pairs), so do not change what it returns."""
    heads: dict[str, list[str]] = {}
    for member_id, name in members:
        if m := _HANDLE_HEAD.match(name.lower()):
            heads.setdefault(m.group(), []).append(member_id.lower())
    return {head: ids[0] for head, ids in heads.items() if len(ids) == 1}


@lru_cache(maxsize=256)
def _name_hints(names: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Members' one-word names as a set of words, and the others (names with spaces or
    symbols) to look for as substrings; cached per member list."""
    plain = frozenset(name for name in names if len(name) >= 2 and words_of(name) == {name})
    return plain, tuple(name for name in names if len(name) >= 2 and name not in plain)


def _holds_any(low: str, names: tuple[str, ...]) -> bool:
    # A plain loop of substring tests: for the few names of a member list it costs a
    # fraction of one search for them all, and any() over a generator half as much again.
    for name in names:  # noqa: SIM110
        if name in low:
            return True
    return False


def _is_standup(lows: list[str]) -> bool:
    """Two standup labels open clauses of the message, or it opens with the day's plan,
    perhaps after a greeting ("morning! today: ...")."""
    labelled = [low for low in lows if _STANDUP_LABEL.match(low.lstrip(" -•*>\t"))]
    if len(labelled) >= 2:
        return True
    opening = next((low for low in lows if strip_lead(low)), "")
    return _TODAY_LABEL.match(opening.lstrip(" -•*>\t")) is not None


def _opening_addressee(lows: list[str]) -> str | None:
    """ "Ada, no rush, but ..." names the doer of the whole message."""
    if lows and lows[0][:1] == "@" and (m := _LONE_MENTION.match(lows[0].strip())):
        return m.group(1)
    return None


def _due(
    i: int, lows: list[str], cues: list, cue: Cue, sent: date, carried: frozenset[int]
) -> date | None:
    """The item's date from its own clause, else from a following clause that is no item.

    A date introduced by "for" names an event, not a deadline, unless the work happens
    at that event ("present at tomorrow's call"); only such work takes an earlier date.
    """
    attend = cue.verb in ATTEND_VERBS
    found = find_date(lows[i], sent)
    if found is not None:
        return found.day if found.preposition != "for" or attend else None
    if "then" in lows[i] and _BY_THEN.search(lows[i]):
        # "... before then" points back at the date said earlier, event or not.
        for j in range(i - 1, -1, -1):
            if (found := find_date(lows[j], sent, events=True)) is not None:
                return found.day
    for j in range(i + 1, len(lows)):
        # "can you grab this? needs to be fixed by friday": a clause that only obliges
        # dates the work before it.
        if cues[j] is not None and cues[j].kind not in _FOLDED and j not in carried:
            break
        found = find_date(lows[j], sent)
        if found is not None:
            return found.day if found.preposition != "for" or attend else None
    if attend:
        for j in range(i):
            if (found := find_date(lows[j], sent)) is not None:
                return found.day
    return None


def _heading_due(lows: list[str], first_bullet: int, sent: date) -> date | None:
    """A list line without a date of its own is due by the deadline the text above the
    list sets ("everything in the doc by friday:\n1. ..."); a date it only mentions
    ("the inspection is next week") is an event's, not the lines' deadline."""
    for j in range(first_bullet - 1, -1, -1):
        if (found := find_date(lows[j], sent)) is not None and found.preposition in DEADLINE:
            return found.day
    return None


class RulesExtractor:
    """Finds action items with hand-written linguistic rules, and reads their category with
    a small linear model over the rules' own reading (``category_model``); no network.

    ``categories`` replaces the shipped model; ``rules_only`` keeps the rules' reading.
    """

    def __init__(
        self, categories: CategoryReader | None = None, *, rules_only: bool = False
    ) -> None:
        self.categories = None if rules_only else categories or shipped_model()

    def extract(
        self,
        messages: Sequence[Message],
        *,
        members: dict[str, str],
        channel_name: str = "",
    ) -> list[Candidate]:
        conversation = _Conversation(members)
        for message in messages:
            conversation.read(message)
        topic = Topic(conversation.words.values())
        names = {member_id.lower(): name for member_id, name in members.items()}
        return [
            draft.candidate(channel_name, topic, self.categories, names)
            for draft in conversation.drafts
        ]
