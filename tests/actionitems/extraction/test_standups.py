"""Standup updates however they are laid out: one label per line or one per sentence, or
a message opening with the day's plan; a blocker anyone may clear is an open item."""

from datetime import date

from tests.actionitems.extraction.helpers import extract, only


def test_standup_labels_in_one_line_give_the_day_plan():
    item = only(("u2", "done: bracket drawings. today: welding the frame. blocked: nothing"))
    assert (item.assignee, item.due, item.priority) == ("u2", date(2026, 3, 3), "high")
    assert item.category == "project"


def test_a_message_opening_with_the_day_plan_is_a_standup():
    item = only(("u3", "today: glossary pages 4-9. no blockers"))
    assert (item.assignee, item.due) == ("u3", date(2026, 3, 3))


def test_a_blocker_anyone_may_clear_is_an_open_item_a_reply_can_take():
    items = extract(
        ("u2", "y: sorted the photos\nt: captions\nb: need a decision on the cover from someone"),
        ("u1", "I'll decide the cover by noon", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2"), ("m1", "u1")]
    assert items[1].priority == "high"


def test_but_hands_the_rest_of_the_work_to_someone_else():
    items = extract(("u1", "i'll tape the cable down for now but someone should reroute it"))
    assert [i.assignee for i in items] == ["u1", None]
    assert items[0].priority == "medium"


def test_a_blocker_dated_by_a_later_clause_stays_high_priority():
    items = extract(
        (
            "u1",
            "t: finish the header\nb: waiting on <@u4> to share the fonts. pls do them next week",
        )
    )
    blocker = items[-1]
    assert (blocker.assignee, blocker.due, blocker.priority) == ("u4", date(2026, 3, 9), "high")
