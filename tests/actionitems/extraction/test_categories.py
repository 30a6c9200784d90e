"""Category read as the guidelines define it: the work the main verb does to its object."""

import pytest

from actionitems.extraction.category import category_of
from actionitems.extraction.cues import ClauseContext, read_clause
from tests.actionitems.extraction.helpers import only


@pytest.mark.parametrize(
    ("task", "verb", "category"),
    [
        # A defect word describing what is made is no defect to fix.
        ("add a lint step that fails if a migration is missing", "add", "project"),
        ("write a wrapper so the importer doesn't crash on empty rows", "write", "project"),
        # ... but the defect is the work when the verb repairs or investigates it.
        ("look at the importer that crashes on empty rows", "look", "bug"),
        # Checking someone's own work is reviewing it, whatever it says is wrong.
        ("check my proof for problem 3, the bound is wrong", "check", "project"),
        ("look over her slides for typos", "look", "project"),
        # Reading is no making.
        ("reread the style guide before friday", "reread", "general"),
        # Seeding a bracket or a table builds the group's work.
        ("seed the bracket with last year's finalists", "seed", "project"),
        # Posting a notice somewhere is passing a message on; posting content is content.
        ("post on the forum now: 'looking into the login delays'", "post", "general"),
        ("post a pinned note in the lobby channel", "post", "general"),
        ("post the release notes in the announcements channel", "post", "project"),
        # A meeting word before an errand's noun only says which one.
        ("add a budget line to the kickoff checklist", "add", "general"),
        # "do" says nothing of the work: the errand it is done to decides.
        ("do the expense claims after the trip", "do", "general"),
        ("do the landing page", "do", "project"),
        # Sending the right one replaces a wrong one.
        ("can you email the venue the correct spelling", "email", "bug"),
        ("i'll send everyone the right address tonight", "send", "bug"),
        ("can you print a corrected timetable", "print", "bug"),
        ("i'll send everyone the address tonight", "send", "general"),
        # Finding a time for people to meet is scheduling.
        ("can you find a slot for the handover next week", "find", "meeting"),
        ("i'll put up a date poll for the workshop", "put", "meeting"),
        # Adding or putting something somewhere is work on the place it goes.
        ("add the login outage to friday's retro agenda", "add", "meeting"),
        ("add oat milk to the supplies order", "add", "general"),
        ("add the new endpoint to the api docs", "add", "project"),
        ("put the sponsor logos on the website", "put", "project"),
        # A clause saying when the work is done says nothing of what it is.
        ("send me the list of affected customers once it's fixed", "send", "general"),
        ("hold the newsletter until the typo is fixed", "hold", "project"),
        ("can you look at the crash once you're back", "look", "bug"),
        # "get X done": the participle names the work, "get" only that it happens.
        ("can you get the flyers laminated by friday", "get", "project"),
        ("can you get the seating plan done tonight", "get", "project"),
        ("can you get the leaking tap fixed", "get", "bug"),
        ("can you get the spare keys from the office", "get", "general"),
    ],
)
def test_the_verb_and_its_object_decide(task, verb, category):
    assert category_of(task, "", verb) == category


def test_a_pronoun_points_at_the_nearest_clause_that_names_something():
    # The earlier defect report is further away than the docs the clause before names.
    assert category_of("can you do one?", "the login crashes", "do", antecedents=(
        "we can't launch the docs site without a faq page",
    )) == "project"  # fmt: skip
    assert category_of("i'll take it", "the login crashes on submit", "take") == "bug"


def test_a_pronoun_task_takes_the_work_its_nearest_clause_names():
    review = ("the pr for the csv importer needs a second pair of eyes",)
    take_a_look = category_of("can you take a look?", review[0], "take", antecedents=review)
    assert take_a_look == "project"
    errand = ("the office is out of printer paper",)
    take_care = category_of("can you take care of it?", errand[0], "take", antecedents=errand)
    assert take_care == "general"


def test_a_breaking_change_is_no_defect():
    context = "api: breaking changes are merged but there are no examples yet"
    assert category_of("can you do two?", context, "do") == "project"


def test_redoing_something_with_a_reported_flaw_is_a_repair():
    item = only(("u1", "heads up, the intro video has a stutter at the cut. i'll redo it tonight"))
    assert (item.assignee, item.category) == ("u1", "bug")


def test_redoing_something_without_a_flaw_is_making():
    item = only(("u1", "the client picked the blue palette. i'll redo the mockups tonight"))
    assert item.category == "project"


def test_reviewing_a_members_work_stays_project_despite_their_doubts():
    item = only(
        (
            "u2",
            "TODO for whoever has time: someone pls check my proof for q3, i think my bound is off",
        )
    )
    assert (item.assignee, item.category) == (None, "project")


def test_a_marker_or_open_call_finds_the_verb_after_who_is_asked():
    context = ClauseContext()
    assert read_clause("todo: someone pls call the venue", context).verb == "call"
    assert read_clause("someone needs to book the van", context).verb == "book"


@pytest.mark.parametrize(
    ("content", "category"),
    [
        # "we need to ..." names its work by the verb after "to", as "someone needs to" does.
        ("we need to pay the caterer's deposit asap, they'll release our booking", "general"),
        ("we need to present the pilot results at the steering committee", "meeting"),
        ("we need to remind the tenants about the water shutoff", "general"),
    ],
)
def test_an_obligation_reads_its_work_from_the_verb_after_to(content, category):
    item = only(("u1", content))
    assert (item.assignee, item.category) == (None, category)
