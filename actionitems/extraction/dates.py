"""Due dates from the words of one message, resolved against that message's own date.

"today", "tonight", "this arvo", "in the next hour" and "EOD" are the message's date,
"tomorrow" and "in the morning" the day after, a weekday its next occurrence (a weekday
named on that same day means a week later), "next week" the Monday after, "next
<weekday>" that weekday of the following week, "end of june" that month's last day, and
explicit dates ("feb 3", "3 march", "the 27th", "wed 21st", "2026-03-06") the next such date.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
# "sat" and "sun" are also plain words: they only count after a preposition.
_AMBIGUOUS_WEEKDAYS = {"sat", "sun"}
_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))

# A date, in group "date". The lookahead lists how every date below starts (a digit or its
# first letters): most words, "the", "to" and "in" among them, fail it at once instead of
# trying each alternative. A date cannot start "fi": "first thing in the morning" is "in the
# morning". Grouped by first letter, most common first, a word is passed over after a few
# comparisons (the order of a lookahead's alternatives changes nothing it matches).
_DATE_BODY = rf"""(?P<date>
    (?=t(?:h(?:e\ [\dn]|is\ |u)|m[rw]|n|o[dmn]|ue)|\d|s(?:at|ep|un)|in\ [\dato]
      |m(?:a[ry]|id|on)|n(?:ex|o[ov])|f(?:eb|ri)|e(?:nd|o[dmw])|wed|a(?:pr|ug)|dec
      |j(?:an|u[ln])|lun|oct)
    (?:
      (?P<today>today|tonight|tonite|tn|eod|end\ of\ (?:the\ )?day
               |this\ (?:morning|afternoon|evening|arvo)|(?:in\ )?the\ next\ hour)
    | (?P<tomorrow>tomorrow|tomorow|tmrw|tmr|tmw|2moro|(?:first\ thing\ )?in\ the\ morning)
    | (?P<nextweek>next\ week)
    | (?P<eow>end\ of\ (?:the\ )?week|eow)
    | (?P<eom>end\ of\ (?:the\ )?month|eom)
    | end\ of\ (?P<eomon>{_MON})
    | (?P<clock>\d{{1,2}}(?::\d\d)?\ ?(?:am|pm)|\d{{1,2}}:\d\d|noon|midday|midnight|lunch(?:time)?
              # "by 5", "before 12": a bare hour, counted only after a deadline word.
              |\d{{1,2}}(?=\s*(?:$|[,.!?;]|pls\b|please\b|today\b|tonight\b|latest\b)))
    # "wed 21st", "friday the 11th", "fri 6 march": the day's number names the date.
    | (?:{_WD})\.?,?\ (?:the\ )?
      (?:(?P<day4>\d{{1,2}})(?:st|nd|rd|th)(?:\ (?:of\ )?(?P<mon4>{_MON}))?
        |(?P<day5>\d{{1,2}})\ (?P<mon5>{_MON}))
    | (?P<next>next\ )?(?P<wd>{_WD})
    | (?P<iso>\d{{4}}-\d{{2}}-\d{{2}})
    | (?P<mon1>{_MON})\.?\ (?P<day1>\d{{1,2}})(?:st|nd|rd|th)?
    | (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\ (?:of\ )?(?P<mon2>{_MON})
    # "the 12th" but not "the 12th floor"; "the 12th pls" is a date.
    | the\ (?P<day3>\d{{1,2}})(?:st|nd|rd|th)
      (?!\ +(?!(?:of|pls|please|plz|at|so|and|or|then|too|latest|ok)\b)[a-z])
    | in\ (?P<ndays>\d{{1,2}}|a|one|two|three)\ (?P<unit>days?|weeks?)
    )(?!\w|['’](?!s\b)))"""
# A date starts a word: after a character no word goes on through, or at the text's start.
# The search opens with that character, not with a lookbehind, so sre's fast scan passes
# over the letters inside words instead of trying the pattern at each. In ASCII text that
# character is any but a letter, a digit, "_" and "'": listed as ranges, sre tests it in a
# bitmap, where [^\w] asks Unicode's tables.
_DATE = re.compile(rf"[^\w'’]{_DATE_BODY}", re.X)
_ASCII_DATE = re.compile(rf"[\x00-&(-/:-@\[-^`{{-\x7f]{_DATE_BODY}", re.X)
_DATE_AT_START = re.compile(_DATE_BODY, re.X)
_PREPOSITION = re.compile(
    r"\b(by|before|until|till|til|due|on|this|for)\s+(?:the\s+)?"
    r"(?:\d{1,2}(?::\d\d)?\s*(?:am|pm)?\s+)?$"
)
DEADLINE = frozenset({"by", "before", "until", "till", "til", "due"})
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3}


# Every date above needs a digit or one of these words: a message with neither holds none.
_DATE_WORDS = frozenset(
    [*_WEEKDAYS, *_MONTHS, "today", "tonight", "tonite", "tn", "eod", "end", "morning",
     "afternoon", "evening", "tomorrow", "tomorow", "tmrw", "tmr", "tmw", "2moro", "week",
     "eow", "eom", "days", "day", "weeks", "noon", "midday", "midnight", "lunch", "lunchtime",
     "arvo", "hour"]
)  # fmt: skip
_DIGIT = re.compile(r"\d")
# The digits of ASCII text: a range compares each character, \d looks it up in Unicode's
# tables.
_ASCII_DIGIT = re.compile(r"[0-9]")


def may_hold_date(message: str, words: frozenset[str]) -> bool:
    """A cheap test on a lowercased message and its ``words_of``: False means no date."""
    if not _DATE_WORDS.isdisjoint(words):
        return True
    return (_ASCII_DIGIT if message.isascii() else _DIGIT).search(message) is not None


def _dates(text: str) -> Iterator[re.Match]:
    """The dates in lowercased ``text``, left to right, each in its match's group "date"."""
    at_start = _DATE_AT_START.match(text)
    if at_start is not None:
        yield at_start
    after_start = _ASCII_DATE if text.isascii() else _DATE
    yield from after_start.finditer(text, at_start.end() if at_start else 0)


@dataclass(frozen=True)
class DateMention:
    day: date
    preposition: str  # the word just before it ("by", "for", ...) or ""


def find_date(text: str, sent: date, events: bool = False) -> DateMention | None:
    """The date lowercased ``text`` gives, resolved against ``sent``.

    A deadline ("by", "before", "until") wins over an earlier plain mention of a date. A
    date naming an event ("tomorrow's agenda", "next week's rota") is no due date unless a
    deadline word comes before it or ``events`` asks for it; a bare time ("by 6pm") is the
    message's own day, and only when nothing else is dated.
    """
    first = clock = None
    for match in _dates(text):
        before = _PREPOSITION.search(text, max(0, match.start("date") - 20), match.start("date"))
        preposition = before.group(1) if before else ""
        deadline = preposition in DEADLINE
        if match["clock"]:
            if deadline and clock is None:
                clock = DateMention(sent, preposition)
            continue
        if not events and not deadline and text.startswith("'s", match.end()):
            continue
        day = _resolve(match, sent, preposition)
        if day is None:
            continue
        if deadline:
            return DateMention(day, preposition)
        first = first or DateMention(day, preposition)
    return first or clock


# A date said as when to do the work ("tomorrow", "by friday", "first thing monday
# morning", "at 3pm"), with the words that lead into it: a task's text leaves it out, as
# the item's due date says it. A date that names something ("friday's build", "for the
# 14th", "move it to monday", "the 9am call") is part of the task and stays. Each date
# the tuned pattern above finds is looked at around: a pattern holding it would try
# every position of the text.
_LEAD_WORDS = (
    r"(?P<lead>(?:(?:by|before|until|till|til|due|on|at|this|from|latest|"
    r"first\s+thing|(?:no\s+)?later\s+than)\s+)*(?:the\s+)?)$"
)
# The gap before the lead is ",?\s+" written to open with a character class (the lookbehind
# refuses a lone comma), so a search skips the other characters in sre's fast scan; a lead
# at the very start of the text is matched on its own (``_lead_before``).
_WHEN_LEAD = re.compile(rf"(?P<gap>[,\s]\s*)(?<!,){_LEAD_WORDS}")
_TEXT_START_LEAD = re.compile(_LEAD_WORDS)
_WHEN_TAIL = re.compile(
    r"(?:\s+(?:morning|afternoon|evening|night|arvo|at\s+the\s+latest|latest"
    r"|at\s+\d{1,2}(?::\d\d)?\s?(?:am|pm)?))?"
    r"(?=\s*(?:$|[,.!?;:)]|(?:and|so|to|then|pls|please|plz|if|or|too|ok|thx|thanks|ty|"
    r"yeah|lol|ideally|hopefully|latest|at\s+the\s+latest)\b))"
)
# Words after which a date is what the work is about, not when it is due.
_NAMING = frozenset(("for", "of", "the", "to", "into"))


def without_dates(text: str) -> str:
    """``text`` without the dates it gives as when the work is due (see ``_WHEN_LEAD``)."""
    low = text.lower()
    if len(low) != len(text):
        return text  # lowercasing moved the characters: no span of ``low`` fits ``text``
    kept, start = [], 0
    for match in _dates(low):
        tail = _WHEN_TAIL.match(low, match.end())
        lead = _lead_before(low, max(start, match.start("date") - 40), match.start("date"))
        if tail is None or lead is None or low[: lead.start()].rpartition(" ")[2] in _NAMING:
            continue
        if lead["lead"].split() in ([], ["the"]) and _plain_word(match):
            continue
        kept.append(text[start : lead.start()])
        start = tail.end()
    return "".join(kept) + text[start:] if kept else text


def _lead_before(low: str, pos: int, end: int) -> re.Match | None:
    """The leftmost gap and lead words ending at ``end``, searched from ``pos``: at the
    text's start the gap may be the start itself, tried after a gap of spaces."""
    lead = _WHEN_LEAD.search(low, pos, end)
    if pos or (lead is not None and lead.start() == 0):
        return lead
    return _TEXT_START_LEAD.match(low, 0, end) or lead


def _plain_word(match: re.Match) -> bool:
    """Whether a date found is only a date after a deadline word ("to 4.2", "in the sun")."""
    clock = match["clock"]
    return bool(clock and clock.isdigit()) or match["wd"] in _AMBIGUOUS_WEEKDAYS


def _resolve(m: re.Match, sent: date, preposition: str) -> date | None:
    if m["today"]:
        return sent
    if m["tomorrow"]:
        return sent + timedelta(days=1)
    if m["nextweek"]:
        return sent + timedelta(days=7 - sent.weekday())
    if m["eow"]:
        return sent + timedelta(days=(4 - sent.weekday()) % 7)
    if m["eom"]:
        return _last_day(sent.year, sent.month)
    if m["eomon"]:
        month = _MONTHS[m["eomon"]]
        return _last_day(sent.year + (month < sent.month), month)
    if m["wd"]:
        if m["wd"] in _AMBIGUOUS_WEEKDAYS and not preposition and not m["next"]:
            return None
        weekday = _WEEKDAYS[m["wd"]]
        if m["next"]:
            return sent + timedelta(days=7 - sent.weekday() + weekday)
        return sent + timedelta(days=(weekday - sent.weekday() - 1) % 7 + 1)
    if m["iso"]:
        try:
            return date.fromisoformat(m["iso"])
        except ValueError:
            return None
    if m["ndays"]:
        n = _SMALL_NUMBERS.get(m["ndays"]) or int(m["ndays"])
        return sent + timedelta(days=n * (7 if m["unit"].startswith("week") else 1))
    named = m["mon1"] or m["mon2"] or m["mon4"] or m["mon5"]
    month = _MONTHS[named] if named else None
    day = int(m["day1"] or m["day2"] or m["day3"] or m["day4"] or m["day5"])
    return _next_calendar_date(sent, month, day)


def _last_day(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _next_calendar_date(sent: date, month: int | None, day: int) -> date | None:
    """The first such date on or after ``sent``."""
    candidates = []
    if month is None:
        for offset in range(2):
            y, mo = divmod(sent.month - 1 + offset, 12)
            candidates.append((sent.year + y, mo + 1))
    else:
        candidates = [(sent.year, month), (sent.year + 1, month)]
    for year, mo in candidates:
        try:
            found = date(year, mo, day)
        except ValueError:
            continue
        if found >= sent:
            return found
        if month is not None and (sent - found).days < 180:
            return None  # a date just passed is a mention of the past, not a deadline
    return None
