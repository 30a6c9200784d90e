"""Interaction round trips of the real bot: ``manage.py runbot`` against the fake Discord.

Starts the fake (tests/fakediscord) and runbot on a fresh database, seeds a guild with
action items, then sends rounds of concurrent interactions (a mix of ``/todo list``,
``/todo add`` and ``/sweep status``) and times each from the INTERACTION_CREATE sent to
the bot's answer received. Prints p50/p95/max; the target is p95 under 300 ms.

    python bench/interaction_latency.py [--concurrency 20] [--rounds 5] [--items 500]

Uses ``DATABASE_URL`` when set, otherwise a SQLite file in a temporary folder.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noteticketing.settings")
os.environ.setdefault("NOTETICKETING_VAR_DIR", tempfile.mkdtemp(prefix="nt-bench-bot-"))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument(
        "--fake-rate-limit",
        action="store_true",
        help="keep the fake's 50 requests/s per route, which it applies to all interaction "
        "callbacks together (Discord keys them per interaction)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from actionitems.models import ActionItem
    from guilds.models import GuildMember
    from tests.bot.runbot_process import RunBot, wait_for
    from tests.factories import ActionItemFactory
    from tests.fakediscord.server import FakeDiscord

    var = Path(os.environ["NOTETICKETING_VAR_DIR"])
    with FakeDiscord() as fake:
        if not args.fake_rate_limit:
            fake.set_rate_limit(100_000, 1.0)
        guild_id = int(fake.add_guild("Bench Server")["id"])
        general_id = int(fake.add_channel(guild_id, "general")["id"])
        owner = fake.cast[0]
        with RunBot(fake, var / "bot") as bot:
            print("starting runbot…", flush=True)
            fake.wait_for_identify(timeout=30)
            wait_for(
                lambda: GuildMember.objects.filter(guild_id=guild_id).count() >= len(fake.cast),
                seconds=30,
                what="the guild sync\n" + bot.output(),
            )
            from guilds.models import Channel

            channel = Channel.objects.get(id=general_id)
            for n in range(args.items):
                ActionItemFactory(channel=channel, assigned_to=fake.cast[n % 5]["id"])
            print(f"seeded {ActionItem.objects.count()} items", flush=True)

            calls = [
                ("list", {"mine": True}),
                ("add", {"text": "Benchmark task", "priority": "high"}),
                ("list", {"status": "pending", "priority": "high"}),
            ]

            def one(n: int) -> float:
                user = fake.cast[n % len(fake.cast)] if n % 3 != 1 else owner
                subcommand, options = calls[n % len(calls)]
                name = "todo"
                if n % 7 == 6:
                    name, subcommand, options = "sweep", "status", None
                started = time.perf_counter()
                interaction = fake.invoke_command(
                    guild_id, general_id, user["id"], name, options, subcommand=subcommand
                )
                fake.wait_for_response(interaction, timeout=30)
                return (time.perf_counter() - started) * 1000

            one(0)  # warm up: first queries, first HTTP connection
            samples: list[float] = []
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                for number in range(args.rounds):
                    samples += pool.map(one, range(args.concurrency))
                    print(
                        f"round {number + 1}/{args.rounds}: "
                        f"p95 so far {percentile(samples, 0.95):.0f} ms",
                        flush=True,
                    )
    print(
        f"{len(samples)} interactions, {args.concurrency} at a time: "
        f"p50 {statistics.median(samples):.0f} ms, p95 {percentile(samples, 0.95):.0f} ms, "
        f"max {max(samples):.0f} ms (target p95 < 300 ms)"
    )


if __name__ == "__main__":
    main()
