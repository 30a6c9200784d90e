"""The category model: the features an item shows, and how weights pick a category."""

import json

import pytest

from actionitems.extraction import RulesExtractor
from actionitems.extraction.category_model import (
    CategoryModel,
    feature_names,
    features,
    shipped_model,
)
from actionitems.extraction.text import words_of
from actionitems.extraction.types import CATEGORIES
from tests.actionitems.extraction.helpers import MEMBERS, conversation

CLASSES = ("bug", "general", "meeting", "project")


def model(margin: float = 0.0, **weights: tuple[float, ...]) -> CategoryModel:
    return CategoryModel(CLASSES, (0.0, 0.1, 0.0, 0.0), dict(weights), margin)


def shows(**families: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return families


def test_an_item_shows_its_task_words_pairs_first_word_message_words_and_the_rules():
    shown = features("Book the room, the big one", frozenset({"can", "you", "book"}), "meeting")

    assert feature_names(shown) == {
        "rules meeting",
        "task book",
        "task the",
        "task room",
        "task big",
        "task one",
        "pair book the",
        "pair the room",
        "pair room the",
        "pair the big",
        "pair big one",
        "first book",
        "message can",
        "message you",
        "message book",
    }


def test_an_empty_task_shows_only_the_rules_and_its_message():
    shown = features("", frozenset({"ok"}), "general")

    assert feature_names(shown) == {"rules general", "message ok"}


def test_the_category_with_the_highest_sum_of_weights_wins():
    weights = model(**{"task fix": (2.0, 0.0, 0.0, 0.5), "message docs": (0.0, 0.0, 0.0, 1.0)})

    assert weights.category(shows(task=("fix",)), "general") == "bug"
    assert weights.category(shows(message=("docs",)), "general") == "project"
    assert weights.category(shows(task=("fix",), message=("docs",)), "general") == "bug"


def test_a_word_counts_in_its_own_family_only():
    weights = model(**{"task fix": (2.0, 0.0, 0.0, 0.0)})

    assert weights.category(shows(message=("fix",), pair=("fix",)), "general") == "general"


def test_features_the_model_never_saw_leave_the_bias_to_decide():
    assert model().category(shows(task=("unheard-of",), family=("x",)), "project") == "general"


def test_the_rules_reading_stands_unless_beaten_by_the_margin():
    weights = {"task fix": (1.0, 0.0, 0.0, 0.5)}

    assert model(0.6, **weights).category(shows(task=("fix",)), "project") == "project"
    assert model(0.4, **weights).category(shows(task=("fix",)), "project") == "bug"


def test_a_saved_model_loads_back_the_same(tmp_path):
    path = tmp_path / "model.json"
    original = model(0.5, **{"task fix": (1.5, -0.5, 0.0, -1.0)})

    original.save(path, corpora=["x.json"])
    loaded = CategoryModel.load(path)

    assert (loaded.classes, loaded.bias, loaded.weights) == (
        original.classes,
        original.bias,
        original.weights,
    )
    assert loaded.category(shows(task=("fix",)), "general") == "bug"
    assert json.loads(path.read_text())["about"] == {"corpora": ["x.json"]}


@pytest.mark.parametrize(
    ("classes", "bias"),
    [(("bug", "chores"), (0.0, 0.0)), (("bug", "project"), (0.0,))],
)
def test_a_file_that_is_no_category_model_is_refused(classes, bias):
    with pytest.raises(ValueError, match="Not a category model"):
        CategoryModel(classes, bias, {})


def test_the_shipped_model_reads_the_four_categories():
    assert sorted(shipped_model().classes) == sorted(CATEGORIES)


def test_the_extractor_asks_the_model_with_what_the_item_shows():
    class Asked:
        def __init__(self):
            self.shown = []

        def category(self, shown, rules):
            self.shown.append((feature_names(shown), rules))
            return "meeting"

    asked = Asked()
    messages = conversation(("u1", "<@u2> can you fix the login page?"))

    (item,) = RulesExtractor(asked).extract(messages, members=MEMBERS)

    assert item.category == "meeting"
    content = words_of("<@u2> can you fix the login page?")
    assert asked.shown == [(feature_names(features(item.text, content, "bug")), "bug")]


def test_rules_only_keeps_the_rules_reading():
    messages = conversation(("u1", "<@u2> can you fix the login page?"))

    (item,) = RulesExtractor(model(), rules_only=True).extract(messages, members=MEMBERS)

    assert item.category == "bug"
