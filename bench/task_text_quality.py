"""How close the extractor's task texts come to the labelled ones, on the items it matches.

    .venv/bin/python bench/task_text_quality.py CORPUS.json [CORPUS.json ...]

The scorer does not look at an item's text, but people read it in every digest and to-do
list. Prints, over the matched items of all the corpora given: the mean F1 of a text's
words against its label's (stopwords left out, plurals folded), and the share of texts
holding a date or urgency word, or a pronoun, that the label does not.
"""

import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actionitems.extraction.corpus import load_corpus
from actionitems.extraction.rules import RulesExtractor
from actionitems.extraction.scoring import matches
from actionitems.extraction.text import word_set

_STOPWORDS = word_set(
    "the a an and or to of for in on at by with from it its this that these them those is "
    "are be i you we my our your their his her me us so up"
)
_WHEN = re.compile(
    r"\b(?:today|tonight|tomorrow|tmrw|eod|eow|asap|now|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|morning|afternoon|week|"
    r"weekend|urgently|urgent)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:it|that|this|them|those|these)\b", re.I)


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words} - _STOPWORDS


def _f1(ours: str, label: str) -> float:
    a, b = _words(ours), _words(label)
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    extractor = RulesExtractor()
    pairs = []
    for path in sys.argv[1:]:
        for conv in load_corpus(path):
            found = extractor.extract(
                conv.messages, members=conv.members, channel_name=conv.channel
            )
            labels = matches(conv.gold, (c.message_id for c in found))
            pairs += [(c.text, g["text"]) for c, g in zip(found, labels, strict=True) if g]
    if not pairs:
        sys.exit("No matched items.")

    def extra(pattern: re.Pattern) -> float:
        return sum(bool(pattern.search(o)) and not pattern.search(g) for o, g in pairs) / len(pairs)

    print(f"{len(pairs)} matched items")
    print(f"word F1 against the labelled text: {statistics.mean(_f1(o, g) for o, g in pairs):.3f}")
    print(f"texts with a date or urgency word the label lacks: {extra(_WHEN):.3f}")
    print(f"texts with a pronoun the label lacks: {extra(_PRONOUN):.3f}")


if __name__ == "__main__":
    main()
