"""Category vocabulary by meaning: how things misbehave, what making is, what a meeting
is, and words that only look like defects (a quantity, a metric, a test suite)."""

import pytest

from actionitems.extraction.category import category_of
from tests.actionitems.extraction.helpers import extract, only


@pytest.mark.parametrize(
    ("task", "verb", "category"),
    [
        # Malfunction words, for software, machines and instruments alike.
        ("look at the uploader, it hangs on big files", "look", "bug"),
        ("sort out the printer, the feeder keeps jamming", "sort", "bug"),
        ("get someone in, the boiler is overheating", "get", "bug"),
        # Doing a thing twice or too late is a fault.
        ("check the booking site for a duplicate order", "check", "bug"),
        ("look at the checkout timeout", "look", "bug"),
        ("someone ring the vendor, the kiosk keeps double-charging", "ring", "bug"),
        ("can you log a fault with the landlord", "log", "bug"),
        # Correcting and rolling back repair.
        ("correct the date on the poster", "correct", "bug"),
        ("roll back the theme change", "roll", "bug"),
        # Words that only look like defects.
        ("order 500 wristbands", "order", "general"),
        ("buy a freezer for the hall", "buy", "general"),
        ("update the regression checklist", "update", "project"),
        ("export the screens for the handoff by friday", "export", "project"),
        # Making: putting together, organising, filming.
        ("put together the onboarding pack", "put", "project"),
        ("organise the summer bbq", "organise", "project"),
        ("film the tutorial footage", "film", "project"),
        # A piece of work's state names it: what is final or updated is made.
        ("send me the final seating chart", "send", "project"),
        ("can you pass me the updated price sheet", "pass", "project"),
        ("finalise it tonight and send it over", "finalise", "project"),
        # A meeting named as a time is no meeting task.
        ("level up my character before next session", "level", "general"),
        ("book the hall for the agm", "book", "meeting"),
    ],
)
def test_vocabulary_by_meaning(task, verb, category):
    assert category_of(task, verb=verb) == category


def test_a_share_of_minutes_reads_the_heading_not_the_share_before():
    items = extract(("u1", "AGM is on the 14th. AI: <@u2> to book the hall, me to send the notice"))
    assert [(i.assignee, i.category) for i in items] == [("u2", "meeting"), ("u1", "meeting")]
    assert items[0].text == "Book the hall"


def test_a_pronoun_task_takes_the_defect_of_its_context():
    item = only(("u1", "the export panics on empty folders. can someone grab it?"))
    assert item.category == "bug"
