"""Train the extractor's category model on labelled corpus files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionitems.extraction.category_model import MODEL_PATH
from actionitems.extraction.category_training import (
    MARGIN,
    MIN_COUNT,
    STRENGTH,
    labelled_examples,
    train,
)
from actionitems.management.corpus_files import read_corpus


class Command(BaseCommand):
    help = (
        "Fit the category model on the labelled items the rules find in CORPUS files and "
        "write it where the extractor reads it (or to --out)."
    )

    def add_arguments(self, parser):
        parser.add_argument("corpora", nargs="+", help="labelled corpus JSON files")
        parser.add_argument("--out", default=str(MODEL_PATH), help="where to write the model")
        parser.add_argument("--strength", type=float, default=STRENGTH)
        parser.add_argument("--min-count", type=int, default=MIN_COUNT)
        parser.add_argument("--margin", type=float, default=MARGIN)

    def handle(self, *args, **options):
        try:
            import sklearn  # noqa: F401  (only to say what is missing, before the work)
        except ImportError as missing:
            raise CommandError(
                "Training needs scikit-learn: pip install -r requirements-dev.txt"
            ) from missing
        paths = [Path(p) for p in options["corpora"]]
        examples = labelled_examples(c for path in paths for c in read_corpus(path))
        if len({category for _, category in examples}) < 2:
            raise CommandError("The corpora give fewer than two categories to tell apart.")
        model = train(
            examples,
            strength=options["strength"],
            min_count=options["min_count"],
            margin=options["margin"],
        )
        model.save(
            options["out"],
            corpora=[p.name for p in paths],
            examples=len(examples),
            strength=options["strength"],
            min_count=options["min_count"],
        )
        self.stdout.write(
            f"{len(examples)} labelled items, {len(model.weights)} features: {options['out']}"
        )
