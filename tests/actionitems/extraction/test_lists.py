"""Work shared out as a list: bullets under a heading, a line split between members
that ends with the writer's own share, and "AI: X to ..., me to ..." minutes."""

from datetime import date

from tests.actionitems.extraction.helpers import extract


def test_numbered_jobs_name_their_doer_at_the_end_or_take_it_on():
    items = extract(
        (
            "u1",
            "Fair jobs:\n1. raffle tickets, <@u4>?\n2. the bake stall, <@u2> by the 6th pls\n"
            "3. hire the gazebo, I'll do this one",
        )
    )
    assert [i.assignee for i in items] == ["u4", "u2", "u1"]
    assert items[1].due == date(2026, 3, 6)
    assert items[2].category == "general"


def test_every_bullet_under_todo_is_an_item():
    items = extract(("u1", "inspection on monday. TODO:\n- defrost the freezer\n- wash the mats"))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", None), ("m1", None)]


def test_notes_bullets_are_no_items():
    text = "notes:\n- the venue was nice, <@u2> liked the stage\n- parking is tight"
    assert extract(("u1", text)) == []


def test_a_split_line_ending_with_the_writers_share():
    items = extract(("u1", "plan: <@u2> the intro, <@u3> the charts, i'll do the summary monday"))
    assert [i.assignee for i in items] == ["u2", "u3", "u1"]


def test_minutes_sharing_work_with_me():
    items = extract(("u1", "AI: <@u2> to print the flyers, me to email the school"))
    assert [i.assignee for i in items] == ["u2", "u1"]


def test_a_member_called_by_the_first_part_of_their_handle():
    members = {"u1": "mira", "u2": "tobias_b", "u3": "kenji", "u4": "sol"}
    from actionitems.extraction import RulesExtractor
    from tests.actionitems.extraction.helpers import conversation

    messages = conversation(("u1", "Tobias could you order the lanyards?"))
    (item,) = RulesExtractor().extract(messages, members=members)
    assert item.assignee == "u2"


def test_a_pronoun_imperative_finishes_the_work_handed_out_before_it():
    items = extract(("u1", "<@u3> the posters are yours, pls do them thursday"))
    assert [(i.assignee, i.due) for i in items] == [("u3", date(2026, 3, 5))]
