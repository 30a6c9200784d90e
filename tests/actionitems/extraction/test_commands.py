"""The extract and evaluate_extractor commands on a tiny corpus file."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actionitems.extraction.category_model import CategoryModel

CORPUS = {
    "conversations": [
        {
            "id": "t-01",
            "guild": "Test",
            "channel": "dev-chat",
            "members": {"u1": "mira", "u2": "tobias"},
            "messages": [
                {"id": "t-01-m001", "author": "u1", "ts": "2026-03-02T09:15:00Z",
                 "content": "<@u2> can you bump the SDK to 4.2 before Friday's build?",
                 "mentions": ["u2"], "reply_to": None},
                {"id": "t-01-m002", "author": "u2", "ts": "2026-03-02T09:16:00Z",
                 "content": "sure", "mentions": [], "reply_to": "t-01-m001"},
                {"id": "t-01-m003", "author": "u1", "ts": "2026-03-02T09:20:00Z",
                 "content": "lunch was great", "mentions": [], "reply_to": None},
            ],
            "gold": [
                {"message_id": "t-01-m001", "text": "Bump the SDK to 4.2", "assignee": "u2",
                 "priority": "medium", "category": "project", "due": "2026-03-06"},
                {"message_id": "t-01-m003", "text": "Not really an item", "assignee": None,
                 "priority": "low", "category": "general", "due": None},
            ],
        }
    ]
}  # fmt: skip


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps(CORPUS))
    return path


@pytest.fixture
def always_meeting(monkeypatch):
    """A category model that reads every item as a meeting, in place of the shipped one."""
    model = CategoryModel(("meeting", "project"), (5.0, 0.0), {})
    monkeypatch.setattr("actionitems.extraction.rules.shipped_model", lambda: model)


def test_extract_prints_predictions(corpus_file):
    out = StringIO()
    call_command("extract", str(corpus_file), "--rules-only", stdout=out)
    assert json.loads(out.getvalue()) == {
        "conversations": [
            {
                "id": "t-01",
                "items": [
                    {
                        "message_id": "t-01-m001",
                        "text": "Bump the SDK to 4.2 before Friday's build",
                        "priority": "medium",
                        "category": "project",
                        "assignee": "u2",
                        "due": "2026-03-06",
                    }
                ],
            }
        ]
    }


def test_evaluate_prints_scores(corpus_file):
    out = StringIO()
    call_command("evaluate_extractor", str(corpus_file), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "items: tp=1 fp=0 fn=1"
    assert "precision: 1.000" in lines
    assert "recall: 0.500" in lines
    assert "f1: 0.667" in lines
    assert "due_accuracy: 1.000" in lines
    assert "assignee_accuracy: 1.000" in lines


def test_extract_reads_categories_with_the_category_model(corpus_file, always_meeting):
    out = StringIO()
    call_command("extract", str(corpus_file), stdout=out)
    (item,) = json.loads(out.getvalue())["conversations"][0]["items"]
    assert item["category"] == "meeting"


@pytest.mark.usefixtures("always_meeting")
def test_evaluate_with_rules_only_leaves_the_category_model_out(corpus_file):
    def category_line(*flags):
        out = StringIO()
        call_command("evaluate_extractor", str(corpus_file), *flags, stdout=out)
        return next(line for line in out.getvalue().splitlines() if "category" in line)

    assert category_line() == "category_accuracy: 0.000"
    assert category_line("--rules-only") == "category_accuracy: 1.000"


@pytest.mark.parametrize("command", ["extract", "evaluate_extractor"])
@pytest.mark.parametrize(
    ("text", "message"),
    [(None, "No such corpus file: "), ("{not json", "Not a corpus file: "), ("[]", "Not a corpus")],
)
def test_a_missing_or_broken_corpus_file_is_a_clear_error(tmp_path, command, text, message):
    corpus = tmp_path / "corpus.json"
    if text is not None:
        corpus.write_text(text)

    with pytest.raises(CommandError, match=message + ".*corpus.json"):
        call_command(command, str(corpus))
