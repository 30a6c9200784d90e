"""Training the category model from labelled corpora (``manage.py train_category_model``).

Every labelled item the rules find gives one example: the features the extractor shows
the model for that item, recorded while it runs, with the labelled category, so training
and reading can never disagree on a feature. scikit-learn fits the logistic regression; it
is a development dependency, and reading the model needs none of it.
"""

from collections import Counter
from collections.abc import Iterable, Sequence

from actionitems.extraction.category_model import CategoryModel, Shown, feature_names
from actionitems.extraction.corpus import Conversation
from actionitems.extraction.rules import RulesExtractor
from actionitems.extraction.scoring import matches

# Inverse strength of the L2 penalty, and how many examples must show a feature for the
# model to weigh it: chosen by leave-one-corpus-out accuracy (README, "Extractor quality").
STRENGTH = 3.0
MIN_COUNT = 1
# How much higher the model must score a category than the rules' reading to overrule
# it: the smallest of 0, 0.25, 0.5, 0.75 and 1 that keeps the original development
# corpus's category at the 0.85 (README, "Extractor quality").
MARGIN = 0.5

Example = tuple[frozenset[str], str]


class _Recorder:
    """Stands in for the model during extraction: keeps what each item shows and answers
    with the rules' own reading."""

    def __init__(self) -> None:
        self.shown: list[frozenset[str]] = []

    def category(self, shown: Shown, rules: str) -> str:
        self.shown.append(frozenset(feature_names(shown)))
        return rules


def labelled_examples(conversations: Iterable[Conversation]) -> list[Example]:
    """What the extractor shows for each item it finds that is labelled, with the label;
    items are matched to labels the way the scorer matches them."""
    examples = []
    for conversation in conversations:
        recorder = _Recorder()
        candidates = RulesExtractor(recorder).extract(
            conversation.messages, members=conversation.members, channel_name=conversation.channel
        )
        labels = matches(conversation.gold, (c.message_id for c in candidates))
        for shown, label in zip(recorder.shown, labels, strict=True):
            if label is not None:
                examples.append((shown, label["category"]))
    return examples


def train(
    examples: Sequence[Example],
    *,
    strength: float = STRENGTH,
    min_count: int = MIN_COUNT,
    margin: float = MARGIN,
) -> CategoryModel:
    """A multinomial logistic regression over the features at least ``min_count``
    examples show; weights rounded to four places, so a retrained model reads the same."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for shown, _ in examples for name in shown)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(
        [{name: 1.0 for name in shown if counts[name] >= min_count} for shown, _ in examples]
    )
    fit = LogisticRegression(C=strength, max_iter=10_000)
    fit.fit(matrix, [category for _, category in examples])
    coef, intercept = fit.coef_.tolist(), fit.intercept_.tolist()
    if len(fit.classes_) == 2:
        # A two-class fit keeps one row, the second class's score against the first's 0.
        coef, intercept = [[0.0] * len(coef[0]), coef[0]], [0.0, intercept[0]]
    names = vectorizer.get_feature_names_out()
    return CategoryModel(
        tuple(str(c) for c in fit.classes_),
        tuple(round(b, 4) for b in intercept),
        {str(name): tuple(round(row[j], 4) for row in coef) for j, name in enumerate(names)},
        margin,
    )
