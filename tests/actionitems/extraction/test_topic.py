"""A conversation's topic, the prior for a task whose own words say nothing telling."""

from actionitems.extraction.category import category_of
from actionitems.extraction.text import words_of
from actionitems.extraction.topic import Topic
from tests.actionitems.extraction.helpers import extract


def topic(*messages: str) -> Topic:
    return Topic(words_of(message) for message in messages)


WORK = topic(
    "the new landing page draft is up, can someone review it?",
    "i'll merge the branch after the build goes green",
    "release notes need a screenshot of the dashboard",
)
ERRANDS = topic(
    "gas bill came, it's £80 each, pay me by friday",
    "i'll order more bin bags and pick up the groceries",
    "whose turn is it to buy milk?",
)


def test_a_conversation_about_the_groups_work_is_about_work():
    assert WORK.about_work


def test_a_conversation_about_bills_and_shopping_is_about_errands():
    assert not ERRANDS.about_work


def test_a_conversation_naming_nothing_counts_as_work():
    assert topic("morning all", "lol same").about_work


def test_an_unfamiliar_task_takes_the_topic_of_its_conversation():
    task = "can you haul the old sofa out on saturday"
    assert category_of(task, verb="haul", topic=ERRANDS) == "general"
    assert category_of(task, verb="haul", topic=WORK) == "project"
    assert category_of(task, verb="haul") == "project"


def test_a_task_whose_words_decide_ignores_the_topic():
    assert category_of("can you write the onboarding doc", verb="write", topic=ERRANDS) == (
        "project"
    )
    assert category_of("can you buy a kettle", verb="buy", topic=WORK) == "general"


def test_a_standup_line_stays_the_groups_work_in_a_conversation_about_errands():
    task = "today: sand the shelves"
    assert category_of(task, verb="sand", default="project", topic=ERRANDS) == "project"


def test_the_texts_are_read_once_and_only_when_asked():
    read = []

    def messages():
        read.append(1)
        yield words_of("the rent is due, pay me by monday")

    rent = Topic(messages())
    assert read == []
    assert not rent.about_work
    assert not rent.about_work
    assert read == [1]


def test_the_extractor_reads_the_topic_from_the_whole_conversation():
    items = extract(
        ("u1", "electric bill came, €60 each, pls pay by the 5th"),
        ("u2", "sent"),
        ("u3", "also we're out of dish soap, i'll order some with the groceries"),
        ("u1", "<@u4> can you haul the old sofa out to the skip on saturday?"),
    )
    assert [i.category for i in items if "sofa" in i.text.lower()] == ["general"]
