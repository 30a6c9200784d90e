"""Message text made readable for the rules, and rule hits made into short task texts.

Mentions become ``@<member id>`` tokens (and so do members' names, for people who address
each other by name), Discord markup and links are dropped, and a message is cut into
clauses: lines, sentences, and comma-joined clauses that start a new subject
("..., I'll call them").
"""

import re
from collections.abc import Mapping
from functools import lru_cache

from actionitems.extraction.dates import may_hold_date, without_dates

_MENTION = re.compile(r"<@!?([\w-]+)>")
_TAG = re.compile(r"<a?:\w+:\d+>|<#\d+>")
# A member, "@everyone" or "@here" as a token; not the "@" of an e-mail address.
_AT_TOKEN = re.compile(r"(?<![\w.])@([\w-]+)")
# A member addressed at the end of a task ("send the invoice @u2"), unless the word before
# makes the task about them ("send the invoice to @u2", "ask @u3").
_TRAILING_MENTION = re.compile(r"(?:^|\s)(\S+)[\s,]+@[\w-]+$")
_URL = re.compile(r"https?://\S+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf"
# The words that start a new subject ("i", "i'll", "ill", "i'm", "im", "we", "will", "what",
# "who", "let's", "lets", "can", "could", "so", "someone", "somebody", "not", "no", "need",
# "and", "also", "anyone", "pls", "please", "but", "how", "then", "everyone", "everybody",
# "@member"), grouped by first letter: case-folded, each alternative is tried in full, and
# a lookahead matches the same whichever way its alternatives are ordered.
_NEW_SUBJECT = (
    r"(?=(?:i(?:'ll|ll|'m|m)?|w(?:e|ill|hat|ho)|let'?s|c(?:an|ould)|so(?:me(?:one|body))?"
    r"|n(?:ot?|eed)|a(?:nd|lso|nyone)|pl(?:s|ease)|but|how|then|every(?:one|body)|@\w+)\b)"
)
# "..., but someone should ...": a "but" handing the rest of the work to someone else.
_OTHERS = r"(?=(?:someone|somebody|anyone|we|i'll|ill|i will|can you|could you)\b)"
_CLAUSE_BREAK = re.compile(
    # Opening with the character a break starts at, each alternative looking back at it,
    # lets sre scan for that character instead of trying a lookahead at every position.
    rf"[\s,;bB{_EMOJI}](?:(?<=\n)\s*|(?<=\s)\s*\n\s*|(?<=[.!?]\s)\s*|(?<=;)\s*"
    rf"|(?<=\s)\s*[—–]\s+|(?<=\S\s)\s*[{_EMOJI}]+\s+|(?<=\S[{_EMOJI}])[{_EMOJI}]*\s+"
    rf"|(?<=,)\s+(?i:{_NEW_SUBJECT})|(?<=\s[bB])(?i:ut\s+{_OTHERS}))"
)
# Without a line break, a semicolon, a dash or an emoji, the only breaks are the space after
# a sentence end and a comma before a new subject: a pattern opening with those characters
# finds them several times faster than the one above, which stops at every whitespace.
_DASH_OR_EMOJI = re.compile(f"[—–{_EMOJI}]")
_SENTENCE_BREAK = re.compile(
    rf"[.!?,bB](?:(?<=[.!?])\s+|(?<=,)\s+(?i:{_NEW_SUBJECT})|(?<=\s[bB])(?i:ut\s+{_OTHERS}))"
)


# Every byte but a-z and 0-9 becomes a space: the words are then what split() returns.
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
_WORD_BYTES = bytes(c if chr(c) in _WORD_CHARS else 32 for c in range(256))


def words_in(lowered: str) -> list[str]:
    """The plain words of a lowercased text in order, split at every other character
    ("can't" is "can" and "t"): what findall of ``[a-z0-9]+`` finds."""
    # A byte translation costs about half the regex findall of [a-z0-9]+; each non-ASCII
    # character turns into "?", a separator like any other.
    return lowered.encode("ascii", "replace").translate(_WORD_BYTES).decode().split()


def words_of(lowered: str) -> frozenset[str]:
    """The plain words of a lowercased message as a set, read once so the rules can ask
    set questions instead of searching."""
    # The body of words_in again: a second call per message costs more than the line.
    return frozenset(lowered.encode("ascii", "replace").translate(_WORD_BYTES).decode().split())


def first_chars(chars: str, pattern: str) -> re.Pattern:
    """``pattern`` behind a lookahead for the characters every match of it starts with:
    a search then passes most positions after one character test instead of trying each
    alternative there."""
    return re.compile(f"(?=[{chars}])(?:{pattern})")


def word_start(wordings: str) -> str:
    """``\\b(?:wordings)`` for wordings separated by "|", each opening with a plain letter,
    written as that letter with the word boundary checked looking back at it: opening a
    pattern, a branch whose alternatives all open with a letter is scanned for in sre's fast
    scan, where ``first_chars``' lookahead is tested at every character. Each position
    matches as before, so every method of the pattern gives the same result."""
    return "(?:" + "|".join(f"{w[0]}(?<=\\b{w[0]}){w[1:]}" for w in wordings.split("|")) + ")"


def word_set(words: str) -> frozenset[str]:
    """A vocabulary written as one space-separated string, for readable word lists."""
    return frozenset(words.split())


# Topic words are three characters or more; shorter ones carry none.
_STOPWORDS = word_set(
    "the a an and or but to of for in on at by with from into over about up it its it's "
    "this that these those is are was were be been am i i'll ill i'm im we you u your our "
    "my me him her them they he she his their can could would will should need needs pls "
    "please someone somebody anyone everyone just also so then now still too ok okay some "
    "any all one get got do did done not no yes ya yeah yep lol tho though thing stuff "
    "make sure today tonight tomorrow tmrw eod week next reminder once after before like really "
    "fyi btw asap pls don didn doesn isn aren wasn won wouldn couldn shouldn haven"
)
# The stopwords and every word of ``words_of`` too short to carry a topic: one set
# difference in C drops them all.
_NOT_TOPIC = _STOPWORDS | {a + b for a in _WORD_CHARS for b in ("", *_WORD_CHARS)}


class _Stems(dict[str, str]):
    """Each topic word lightly stemmed ("invoices" -> "invoice"), found on its first
    lookup: ``map`` then stems the words of a message without a Python call per word."""

    def __missing__(self, word: str) -> str:
        stem = word[:-1] if word[-1] == "s" and len(word) > 4 else word
        self[word] = stem
        return stem


_STEMS = _Stems()
_LEAD = re.compile(
    r"^(?:(?:ok+|okay|so|also|and|btw|but|then|oh|yeah|ya|yes|yep|cool|great|ah|hey|hi|"
    r"morning|kk|alright|aight|right|fyi|gg(?: team)?|thanks|ty)\b[\s,!.:-]*)+",
    re.I,
)
_REQUEST_PREFIX = re.compile(
    r"^(?:(?:todo|to-do|ai|ais|action items?|note to self)\b[^:]{0,30}:\s*"
    # The labels of a standup's lines ("today: the import wizard").
    r"|(?:t|td|tdy|today|b|blockers?|blocked)\s*[:-]\s+"
    # The members addressed, however listed ("@u2 and @u3 can you ...").
    r"|@[\w-]+(?:\s*(?:,|and|&|\+)(?=\s*@))?[\s,:]*"
    r"|(?:i|we) (?:need|want|would like|'d like) (?=@)"
    r"|(?:i|we) need (?:someone|somebody|anyone|a volunteer) to\b\s*"
    r"|(?:can|could|should|shall) we\b\s*"
    r"|(?:i'?ll|i will|ill|will|i can|i'?m gonna|im gonna|i need to|we need to|we have to|"
    r"let'?s|someone|somebody|anyone|everyone|(?:can|could|would|will) (?:you|u|someone|anyone|"
    r"everyone)|(?:needs?|has) to|pls|plz|please|just|also|then|@\w+|me to|to)\b[\s,:]*)+",
    re.I,
)
# The same two patterns for lowercased ASCII text: without re.I, an alternative that opens
# with a letter is passed over after one comparison instead of being tried case-folded.
_ASCII_LEAD = re.compile(_LEAD.pattern)
_ASCII_REQUEST_PREFIX = re.compile(_REQUEST_PREFIX.pattern)
# What follows a task to explain it ("..., that's when it expires", "... or it breaks").
_EXPLANATION = re.compile(
    r"(?:,\s+(?:it'?s|that'?s|there'?s|which|because|cos|cause|since|as|otherwise|"
    r"so (?:that|we|i|they|it|nobody|no one))|\s+or (?:else|it|we|they)|\s+otherwise)\b.*$",
    re.I,
)
# How urgent or deferred the work is, said at the end of the task or before a comma.
_URGENCY = re.compile(
    r"(?:\s*,)?\s+(?:asap|a\.s\.a\.p\.?|(?<!\bfrom )(?<!\bfor )(?<!\buntil )(?:right )?now|rn|"
    r"right away|immediately|urgently|no rush|no hurry|whenever|eventually|at some point|"
    r"when (?:you|u|someone|anyone|ya) (?:gets?|has|have) (?:a )?(?:chance|sec|minute|moment|time)|"
    r"when(?:ever)? (?:you|u) can|if (?:you|u) can|if possible)"
    r"(?=\s*(?:$|[,.!?;:)]|(?:and|so|pls|please|plz|too|ok|thx|thanks|ty|lol)\b))",
    re.I,
)
# The words before a trailing member that make the task about them (``_TRAILING_MENTION``).
_ABOUT_WORDS = word_set(
    "to with for from by and & + ask tell cc of ping remind help call dm thank thanks email "
    "text message brief meet pay"
)
# A word each phrase of ``_URGENCY`` holds: a text without any has none of them. The
# phrases of a chance to do it ("when you get a chance", "if you can") also hold "when" or
# "if": "can" and "time" alone, common words, start no search.
_URGENCY_WORDS = word_set(
    "asap now rn away immediately urgently rush hurry whenever eventually point possible"
)
_CHANCE_WORDS = word_set("chance sec minute moment time can")
_TRAILING_PUNCTUATION = " \t\n?!.,:;"
_TRAILING_WORDS = word_set("pls plz please lol tho thx ty")
_SYMBOLS = re.compile(r"[^\w\s'&/+#().,:%€$£@-]+")
# The same for ASCII text as a byte table, each symbol a space: the spaces go as the words
# are joined again, and a byte translation costs a tenth of the regex, which pays a search
# per character.
_ASCII_SYMBOLS = bytes(32 if _SYMBOLS.match(chr(c)) else c for c in range(256))


def normalise(content: str) -> str:
    """Raw Discord text with mentions as ``@id`` and markup, links and custom emoji gone."""
    # Each rewrite only runs when its characters occur: most messages need none of them.
    curly = "’" in content or "‘" in content or "“" in content or "”" in content
    text = content.translate(_QUOTES) if curly else content
    if "<" in text:
        text = _TAG.sub(" ", _MENTION.sub(_mention_token, text))
    if "http" in text:
        text = _URL.sub(" ", text)
    # Dropping each markup character with replace() costs a fraction of a regex sub.
    if "*" in text or "_" in text or "~" in text or "`" in text:
        for char in "*_~`":
            text = text.replace(char, "")
    return text


def _mention_token(match: re.Match) -> str:
    return "@" + match.group(1)


@lru_cache(maxsize=256)
def name_pattern(names: tuple[tuple[str, str], ...]) -> re.Pattern | None:
    """One regex finding any member's display name as a word; cached per member list."""
    usable = [re.escape(name.lower()) for name, _ in names if len(name) >= 2]
    if not usable:
        return None
    alternatives = "|".join(sorted(usable, key=len, reverse=True))
    return re.compile(r"(?<![\w@])(" + alternatives + r")\b", re.I)


def mark_names(lowered: str, pattern: re.Pattern | None, ids_by_name: dict[str, str]) -> str:
    if pattern is None:
        return lowered
    return pattern.sub(lambda m: "@" + ids_by_name[m.group(1)], lowered)


def clauses(text: str) -> list[str]:
    # Every break needs a line break, a sentence end, a comma or a semicolon, or else a
    # dash or an emoji (not ASCII): most short messages have none. Chained substring tests
    # cost a fraction of any() over a generator.
    plain = "." not in text and "," not in text and "!" not in text and "?" not in text
    if plain and "\n" not in text and ";" not in text and " but " not in text and text.isascii():
        return [text] if text.strip() else []
    if "\n" in text or ";" in text or not text.isascii() and _DASH_OR_EMOJI.search(text):
        return [c for c in _CLAUSE_BREAK.split(text) if c and c.strip()]
    parts, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        at = match.start()
        # A sentence's end stays with it; a comma or a "but" goes with the break.
        parts.append(text[start : at + (text[at] in ".!?")])
        start = match.end()
    parts.append(text[start:])
    return [c for c in parts if c and c.strip()]


def content_words(text: str, words: frozenset[str] | None = None) -> frozenset[str]:
    """Words that carry the topic, lightly stemmed, for telling restatements apart;
    ``words`` is the text's ``words_of`` when already read."""
    if words is None:
        words = words_of(text.lower())
    return frozenset(map(_STEMS.__getitem__, words - _NOT_TOPIC))


def task_text(
    clause: str, names: Mapping[str, str] | None = None, words: frozenset[str] | None = None
) -> str:
    """A short imperative sentence from a clause: no greetings, request wording, members
    addressed, or when it is due and how urgent (the item's due date and priority say so).

    A member the work is about stays, by name ("send the invoice to kenji", "review
    kenji's PR"); ``names`` maps lowercased member ids to names. "@everyone" and "@here"
    go. ``words`` is the lowercased clause's ``words_of`` when already read."""
    text = _MENTION.sub(r"@\1", clause) if "<" in clause else clause
    if text.isascii():
        text = text.encode().translate(_ASCII_SYMBOLS).decode()
    else:
        text = _SYMBOLS.sub(" ", text)
    text = _without_opening(" ".join(text.split()))
    if "@" in text:
        text = _without_addressee(_without_tail(text))
    if "," in text or " or" in text or "otherwise" in text:
        text = _EXPLANATION.sub("", text)
    text = _without_tail(text)
    low = text.lower()
    # Cut from the clause, the text holds no word it did not: the clause's words may promise
    # a date the text lacks, and ``without_dates`` then finds none. The urgency test is no
    # proof ("right nowand" matches ``_URGENCY``): its answer must be the text's own.
    urgent = words is None or _may_say_urgency(low, words)
    if urgent:
        words = words_of(low)
        urgent = _may_say_urgency(low, words)
    shorter = without_dates(text) if may_hold_date(low, words) else text
    if urgent:
        shorter = _URGENCY.sub("", shorter)
    if shorter != text:
        # What opened with a date opens afresh ("tomorrow: @u2 follow up with ...").
        text = _without_opening(shorter.lstrip(" ,:;-"))
    if "@" in text:
        text = _AT_TOKEN.sub(lambda m: (names or {}).get(m.group(1).lower(), ""), text)
        text = " ".join(text.split())
    text = _without_tail(text).strip(" ,:-")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if len(text) <= 120 else text[:117].rstrip() + "..."


def _may_say_urgency(low: str, words: frozenset[str]) -> bool:
    """Whether a lowercased text (``words`` its ``words_of``) may hold ``_URGENCY``."""
    if not _URGENCY_WORDS.isdisjoint(words) or "a.s.a.p" in low:
        return True
    return ("when" in words or "if" in words) and not _CHANCE_WORDS.isdisjoint(words)


def _without_opening(text: str) -> str:
    """The text without greetings and request wording before the task."""
    # Both patterns are anchored at the start: a match and a slice cost less than a sub.
    if text.isascii():
        low, lead, request = text.lower(), _ASCII_LEAD, _ASCII_REQUEST_PREFIX
    else:
        low, lead, request = text, _LEAD, _REQUEST_PREFIX
    if found := lead.match(low):
        text, low = text[found.end() :], low[found.end() :]
    if found := request.match(low):
        text = text[found.end() :]
    return text


def _without_addressee(text: str) -> str:
    """The text without a member it ends by addressing (``_TRAILING_MENTION``)."""
    found = _TRAILING_MENTION.search(text)
    if found is None or found.group(1).lower() in _ABOUT_WORDS:
        return text
    return text[: found.end(1)]


def _without_tail(text: str) -> str:
    """The text without trailing punctuation and sign-offs ("... asap pls!!")."""
    while True:
        text = text.rstrip(_TRAILING_PUNCTUATION)
        head, _, last = text.rpartition(" ")
        if last.lower() not in _TRAILING_WORDS:
            return text
        text = head
