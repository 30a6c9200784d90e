"""Cases the guidelines settle by convention: work shared out in one line, irony that
ends before a real commitment, standup lines, decisions with their doer, item order,
pronoun tasks answering a defect report, and work done at a dated event."""

from datetime import date

from tests.actionitems.extraction.helpers import extract, only


def test_a_split_list_gives_one_item_per_member():
    items = extract(("u1", "ok split for the rewrite: <@u2> the parser, <@u3> the docs"))
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2"), ("m1", "u3")]


def test_a_split_list_joined_by_and():
    items = extract(("u1", "roles: <@u4> handles sponsors and <@u2> the raffle"))
    assert [i.assignee for i in items] == ["u4", "u2"]


def test_thanks_to_two_members_is_no_list():
    assert extract(("u1", "<@u2> thanks for the slides, <@u3> nice work on the demo")) == []


def test_irony_before_a_real_commitment_keeps_the_commitment():
    item = only(
        ("u2", "who pushed the config that took the signup form down?"),
        ("u3", "me 🙃 reverting it now", 1),
    )
    assert (item.message_id, item.assignee, item.priority) == ("m2", "u3", "high")


def test_irony_at_the_end_still_cancels_the_message():
    assert extract(("u1", "sure, i'll port the game to the fridge by friday /s")) == []


def test_a_standup_line_about_absence_is_no_item():
    assert extract(("u4", "y: sponsor emails\nt: ooo this afternoon, dentist\nb: none")) == []


def test_a_standup_line_repeating_own_earlier_work_is_no_new_item():
    items = extract(
        ("u2", "the csv importer chokes on semicolons, i'll patch the delimiter detection"),
        (
            "u2",
            "y: triage\nt: delimiter patch for the importer\nb: need <@u1> to sign off the copy",
        ),
    )
    assert [(i.message_id, i.assignee) for i in items] == [("m1", "u2"), ("m2", "u1")]


def test_a_blocker_waiting_on_a_member_is_that_members_item():
    items = extract(("u3", "t: the onboarding tour\nb: waiting on <@u4> to share the brand fonts"))
    assert [(i.assignee, i.priority) for i in items] == [("u3", "high"), ("u4", "high")]


def test_a_decision_and_its_doer_are_one_item():
    item = only(("u1", "let's move the retro to friday, i'll update the invite"))
    assert (item.assignee, item.category) == ("u1", "meeting")


def test_items_come_in_the_order_the_message_states_them():
    items = extract(("u1", "<@u3> can you fix the footer typo? i'll ship the pricing page after"))
    assert [(i.assignee, i.category) for i in items] == [("u3", "bug"), ("u1", "project")]


def test_a_pull_request_offered_for_a_defect_report_is_bug_work():
    item = only(
        ("u2", "the date picker shows the wrong month after midnight"),
        ("u3", "I can send a PR tonight", 1),
    )
    assert (item.message_id, item.category, item.due) == ("m2", "bug", date(2026, 3, 3))


def test_work_at_a_dated_event_is_due_that_day():
    item = only(("u1", "the new desks arrive thursday 2pm, can someone be there to receive them?"))
    assert item.due == date(2026, 3, 5)


def test_an_open_call_for_work_at_a_dated_event():
    item = only(("u1", "someone needs to be at the office friday 9am to let the plumber in"))
    assert item.due == date(2026, 3, 6)
