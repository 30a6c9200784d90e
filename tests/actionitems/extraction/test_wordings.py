"""Wordings of requests and commitments whose verb does not come first, and dates and
breaks they rely on."""

from datetime import date

import pytest

from tests.actionitems.extraction.helpers import extract, only


def test_a_bare_24_hour_time_after_by_is_due_that_day():
    item = only(("u1", "<@u2> can you send the slides by 16:30?"))
    assert (item.due, item.priority) == (date(2026, 3, 3), "high")


def test_work_someone_needs_by_a_date_is_an_open_item_a_reply_takes():
    items = extract(
        ("u1", "the printer needs the final artwork by the 12th or we lose the slot"),
        ("u2", "I'll collect it from everyone", 1),
    )
    assert [(i.message_id, i.assignee, i.due) for i in items] == [("m1", "u2", date(2026, 3, 12))]


def test_wanting_something_done_by_a_time_is_an_open_item():
    item = only(("u3", "doors open at 7, I want the stage wired by 18:00 so we can soundcheck"))
    assert (item.assignee, item.due, item.priority) == (None, date(2026, 3, 3), "high")


def test_needing_it_by_a_date_only_dates_the_request_before():
    item = only(("u1", "<@u2> can u render the trailer? need it before thursday"))
    assert (item.assignee, item.due) == ("u2", date(2026, 3, 5))


def test_a_need_without_a_date_or_asked_as_a_question_is_no_item():
    assert extract(("u1", "the team needs a better name lol")) == []
    assert extract(("u1", "what does the venue need by friday?")) == []


def test_a_capital_i_after_a_comma_starts_a_new_clause():
    items = extract(("u4", "the draft is in the folder, I'll proofread it tonight"))
    assert [(i.text, i.assignee) for i in items] == [("Proofread it", "u4")]


def test_a_deadline_beside_a_standup_line_is_not_the_standups_work():
    items = extract(("u2", "morning! today: the boss fight. I want the build uploaded by 20:00"))
    assert [(i.assignee, i.category) for i in items] == [("u2", "project"), (None, "project")]


def test_work_after_a_verb_of_rest_is_a_commitment():
    item = only(("u2", "the export crashes on big files 😩 gonna eat and fix it tmrw"))
    assert (item.assignee, item.due, item.category) == ("u2", date(2026, 3, 4), "bug")


def test_rest_alone_is_no_commitment():
    assert extract(("u2", "gonna sleep and dream of tacos")) == []


def test_a_note_to_self_is_the_writers_own_work_even_with_a_wry_face():
    item = only(("u3", "note to self: actually buy stamps this time 🙃"))
    assert (item.assignee, item.category) == ("u3", "general")
    assert item.text == "Actually buy stamps this time"


def test_if_anyone_is_passing_can_you_is_a_request_not_a_hypothetical():
    items = extract(("u4", "if anyone's near the post office can you mail my parcel?"))
    assert [i.assignee for i in items] == [None]
    assert items[0].text.endswith("mail my parcel")
    assert extract(("u4", "if anyone asks, the parcel went out monday")) == []


@pytest.mark.parametrize(
    "content",
    [
        "the spinner on the settings page needs fixing",
        "flyer draft is in the folder, needs a proofread",
        "the back gate hinge needs replacing before winter",
    ],
)
def test_a_thing_that_needs_work_is_an_open_item(content):
    item = only(("u1", content))
    assert item.assignee is None


def test_a_question_whether_something_needs_work_is_no_item():
    assert extract(("u1", "does the banner need updating?")) == []


def test_an_obligation_after_a_request_dates_it():
    item = only(("u1", "<@u2> can you take the projector back? needs to be returned by friday"))
    assert (item.assignee, item.due) == ("u2", date(2026, 3, 6))


def test_a_deadline_folded_into_the_work_that_takes_it_on_dates_that_work():
    item = only(("u1", "the grant report is due friday. i'll pull the attendance numbers"))
    assert (item.assignee, item.due) == ("u1", date(2026, 3, 6))


def test_a_clause_carrying_on_the_work_before_it_is_more_of_that_work():
    items = extract(("u1", "TODO: rotate the staging keys. and add an alert on failed logins"))
    assert [(i.assignee, i.text) for i in items] == [
        (None, "Rotate the staging keys"),
        (None, "Add an alert on failed logins"),
    ]


@pytest.mark.parametrize(
    "content", ["will there be parking at the venue", "will the hall be open on sunday"]
)
def test_will_before_a_subject_asks_and_commits_nobody(content):
    assert extract(("u1", content)) == []
