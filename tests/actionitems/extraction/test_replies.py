"""Replies to earlier items: which open item a volunteer takes, work added by its owner,
a new request after an answer, and recaps that only repeat."""

from datetime import date

from tests.actionitems.extraction.helpers import extract, only


def test_a_volunteer_takes_the_open_item_they_name():
    items = extract(
        ("u1", "TODO before the open day:\n- mop the studio floor\n- restring the loaner guitars"),
        ("u3", "i'll do the guitars thursday", 1),
    )
    assert [i.assignee for i in items] == [None, "u3"]


def test_a_subjectless_will_volunteers():
    item = only(
        ("u1", "could someone with an ipad try the booking form?"),
        ("u4", "i have one, will try it after class", 1),
    )
    assert item.assignee == "u4"


def test_send_it_my_way_volunteers():
    items = extract(
        ("u2", "i'll patch the footer. just need someone to review"),
        ("u3", "send it my way", 1),
    )
    assert [i.assignee for i in items] == ["u2", "u3"]


def test_work_for_everyone_is_not_taken_by_one_volunteer():
    item = only(("u1", "everyone needs to sign the waiver by friday"), ("u2", "will do", 1))
    assert item.assignee is None


def test_the_owner_adding_work_is_a_new_item():
    items = extract(
        ("u1", "<@u3> can you run the pub quiz?"),
        ("u3", "sure. I'll write the picture round too", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u3"), ("m2", "u3")]


def test_a_request_after_an_answer_is_a_new_item():
    items = extract(
        ("u1", "can someone sort the raffle float?"),
        ("u2", "will do. <@u4> can you send me the cashbox code?", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2"), ("m2", "u4")]


def test_a_recap_heading_covers_every_share_in_it():
    items = extract(
        ("u1", "<@u2> can you book the coach for the away game?"),
        ("u3", "I'll wash the kit bags on sunday"),
        ("u1", "recap: <@u2> coach for the away game, <@u3> kit bags"),
    )
    assert [i.message_id for i in items] == ["m1", "m2"]


def test_todo_for_me_is_the_writers():
    item = only(("u2", "TODO(me): rename the export buttons"))
    assert item.assignee == "u2"


def test_a_plan_for_a_stated_time_is_a_commitment():
    item = only(("u1", "I'm cleaning the stall sign tonight"))
    assert (item.assignee, item.due) == ("u1", date(2026, 3, 3))


def test_a_date_naming_an_event_is_no_due_date():
    item = only(("u1", "<@u2> can you add the budget to tomorrow's agenda?"))
    assert (item.due, item.priority) == (None, "medium")


def test_a_bare_time_is_the_same_day_and_end_of_month_its_last_day():
    assert only(("u1", "everyone send me your sizes by 6pm pls")).due == date(2026, 3, 3)
    assert only(("u1", "I'll renew the insurance by end of month")).due == date(2026, 3, 31)


def test_by_then_points_back_at_the_date_said_before():
    item = only(("u1", "the fair is on saturday. <@u3> can you print the map before then?"))
    assert item.due == date(2026, 3, 7)


def test_doing_it_now_volunteers_for_the_open_request():
    items = extract(
        ("u1", "someone needs to email the plumber asap"),
        ("u2", "emailing them now", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2")]


def test_starting_work_just_handed_over_is_no_new_item():
    items = extract(("u1", "<@u2> pls order the new chairs"), ("u2", "ordering now"))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2")]


def test_what_has_to_be_fixed_before_an_event_is_the_groups_work():
    items = extract(
        ("u1", "the signup form rejects every email with a plus sign"),
        ("u2", "that has to be fixed before the launch", 1),
        ("u3", "my bad, fixing now", 2),
    )
    assert [(i.message_id, i.assignee, i.category) for i in items] == [("m2", "u3", "bug")]


def test_a_volunteer_who_names_an_open_item_takes_it_without_replying():
    items = extract(
        ("u1", "picnic:\n- rent the gazebo (sol)\n- buy charcoal\n- bring speakers, anyone?"),
        ("u2", "nice"),
        ("u3", "I'll get the charcoal on my way"),
    )
    assert [i.assignee for i in items] == ["u4", "u3", None]


def test_a_volunteer_who_also_hands_out_work_states_new_items():
    items = extract(
        ("u1", "someone has to buy charcoal"),
        ("u3", "I'll bring the grill, <@u2> pls grab the charcoal"),
    )
    assert [(i.message_id, i.assignee) for i in items][0] == ("m1", None)
    assert len(items) == 3


def test_a_reply_handing_the_request_to_a_member_assigns_it_and_adds_nothing():
    items = extract(
        ("u3", "someone needs to fix the broken footer link on the pricing page"),
        ("u1", "<@u2> that one's yours", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2")]


def test_a_reply_committing_to_work_only_said_to_be_due_is_the_item():
    item = only(
        ("u1", "heads up, the van insurance is due on friday"),
        ("u2", "mine, i'll renew it on thursday", 1),
    )
    assert (item.message_id, item.assignee, item.due) == ("m2", "u2", date(2026, 3, 5))


def test_taking_over_work_said_to_be_due_leaves_the_item_where_it_was():
    item = only(
        ("u1", "heads up, the van insurance is due on friday"),
        ("u2", "i'll take it", 1),
    )
    assert (item.message_id, item.assignee, item.due) == ("m1", "u2", date(2026, 3, 6))


def test_taking_on_work_the_rules_missed_anchors_it_where_it_was_asked():
    item = only(
        ("u1", "the welcome packs for the new joiners - anyone? the last ones were a mess"),
        ("u2", "i'll do it tonight", 1),
    )
    assert (item.message_id, item.assignee, item.due) == ("m1", "u2", None)


def test_work_taken_on_keeps_the_deadline_of_the_message_that_asked():
    item = only(
        ("u1", "quarterly newsletter, anyone free? the printers want it by thursday"),
        ("u3", "on it", 1),
    )
    assert (item.message_id, item.assignee, item.due) == ("m1", "u3", date(2026, 3, 5))


def test_an_acknowledgement_of_work_already_someones_is_no_new_item():
    items = extract(
        ("u1", "<@u2> can you repaint the sign for the stall by friday?"),
        ("u3", "<@u2> i can lend you the brushes", 1),
        ("u4", "will do tonight", 1),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2")]
