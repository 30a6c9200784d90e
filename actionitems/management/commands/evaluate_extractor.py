"""Score the rules extractor against a labelled corpus file."""

from django.core.management.base import BaseCommand

from actionitems.extraction.corpus import predictions
from actionitems.extraction.rules import RulesExtractor
from actionitems.extraction.scoring import score
from actionitems.management.corpus_files import read_corpus

_SHOWN = (
    "precision",
    "recall",
    "f1",
    "priority_accuracy",
    "category_accuracy",
    "assignee_accuracy",
    "due_accuracy",
)


class Command(BaseCommand):
    help = "Print precision, recall, F1 and attribute accuracies of the rules extractor."

    def add_arguments(self, parser):
        parser.add_argument("corpus", help="path of a labelled corpus JSON file")
        parser.add_argument(
            "--rules-only",
            action="store_true",
            help="categories as the rules read them, without the category model",
        )

    def handle(self, *args, **options):
        conversations = read_corpus(options["corpus"])
        result = score(
            conversations,
            predictions(conversations, RulesExtractor(rules_only=options["rules_only"])),
        )
        self.stdout.write(f"items: tp={result['tp']} fp={result['fp']} fn={result['fn']}")
        for name in _SHOWN:
            self.stdout.write(f"{name}: {result[name]:.3f}")
