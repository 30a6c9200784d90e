"""Due dates, priority and category of items."""

from datetime import date

import pytest

from actionitems.extraction.category import category_of
from actionitems.extraction.dates import find_date
from tests.actionitems.extraction.helpers import only

TUESDAY = date(2026, 3, 3)


@pytest.mark.parametrize(
    ("words", "due"),
    [
        ("by tomorrow", date(2026, 3, 4)),
        ("tmrw", date(2026, 3, 4)),
        ("today", TUESDAY),
        ("tonight", TUESDAY),
        ("by eod", TUESDAY),
        ("by friday eod", date(2026, 3, 6)),
        ("before thursday", date(2026, 3, 5)),
        ("by monday", date(2026, 3, 9)),  # across the week boundary
        ("on tuesday", date(2026, 3, 10)),  # the same weekday means next week's
        ("next week", date(2026, 3, 9)),  # the Monday after
        ("by march 12", date(2026, 3, 12)),
        ("by 2 april", date(2026, 4, 2)),
        ("before noon", TUESDAY),
        ("by lunch", TUESDAY),
        ("before midnight", TUESDAY),
        ("by 5", TUESDAY),  # a bare hour after a deadline word
        ("before 12 pls", TUESDAY),
        ("by wed 11th", date(2026, 3, 11)),  # the number, not the next wednesday
        ("on friday the 13th", date(2026, 3, 13)),
        ("before fri 10 april", date(2026, 4, 10)),
        ("this arvo", TUESDAY),
        ("first thing in the morning", date(2026, 3, 4)),
        ("in the next hour", TUESDAY),
        ("by end of june", date(2026, 6, 30)),
        ("before the end of february", date(2027, 2, 28)),  # this year's has passed
    ],
)
def test_due_dates_resolve_against_the_message_date(words, due):
    assert find_date(words, TUESDAY).day == due


def test_past_dates_and_ordinals_that_are_not_dates_give_nothing():
    assert find_date("the lecture i missed (feb 27)", TUESDAY) is None
    assert find_date("send the 2nd reminder", TUESDAY) is None


def test_a_bare_number_without_a_deadline_word_is_no_time():
    assert find_date("order 5", TUESDAY) is None
    assert find_date("by 4 people", TUESDAY) is None


def test_asap_is_high_priority_without_a_due_date():
    item = only(("u1", "<@u2> can you restart the worker asap?"))
    assert (item.priority, item.due) == ("high", None)


def test_due_within_a_day_is_high_priority():
    item = only(("u1", "<@u2> can you record the sponsor read tmrw?"))
    assert (item.priority, item.due) == ("high", date(2026, 3, 4))


def test_deferral_makes_low_priority():
    item = only(("u1", "<@u4> could you order the usb mics at some point? no rush"))
    assert (item.priority, item.category) == ("low", "general")


def test_an_invite_for_a_dated_meeting_has_no_due_date():
    item = only(("u1", "I'll send the invite for Thursday's retro"))
    assert (item.category, item.due) == ("meeting", None)


def test_work_at_a_dated_event_is_due_that_day():
    item = only(("u1", "client call is thursday 15:00. <@u3> can you join for the demo part?"))
    assert (item.category, item.due) == ("meeting", date(2026, 3, 5))


@pytest.mark.parametrize(
    ("task", "verb", "category"),
    [
        ("fix the crash on the settings page", "fix", "bug"),
        ("the export is broken on safari", "", "bug"),
        ("send the agenda for the standup", "send", "meeting"),
        ("write the docs for the new feature", "write", "project"),
        ("review my pr", "review", "project"),
        ("buy a new kettle for the office", "buy", "general"),
    ],
)
def test_category_cues(task, verb, category):
    assert category_of(task, "", verb) == category


@pytest.mark.parametrize(
    ("task", "verb", "category"),
    [
        # Checking someone's work is project even when the work is a repair.
        ("review the hotfix for the login crash", "review", "project"),
        # Defect words decide when the verb does not.
        ("send a pr for the memory leak", "send", "bug"),
        ("the footer still says 2024", "", "bug"),
        # A meeting named only as a time is not what the task is about.
        ("i'll update the changelog right after standup", "update", "project"),
        ("write the summary before the call", "write", "project"),
        # Passing a message on, and buying, are errands.
        ("tell the landlord the heater is on", "tell", "general"),
        ("call the plumber about the quote", "call", "general"),
        ("book a room for the retro", "book", "meeting"),
    ],
)
def test_category_follows_the_guideline_definitions(task, verb, category):
    assert category_of(task, "", verb) == category


def test_a_pronoun_task_takes_its_category_from_what_it_answers():
    item = only(
        ("u2", "the checkout page throws a 500 on every order"),
        ("u1", "ugh, i'll take it", 1),
    )
    assert (item.message_id, item.category) == ("m2", "bug")


def test_standup_lines_are_the_groups_work_by_default():
    item = only(("u1", "y: onboarding emails\nt: the import wizard\nb: none"))
    assert (item.assignee, item.category) == ("u1", "project")
