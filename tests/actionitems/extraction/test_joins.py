"""Tasks joined in one clause are each their own item, on the same message."""

from datetime import date

from tests.actionitems.extraction.helpers import extract, only


def test_a_plus_between_two_verbs_gives_two_items_sharing_the_date():
    items = extract(("u1", "someone needs to print the flyers + book the van before friday"))
    assert [i.text for i in items] == ["Print the flyers", "Book the van"]
    assert {i.message_id for i in items} == {"m1"}
    assert all(i.due == date(2026, 3, 6) and i.assignee is None for i in items)


def test_a_plus_before_a_bare_verb_or_a_thing_stays_one_task():
    assert len(extract(("u2", "I'll handle cleanup + deploy, did it last time"))) == 1
    assert len(only(("u3", "today: the last three maps + polish")).text) > 0


def test_and_then_in_the_day_plan_gives_two_items():
    items = extract(("u2", "yday: the parser\ntoday: the tokenizer and then the error pages"))
    assert [i.text for i in items] == ["The tokenizer", "The error pages"]
    assert all(i.assignee == "u2" and i.due == date(2026, 3, 3) for i in items)


def test_the_day_plan_after_a_greeting_is_a_standup():
    item = only(("u3", "morning! today: the glossary pages"))
    assert (item.assignee, item.due) == ("u3", date(2026, 3, 3))


def test_a_second_member_given_the_same_verb_gets_their_own_item():
    items = extract(("u1", "<@u2> can you update the budget and <@u3> the venue list?"))
    assert [(i.assignee, i.text) for i in items] == [
        ("u2", "Update the budget"),
        ("u3", "Update the venue list"),
    ]
