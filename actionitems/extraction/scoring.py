"""Detection and attribute scores of predictions against a labelled corpus.

Same semantics as the corpus' reference scorer: items match one to one on
``message_id`` within a conversation; attribute accuracies are over matched items.
"""

from collections import Counter

from actionitems.extraction.corpus import Conversation

FIELDS = ("priority", "category", "assignee", "due")


def score(conversations: list[Conversation], predicted: dict) -> dict:
    preds = {c["id"]: c.get("items", []) for c in predicted.get("conversations", [])}
    tp = fp = fn = 0
    hits: Counter[str] = Counter()
    for conv in conversations:
        unmatched = list(conv.gold)
        for item in preds.get(conv.id, []):
            match = next((g for g in unmatched if g["message_id"] == item.get("message_id")), None)
            if match is None:
                fp += 1
                continue
            unmatched.remove(match)
            tp += 1
            hits.update(f for f in FIELDS if item.get(f) == match[f])
        fn += len(unmatched)
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
