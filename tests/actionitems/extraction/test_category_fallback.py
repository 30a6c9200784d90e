"""Category of a task whose wording names no telling vocabulary: doing something is the
group's work unless it is an errand, and a remedy for a defect reported around it is a fix."""

import pytest

from actionitems.extraction.category import category_of


@pytest.mark.parametrize(
    ("task", "verb", "category"),
    [
        # Doing something for the group, in whatever trade, is its work.
        ("i'll knit the scarves for the stall", "knit", "project"),
        ("can you glaze the bowls before the firing", "glaze", "project"),
        ("someone needs to tune the drums", "tune", "project"),
        # Errands and favours: fetching, carrying, sending, chores.
        ("can you fetch the chairs from the hall", "fetch", "general"),
        ("everyone send me your availability", "send", "general"),
        ("could you clean the kitchen tonight", "clean", "general"),
        ("can someone hire the gazebo", "hire", "general"),
        # Ringing someone is calling them; clearing out and showing round are chores.
        ("i'll ring the caterers tomorrow", "ring", "general"),
        ("can everyone clear their mugs off the desk", "clear", "general"),
        ("can you show the plumber the boiler", "show", "general"),
        # Work on the doer's own things is personal.
        ("i'll repaint my bike this weekend", "repaint", "general"),
    ],
)
def test_doing_is_the_groups_work_unless_it_is_an_errand(task, verb, category):
    assert category_of(task, verb=verb) == category


@pytest.mark.parametrize(
    ("task", "context", "verb", "category"),
    [
        # The remedy for a defect its message or the message replied to reports.
        ("can you reset the oven timer", "the oven crashed twice tonight", "reset", "bug"),
        ("i'll restitch the hem", "the hem ripped during the show", "restitch", "bug"),
        ("i'll email the landlord", "the shower is broken again", "email", "bug"),
        ("can you reset the keypad", "the keypad is dead again", "reset", "bug"),
        # Making something new, buying or answering the reporter is no remedy.
        ("can you draft the notice", "the lift is broken", "draft", "project"),
        ("can you buy a new kettle", "the kettle is broken", "buy", "general"),
        ("i'll reply to the customer", "the app crashes on launch", "reply", "general"),
        # A fault reported without a defect word: acting oddly, back again, since a change.
        ("can you phone the installer", "the gate motor is grinding weirdly", "phone", "bug"),
        ("i'll text the plumber", "the tap is dripping again", "text", "bug"),
        (
            "can you ring the vendor",
            "the scanner rejects every badge since the update",
            "ring",
            "bug",
        ),
        ("can you call the installer", "the kiln stays cold no matter what we set", "call", "bug"),
        # A blocker is a fault in the way of the work, whatever work the clause names.
        ("can you look into it", "that's a blocker for the launch", "look", "bug"),
        ("i'll send a new one", "ah the quote was a mistake, sorry", "send", "bug"),
        # Changing the faulty thing itself is its remedy, whatever work words say how.
        (
            "i'll swap it for the plain template",
            "the footer renders upside down again",
            "swap",
            "bug",
        ),
        (
            "i'll write it up for the newsletter",
            "the footer renders upside down again",
            "write",
            "project",
        ),
        # A person "dead" or "stuck" reports no defect.
        ("could someone caption the photos", "i can't tonight, i'm dead", "caption", "project"),
    ],
)
def test_a_remedy_reads_the_defect_from_its_context(task, context, verb, category):
    assert category_of(task, context, verb) == category


def test_a_remedy_gives_way_to_the_work_the_nearer_clause_names():
    nearer = ("the demo page needs a banner",)
    assert category_of("can you reset it", "the login crashes", "reset", antecedents=nearer) == (
        "project"
    )


@pytest.mark.parametrize(
    ("task", "verb", "category"),
    [
        # Work wanted at once that names nothing of its own is firefighting.
        ("can you stop the import job right now", "stop", "bug"),
        ("@u2 please flush the queue asap", "flush", "bug"),
        ("can you raise it with the landlord as urgent", "raise", "bug"),
        # Urgency leaves errands, making and anything named to their own category.
        ("can you pay the caterer asap", "pay", "general"),
        ("can you draft the statement asap", "draft", "project"),
        ("can you shift the standup asap", "shift", "meeting"),
    ],
)
def test_urgent_work_that_names_nothing_is_firefighting(task, verb, category):
    assert category_of(task, verb=verb) == category
