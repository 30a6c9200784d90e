"""How many messages per second the rules extractor reads on one core.

    .venv/bin/python bench/extractor_speed.py [CORPUS.json] [--seconds N]

Replays the corpus until about N seconds have passed and prints messages/second.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actionitems.extraction.corpus import load_corpus
from actionitems.extraction.rules import RulesExtractor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default="/work/shared/corpus/dev.json")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    conversations = load_corpus(args.corpus)
    per_pass = sum(len(c.messages) for c in conversations)
    extractor = RulesExtractor()
    messages = passes = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < args.seconds:
        for conv in conversations:
            extractor.extract(conv.messages, members=conv.members, channel_name=conv.channel)
        messages += per_pass
        passes += 1
    rate = messages / elapsed
    print(f"{rate:,.0f} messages/s ({messages} messages, {passes} passes, {elapsed:.1f}s)")


if __name__ == "__main__":
    main()
