"""Requests that ask for a doer without "can you", and wordings that only look like work."""

import pytest

from tests.actionitems.extraction.helpers import extract


@pytest.mark.parametrize(
    "text",
    [
        "the printer jams again, can i get someone to look at it today?",
        "can we get the piano tuner in before the recital?",
        "pls forward the receipts to the treasurer",
        "need marketing to proofread the flyer before it goes out",
        "we still need a volunteer",
        "need a driver for the van on saturday",
        "rough draft of the grant is up, would appreciate another pair of eyes on it",
        "does anyone have a tripod we could borrow this weekend?",
    ],
)
def test_open_asks_are_items_nobody_owns_yet(text):
    (item,) = extract(("u1", text))
    assert item.assignee is None


def test_mind_doing_asks_the_member_addressed():
    (item,) = extract(("u1", "<@u3> mind stacking the chairs before you leave?"))
    assert item.assignee == "u3"


@pytest.mark.parametrize(
    "text",
    [
        "do we need a permit for the stall?",
        "need time to fix my bike first",
        "please nobody touch the thermostat",
        "did someone move the stapler",
        "so what do we need to buy",
        "mine broke last week",
    ],
)
def test_questions_and_asides_are_no_items(text):
    assert extract(("u1", text)) == []


def test_a_bare_gerund_reply_takes_on_the_work():
    (item,) = extract(("u1", "the export button is greyed out"), ("u2", "ugh my bad, fixing", 1))
    assert (item.message_id, item.assignee) == ("m2", "u2")


def test_a_bare_gerund_alone_only_acknowledges():
    items = extract(("u1", "<@u2> can you rename the folder?"), ("u2", "ok, renaming", 1))
    assert [i.message_id for i in items] == ["m1"]
