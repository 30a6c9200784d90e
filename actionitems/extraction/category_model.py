"""An item's category as a linear model reads it from the task, its message and the rules.

The category often turns on what a task is for, not on its words: "chase the florist" is
project work for a group organising a wedding and an errand for a shop. Hand-written
vocabulary rules (``category``) reach 0.90 of the labelled categories on the conversations
they were written from but only 0.60 to 0.70 on conversations they had never seen. A
multinomial logistic regression over the task's words and word pairs, its message's words
and the rules' own reading, trained on a few thousand labelled items from many settings,
learns which words tip a task one way in context and when to trust the rules. The rules'
reading stands unless the model scores another category higher by ``margin``: where the
model is unsure, the rules are the better guess.

The model is a JSON file of weights (``category_model.json`` beside this module), made by
``manage.py train_category_model`` (``category_training``). Reading it needs nothing but
this module: a prediction is a dictionary lookup per feature and four sums.
"""

import json
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from typing import Protocol

from actionitems.extraction.text import words_in
from actionitems.extraction.types import CATEGORIES

MODEL_PATH = Path(__file__).with_name("category_model.json")


Shown = Mapping[str, Collection[str]]


def features(text: str, message_words: Collection[str], rules_category: str) -> Shown:
    """The features an item shows, by family: ``text`` is its task, ``message_words`` the
    ``words_of`` its message and ``rules_category`` what the vocabulary rules read. Kept
    apart by family, a feature is looked up without making its name: a message's words
    are looked up as they are."""
    tokens = words_in(text.lower())
    return {
        "rules": (rules_category,),
        "task": set(tokens),
        # Joined in C: a comprehension making each pair costs a Python step per pair.
        "pair": set(map(" ".join, zip(tokens, tokens[1:], strict=False))),
        "first": tokens[:1],
        "message": message_words,
    }


def feature_names(shown: Shown) -> set[str]:
    """Each feature as one name, family first ("task fix"), as training and the file name
    them."""
    return {f"{family} {value}" for family, values in shown.items() for value in values}


class CategoryReader(Protocol):
    def category(self, shown: Shown, rules: str) -> str:
        """The category of an item showing the ``features`` in ``shown``, which the
        rules read as ``rules``."""
        ...


class CategoryModel:
    """Weights per feature for each category: the category with the highest sum wins,
    unless it beats the rules' reading by less than ``margin``."""

    def __init__(
        self,
        classes: tuple[str, ...],
        bias: tuple[float, ...],
        weights: dict[str, tuple[float, ...]],
        margin: float = 0.0,
    ) -> None:
        unknown = set(classes) - set(CATEGORIES)
        rows = {len(bias), *map(len, weights.values())}
        if unknown or rows != {len(classes)}:
            raise ValueError(f"Not a category model: classes {classes}, bias {bias}")
        self.classes = classes
        self.bias = bias
        self.weights = weights
        self.margin = margin
        self._index = {category: i for i, category in enumerate(classes)}
        self._tables: dict[str, dict[str, tuple[float, ...]]] = {}
        for name, row in weights.items():
            family, value = name.split(" ", 1)
            self._tables.setdefault(family, {})[value] = row

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> "CategoryModel":
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
        return cls(
            tuple(raw["classes"]),
            tuple(raw["bias"]),
            {name: tuple(row) for name, row in raw["weights"].items()},
            raw["margin"],
        )

    def save(self, path: str | Path, **about: object) -> None:
        """Write the model, with ``about`` (what it was trained on) for people reading it."""
        body = {
            "about": about,
            "classes": list(self.classes),
            "bias": list(self.bias),
            "margin": self.margin,
            "weights": {name: list(row) for name, row in sorted(self.weights.items())},
        }
        with open(path, "w", encoding="utf-8") as f:
            json.dump(body, f, indent=0, separators=(",", ":"))
            f.write("\n")

    def category(self, shown: Shown, rules: str) -> str:
        rows = [self.bias]
        for family, values in shown.items():
            if table := self._tables.get(family):
                rows += filter(None, map(table.get, values))
        # Summing the found rows column by column keeps the loop over features in C; map()
        # lets zip reuse its column tuple, which a list comprehension keeps alive. Every row
        # has a weight per class (``__init__`` checks): zip need not check they end together.
        scores = list(map(sum, zip(*rows, strict=False)))
        best = max(scores)
        ruled = self._index.get(rules)
        if ruled is not None and best - scores[ruled] < self.margin:
            return rules
        return self.classes[scores.index(best)]


@cache
def shipped_model() -> CategoryModel:
    """The model trained on the repository's corpora, read once per process."""
    return CategoryModel.load()
