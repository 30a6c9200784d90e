"""Training the category model: examples recorded from the extractor, the fit, the command."""

import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actionitems.extraction.category_model import MODEL_PATH, CategoryModel
from actionitems.extraction.category_training import labelled_examples, train
from actionitems.extraction.corpus import conversation_from_json, load_corpus

CORPORA = Path(__file__).resolve().parents[3] / "bench" / "corpus"


def labelled(cid: str, lines: list[str], gold: list[tuple[int, str]]) -> dict:
    """A corpus conversation of ``lines`` by u1, labelled with (line index, category)."""
    return {
        "id": cid,
        "channel": "general",
        "members": {"u1": "mira", "u2": "tobias"},
        "messages": [
            {
                "id": f"{cid}-m{i}",
                "author": "u1",
                "ts": f"2026-03-03T09:{i:02d}:00Z",
                "content": line,
                "mentions": ["u2"] if "<@u2>" in line else [],
                "reply_to": None,
            }
            for i, line in enumerate(lines)
        ],
        "gold": [
            {
                "message_id": f"{cid}-m{i}",
                "text": lines[i],
                "assignee": "u2",
                "priority": "medium",
                "category": category,
                "due": None,
            }
            for i, category in gold
        ],
    }


def test_each_labelled_item_found_gives_what_it_shows_and_its_label():
    conversation = conversation_from_json(
        labelled(
            "t",
            [
                "<@u2> can you fix the login page?",
                "<@u2> please order more printer paper",
                "lol what a week",
                "<@u2> could you water the plants",
            ],
            # The second item found has no label, and the label on the joke is never found.
            [(0, "bug"), (2, "general"), (3, "general")],
        )
    )

    examples = labelled_examples([conversation])

    assert [category for _, category in examples] == ["bug", "general"]
    fix, water = (shown for shown, _ in examples)
    assert {"rules bug", "first fix", "task login", "message page"} <= fix
    assert {"first water", "pair the plants"} <= water


def test_the_fit_learns_which_features_tip_the_category():
    examples = [
        (frozenset({"task fix", "task crash"}), "bug"),
        (frozenset({"task fix", "task login"}), "bug"),
        (frozenset({"task agenda", "task send"}), "meeting"),
        (frozenset({"task agenda", "task draft"}), "meeting"),
        (frozenset({"task buy", "task milk"}), "general"),
        (frozenset({"task buy", "task stamps"}), "general"),
    ] * 3

    model = train(examples, strength=10.0, min_count=2)

    # No rules reading ("") to fall back on: the model alone decides.
    assert model.category({"task": ("fix", "unseen")}, "") == "bug"
    assert model.category({"task": ("agenda",)}, "") == "meeting"
    assert model.category({"task": ("buy",)}, "") == "general"
    assert train(examples, strength=10.0, min_count=2).weights == model.weights


def test_features_fewer_examples_show_than_the_minimum_get_no_weight():
    examples = [
        (frozenset({"task fix", "task once"}), "bug"),
        (frozenset({"task fix"}), "bug"),
        (frozenset({"task buy"}), "general"),
        (frozenset({"task buy"}), "general"),
    ]

    assert set(train(examples, min_count=2).weights) == {"task fix", "task buy"}


def test_the_shipped_model_is_what_training_on_its_corpora_makes():
    shipped = json.loads(MODEL_PATH.read_text())
    about = shipped["about"]
    conversations = [c for name in about["corpora"] for c in load_corpus(CORPORA / name)]

    retrained = train(
        labelled_examples(conversations),
        strength=about["strength"],
        min_count=about["min_count"],
        margin=shipped["margin"],
    )

    assert about["examples"] == len(labelled_examples(conversations))
    assert retrained.classes == tuple(shipped["classes"])
    assert retrained.bias == tuple(shipped["bias"])
    assert retrained.margin == shipped["margin"]
    assert retrained.weights == {name: tuple(row) for name, row in shipped["weights"].items()}


def test_the_command_writes_a_model_the_extractor_can_read(tmp_path):
    corpus = tmp_path / "corpus.json"
    corpus.write_text(
        json.dumps(
            {
                "conversations": [
                    labelled(
                        f"t{n}",
                        ["<@u2> can you fix the login page?", "<@u2> please order more paper"],
                        [(0, "bug"), (1, "general")],
                    )
                    for n in range(3)
                ]
            }
        )
    )
    out, model = StringIO(), tmp_path / "model.json"

    call_command("train_category_model", str(corpus), "--out", str(model), stdout=out)

    assert out.getvalue().startswith("6 labelled items, ")
    shown = {"first": ("fix",), "task": ("fix", "login")}
    assert CategoryModel.load(model).category(shown, "") == "bug"
    about = json.loads(model.read_text())["about"]
    assert about == {"corpora": ["corpus.json"], "examples": 6, "strength": 3.0, "min_count": 1}
    assert json.loads(model.read_text())["margin"] == 0.5


def test_the_command_refuses_a_missing_corpus(tmp_path):
    with pytest.raises(CommandError, match="No such corpus file: .*nowhere.json"):
        call_command("train_category_model", str(tmp_path / "nowhere.json"))


def test_the_command_refuses_corpora_with_one_category(tmp_path):
    corpus = tmp_path / "corpus.json"
    corpus.write_text(
        json.dumps({"conversations": [labelled("t", ["<@u2> can you fix it?"], [(0, "bug")])]})
    )
    out = tmp_path / "model.json"

    with pytest.raises(CommandError, match="fewer than two categories"):
        call_command("train_category_model", str(corpus), "--out", str(out))
    assert not out.exists()


def test_the_command_says_what_to_install_without_scikit_learn(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # what an install without it imports
    out = tmp_path / "model.json"

    with pytest.raises(CommandError, match="needs scikit-learn: pip install -r requirements-dev"):
        call_command("train_category_model", str(CORPORA / "fresh-a.json"), "--out", str(out))
    assert not out.exists()


@pytest.mark.parametrize("text", ["{not json", '{"conversations": [{"id": "t"}]}', "[]"])
def test_the_command_refuses_a_file_that_is_no_corpus(tmp_path, text):
    corpus = tmp_path / "corpus.json"
    corpus.write_text(text)

    with pytest.raises(CommandError, match="Not a corpus file: .*corpus.json"):
        call_command("train_category_model", str(corpus), "--out", str(tmp_path / "model.json"))
