"""How many messages per second the rules extractor reads on one core.

    .venv/bin/python bench/extractor_speed.py [CORPUS.json] [--seconds N] [--rules-only]

Replays the corpus (default bench/corpus/fresh-a.json) until about N seconds have passed
and prints messages/second by wall clock and by CPU time (time.process_time), the best
single pass too: on a shared machine the wall clock counts the time other processes held
the core, CPU time much less so. ``--rules-only`` leaves out the category model, as
``manage.py extract --rules-only`` does.
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
    parser.add_argument(
        "corpus", nargs="?", default=str(Path(__file__).parent / "corpus" / "fresh-a.json")
    )
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rules-only", action="store_true")
    args = parser.parse_args()
    conversations = load_corpus(args.corpus)
    per_pass = sum(len(c.messages) for c in conversations)
    extractor = RulesExtractor(rules_only=args.rules_only)
    messages = passes = 0
    best_pass = float("inf")
    start, cpu_start = time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - start) < args.seconds:
        pass_start = time.process_time()
        for conv in conversations:
            extractor.extract(conv.messages, members=conv.members, channel_name=conv.channel)
        best_pass = min(best_pass, time.process_time() - pass_start)
        messages += per_pass
        passes += 1
    cpu = time.process_time() - cpu_start
    print(
        f"{messages / elapsed:,.0f} messages/s wall clock, {messages / cpu:,.0f} by CPU time, "
        f"{per_pass / best_pass:,.0f} by CPU time in the best pass "
        f"({messages} messages, {passes} passes, {elapsed:.1f}s)"
    )


if __name__ == "__main__":
    main()
