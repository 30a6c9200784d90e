"""Detection and attribute scores of predictions against a labelled corpus.

Same semantics as the corpus' reference scorer: items match one to one on
``message_id`` within a conversation; attribute accuracies are over matched items.
"""

from collections import Counter
from collections.abc import Iterable, Sequence

from actionitems.extraction.corpus import Conversation

FIELDS = ("priority", "category", "assignee", "due")


def matches(gold: Sequence[dict], message_ids: Iterable[str | None]) -> list[dict | None]:
    """The labelled item each prediction, given by its ``message_id`` in order, matches
    (None for none): one to one, each label taken by the first prediction on its message."""
    unmatched = list(gold)
    found = []
    for message_id in message_ids:
        match = next((g for g in unmatched if g["message_id"] == message_id), None)
        if match is not None:
            unmatched.remove(match)
        found.append(match)
    return found


def score(conversations: list[Conversation], predicted: dict) -> dict:
    preds = {c["id"]: c.get("items", []) for c in predicted.get("conversations", [])}
    tp = fp = fn = 0
    hits: Counter[str] = Counter()
    for conv in conversations:
        items = preds.get(conv.id, [])
        labels = matches(conv.gold, (item.get("message_id") for item in items))
        matched = 0
        for item, match in zip(items, labels, strict=True):
            if match is None:
                fp += 1
                continue
            matched += 1
            hits.update(f for f in FIELDS if item.get(f) == match[f])
        tp += matched
        fn += len(conv.gold) - matched
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }
    for f in FIELDS:
        result[f"{f}_accuracy"] = round(hits[f] / tp, 3) if tp else 0.0
    return result
