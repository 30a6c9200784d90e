"""Which messages are action items, per the labelling guidelines' Yes and No classes."""

import pytest

from tests.actionitems.extraction.helpers import extract, only


@pytest.mark.parametrize(
    ("content", "assignee"),
    [
        ("<@u2> can you review my PR for the export page?", "u2"),
        ("<@u2> please send the invoice to the client", "u2"),
        ("someone needs to renew the domain before it lapses", None),
        ("I'll write the release notes tonight", "u1"),
        ("on it, will fix the login bug", "u1"),
        ("ok so we move standup to 10, I'll update the calendar", "u1"),
        ("TODO: rotate the API keys", None),
        ("AI: <@u3> to book the venue", "u3"),
    ],
)
def test_yes_examples_are_items(content, assignee):
    item = only(("u1", content))
    assert item.message_id == "m1"
    assert item.assignee == assignee
    assert 0.0 <= item.confidence <= 1.0


@pytest.mark.parametrize(
    "content",
    [
        "fixed the crash",
        "I sent the invoice yesterday",
        "what time is the meeting?",
        "does anyone know why CI is red?",
        "we should rewrite it in Rust lol",
        "if I had time I'd redo the whole onboarding flow",
        "would be nice to have dark mode someday",
        "sounds good",
        "thanks!",
        "+1",
        "i'll just rewrite the renderer over the weekend, how hard can it be 🙃",
    ],
)
def test_no_examples_are_not_items(content):
    assert extract(("u1", content)) == []


def test_several_items_in_one_message_share_the_message_id():
    items = extract(("u1", "<@u2> set up the brackets\n<@u3> make the sign-up form by friday"))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2"), ("m1", "u3")]
    assert [str(i.due) for i in items] == ["None", "2026-03-06"]


def test_a_commitment_and_a_request_in_one_message():
    items = extract(("u1", "we need questions. i'll draft 10 tonight, kenji add yours under mine?"))
    assert [i.assignee for i in items] == ["u1", "u3"]


def test_a_volunteer_becomes_the_assignee_instead_of_a_new_item():
    items = extract(
        ("u1", "someone should email the venue about the projector"),
        ("u2", "I can take that", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2")]


def test_a_volunteer_without_a_reply_link_answers_the_request_just_before():
    items = extract(("u1", "someone needs to update the wiki page"), ("u3", "i'll take it"))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u3")]


def test_whoever_takes_over_after_a_decline_is_the_assignee():
    items = extract(
        ("u1", "<@u2> can you look into the checkout crash asap?"),
        ("u2", "sorry, can't today, out all afternoon", 1),
        ("u3", "no worries, i'll take it", 2),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u3")]


def test_the_asked_member_accepting_adds_nothing():
    items = extract(("u1", "<@u2> can you export the icons?"), ("u2", "ya np, on it", 1))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2")]


def test_a_reminder_of_an_earlier_item_is_not_a_new_item():
    items = extract(
        ("u1", "someone needs to sort out the airport transfer"),
        ("u2", "reminder: someone still needs to sort the airport transfer!!"),
        ("u3", "I'll look into it", 2),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u3")]


def test_a_recap_repeating_items_adds_only_the_new_one():
    items = extract(
        ("u1", "<@u2> can you send the RCA to the three customers?"),
        ("u1", "AIs:\n- tobias: RCA to the three customers\n- kenji: alerting for SES bounces"),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2"), ("m2", "u3")]


def test_an_imperative_reply_is_for_the_member_who_asked():
    item = only(
        ("u4", "customers are asking, what do i tell them?"),
        ("u1", "post on the status page now: investigating delays", 1),
    )
    assert (item.message_id, item.assignee, item.priority) == ("m2", "u4", "high")


def test_a_member_addressed_by_name():
    assert only(("u1", "kenji can you check the venue has step-free access?")).assignee == "u3"
