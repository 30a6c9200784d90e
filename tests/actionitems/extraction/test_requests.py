"""Requests worded the many ways people ask: "you" before the modal, work handed to the
member addressed, embedded questions and concessions that are no hypotheticals."""

import pytest

from tests.actionitems.extraction.helpers import extract, only


@pytest.mark.parametrize(
    "content",
    [
        "<@u2> any chance you could rerun the nightly export? it timed out",
        "<@u2> it'd be great if you could sketch the new banner before the weekend",
        "<@u2> do you think you could look into the slow search page",
        "<@u2> you wanna run the quiz night this month?",
        "<@u2> you're presenting the roadmap",
        "<@u2> the slides are yours",
        "<@u2> you still owe me the venue budget",
    ],
)
def test_work_handed_to_the_member_addressed(content):
    item = only(("u1", content))
    assert item.assignee == "u2"


@pytest.mark.parametrize(
    "content",
    [
        "<@u3> could you ask the print shop and see if they can do matte?",
        "everyone send me your shirt sizes by friday pls, even if you sent them before",
    ],
)
def test_embedded_questions_and_concessions_are_no_hypotheticals(content):
    assert len(extract(("u1", content))) == 1


def test_a_hypothetical_is_still_no_item():
    assert extract(("u1", "if you sent the sizes before, ignore this")) == []


def test_irony_in_a_later_sentence_leaves_the_request_before_it():
    item = only(("u1", "<@u4> can you phone the caterer? they wrote 'soonish' as the time 🙃"))
    assert item.assignee == "u4"


@pytest.mark.parametrize(
    "verb", ["tighten", "roll back", "wipe", "restock", "log", "block", "pin", "label"]
)
def test_hands_on_verbs_make_imperatives(verb):
    item = only(("u1", f"<@u3> {verb} the shelf units asap"))
    assert (item.assignee, item.priority) == ("u3", "high")


def test_a_tag_question_checks_a_plan_already_made():
    assert extract(("u1", "<@u2> you're hosting the quiz on friday, right?")) == []


def test_someone_with_a_past_tense_verb_reports():
    assert extract(("u1", "someone set the timeout to 3 instead of 30")) == []


def test_a_question_about_what_we_need_is_no_obligation():
    assert extract(("u1", "do we need to bring anything for the picnic or is it covered")) == []


def test_a_label_before_the_work():
    item = only(("u1", "sign-up sheet: fill it in by thursday pls"))
    assert item.due.isoformat() == "2026-03-05"


def test_an_imperative_reply_asks_the_member_replied_to():
    item = only(("u2", "draft of the flyer is up"), ("u1", "nice. one thing: add the date", 1))
    assert item.assignee == "u2"


def test_a_reply_pointing_to_an_answer_is_no_request():
    assert extract(("u2", "i lost the logo file"), ("u1", "check the drive folder", 1)) == []


@pytest.mark.parametrize(
    "content",
    [
        "everyone on the trip needs to hand in the consent form by friday",
        "the consent forms are due by friday",
        "we need people at the hall on friday to stack chairs",
    ],
)
def test_obligations_of_the_group(content):
    item = only(("u1", content))
    assert item.assignee is None


def test_a_participle_before_a_deadline_is_no_report():
    item = only(("u1", "printed tickets are due at the box office by saturday"))
    assert (item.assignee, item.due.isoformat()) == (None, "2026-03-07")


@pytest.mark.parametrize(
    ("content", "assignee"),
    [
        ("<@u2> the seating plan in the shared folder by thursday pls", "u2"),
        ("<@u3> quick skim of the newsletter before it goes out please", "u3"),
        ("everyone leave your shift preferences in the sheet by friday pls", None),
        ("whoever is in first tomorrow, please unlock the side gate", None),
    ],
)
def test_a_please_to_a_member_or_the_group_asks_whatever_the_verb(content, assignee):
    assert only(("u1", content)).assignee == assignee


def test_a_please_to_nobody_in_particular_asks_nothing_without_a_task_verb():
    assert extract(("u1", "the new logo is in the folder, thoughts welcome pls")) == []


@pytest.mark.parametrize("manner", ["just", "urgently", "quickly"])
def test_an_adverb_may_open_an_imperative_to_a_member(manner):
    item = only(("u1", f"<@u3> {manner} order two more kettles for the kitchen"))
    assert item.assignee == "u3"


def test_a_verb_the_same_in_the_past_said_to_a_member_orders():
    assert only(("u1", "<@u2> put the folding chairs back in the hall")).assignee == "u2"


def test_a_report_said_to_a_member_is_still_no_item():
    assert extract(("u1", "<@u2> fixed the folding chairs in the hall")) == []


def test_a_long_heading_may_come_before_work_handed_to_a_member():
    item = only(("u1", "the new banner files for the fair: <@u2> upload them to the drive today"))
    assert item.assignee == "u2"


@pytest.mark.parametrize(
    "content",
    [
        "<@u2> still need the signed consent forms from you by friday",
        "<@u2> need your sign-off on the venue contract today",
    ],
)
def test_needing_something_from_the_member_addressed_asks_them(content):
    assert only(("u1", content)).assignee == "u2"
