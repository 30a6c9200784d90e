"""An item's text: a short imperative task, without what the item's other fields say.

Who is asked is the assignee, when it is due the due date, and how urgent the priority;
the text keeps the work, and the people and dates the work is about.
"""

import pytest

from actionitems.extraction.dates import without_dates
from actionitems.extraction.text import task_text
from tests.actionitems.extraction.helpers import only


def test_greetings_request_wording_and_the_member_asked_go():
    assert task_text("hey @u2 can you please send the invoice? 🙏") == "Send the invoice"
    item = only(("u1", "morning <@u2>, please send the invoice to the client"))
    assert item.text == "Send the invoice to the client"
    assert item.summary.endswith("in #dev-chat")


@pytest.mark.parametrize(
    "content",
    [
        "<@u2> and <@u3> can you set up the room",
        "<@u2>, <@u3>: pls set up the room",
        "can you set up the room <@u2>?",
        "@everyone pls set up the room",
    ],
)
def test_members_addressed_however_listed_go(content):
    assert only(("u1", content)).text == "Set up the room"


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<@u2> can you send the invoice to <@u3>", "Send the invoice to kenji"),
        ("<@u2> can you review <@u3>'s PR", "Review kenji's PR"),
        ("<@u2> can you review kenji's PR", "Review kenji's PR"),
        ("<@u2> can you review Kenji’s PR", "Review kenji's PR"),
        ("<@u2> can you ask sol about the keys", "Ask sol about the keys"),
        ("we need <@u3> to sign off on the budget", "Sign off on the budget"),
    ],
)
def test_a_member_the_work_is_about_is_named(content, text):
    assert only(("u1", content)).text == text


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<@u2> can you send the deck by friday?", "Send the deck"),
        ("i'll grab a 20 pack from the wholesaler tomorrow", "Grab a 20 pack from the wholesaler"),
        ("i'll ring the council first thing monday to get them collected",
         "Ring the council to get them collected"),
        ("i'll book it tonight and pay the deposit", "Book it and pay the deposit"),
        ("<@u2> pls pay the invoice by end of month", "Pay the invoice"),
        ("<@u2> can you mix and master it by 2pm", "Mix and master it"),
        ("<@u2> send the deck by Friday, 5pm at the latest", "Send the deck"),
        ("<@u2> pls move the chilled load to door 9 now", "Move the chilled load to door 9"),
        ("<@u2> can you fix the printer asap", "Fix the printer"),
        ("<@u2> could you tidy the wiki when you get a chance", "Tidy the wiki"),
    ],
)  # fmt: skip
def test_when_the_work_is_due_and_how_urgent_it_is_go(content, text):
    assert only(("u1", content)).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Send the invite for Thursday's retro",
        "Bump the SDK to 4.2 before Friday's build",
        "Book the room for friday",
        "Move the sync to monday",
        "Swap the cable before the 9am record",
        "Order the 12th floor keys",
        "Sit in the sun",
        "Move standup to 10",
    ],
)
def test_a_date_or_number_the_work_is_about_stays(text):
    assert without_dates(text) == text


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("today: welding the frame. blocked: nothing", "Welding the frame"),
        ("y: sorted the photos\nt: captions\nb: none", "Captions"),
    ],
)
def test_standup_labels_go(content, text):
    assert only(("u2", content)).text == text


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("TODO: rotate the registry pull secret, that's when it expires",
         "Rotate the registry pull secret"),
        ("we have to migrate the ingest job or it just breaks", "Migrate the ingest job"),
        ("can we get disk alerts on the tile server?", "Get disk alerts on the tile server"),
    ],
)  # fmt: skip
def test_explanations_and_the_groups_request_wording_go(content, text):
    assert only(("u1", content)).text == text


def test_an_email_address_stays_whole_for_privacy_mode_to_redact():
    item = only(("u1", "<@u2> can you email jo@example.com the contract"))
    assert item.text == "Email jo@example.com the contract"
