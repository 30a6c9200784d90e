"""Print the rules extractor's predictions for a corpus file, in the scorer's format."""

import json

from django.core.management.base import BaseCommand

from actionitems.extraction.corpus import predictions
from actionitems.extraction.rules import RulesExtractor
from actionitems.management.corpus_files import read_corpus


class Command(BaseCommand):
    help = "Extract action items from a corpus JSON file and print them as predictions JSON."

    def add_arguments(self, parser):
        parser.add_argument("corpus", help="path of a corpus JSON file")
        parser.add_argument(
            "--rules-only",
            action="store_true",
            help="categories as the rules read them, without the category model",
        )

    def handle(self, *args, **options):
        conversations = read_corpus(options["corpus"])
        result = predictions(conversations, RulesExtractor(rules_only=options["rules_only"]))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
