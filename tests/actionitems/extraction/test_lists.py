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
    (item,) = RulesExtractor(rules_only=True).extract(messages, members=members)
    assert item.assignee == "u2"


def test_a_pronoun_imperative_finishes_the_work_handed_out_before_it():
    items = extract(("u1", "<@u3> the posters are yours, pls do them thursday"))
    assert [(i.assignee, i.due) for i in items] == [("u3", date(2026, 3, 5))]


def test_bullets_without_a_heading_colon_are_a_list_of_needed_work():
    text = (
        "SCENE 2\n- the ladder needs a new rung, it wobbles\n"
        "- spotlight two is dim, needs replacing\n"
        "- the crowd noise needs to be quieter\n- programmes are all printed"
    )
    items = extract(("u1", text))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", None)] * 3


def test_list_lines_tagged_with_their_owner_or_calling_for_one():
    text = (
        "open items:\n1. ticket 77 — login loop on safari (kenji)\n"
        "2. ticket 80 — totals off by one (unassigned)\n3. flyer for the fair, anyone?\n"
        "4. docs: sol updates the faq"
    )
    items = extract(("u1", text))
    assert [i.assignee for i in items] == ["u3", None, None, "u4"]


def test_status_lines_of_a_list_are_no_items():
    text = (
        "where we are:\n- venue: deposit is in\n- catering: waiting on the quote\n"
        "- music: nothing to do"
    )
    assert extract(("u1", text)) == []


def test_a_list_line_asking_someone_to_own_it_is_the_task_itself():
    text = (
        "all of this by friday please. still open:\n1. the seating plan — <@u2> can you own that?\n"
        "2. the raffle prizes — need a volunteer\n3. the speeches — I'll chase the best man"
    )
    items = extract(("u1", text))
    assert [i.assignee for i in items] == ["u2", None, "u1"]
    assert {i.due for i in items} == {date(2026, 3, 6)}


def test_a_date_the_heading_only_mentions_is_no_deadline_for_the_lines():
    items = extract(("u1", "the audit is next week. TODO:\n- shred old files\n- label the boxes"))
    assert [i.due for i in items] == [None, None]


def test_asking_someone_to_find_out_if_is_no_hypothetical():
    item = extract(("u1", "someone has to ask the caterer if they can do vegan options"))
    assert [i.assignee for i in item] == [None]


def test_an_id_is_a_thing_not_i_would():
    (item,) = extract(("u1", "<@u2> can you send me the booking id before noon?"))
    assert item.assignee == "u2"
