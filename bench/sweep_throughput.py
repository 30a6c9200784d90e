"""End-to-end sweep throughput: 20 channels x 1,000 messages against the fake Discord.

Reads history over HTTP through discord.py, extracts, records items, stats and
cursors, and posts the digest and to-do list: everything a sweep does except the
broker hop. Prints messages per second.

    python bench/sweep_throughput.py [--channels 20] [--messages 1000]

Uses DATABASE_URL when set (PostgreSQL is what production runs), else a throwaway
SQLite file.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noteticketing.settings")
os.environ.setdefault("NOTETICKETING_VAR_DIR", tempfile.mkdtemp(prefix="nt-bench-"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=20)
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    from guilds.models import Channel, Guild, GuildConfig
    from sweeps.models import Sweep
    from sweeps.pipeline import sweep_run
    from sweeps.services import sweep_request
    from tests.fakediscord.server import FakeDiscord

    setup_test_environment()
    from django.db import connection

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor} ({test_db})")
    try:
        with FakeDiscord() as fake:
            fake.set_rate_limit(10_000, 1.0)
            guild_payload = fake.add_guild("Bench")
            guild = Guild.objects.create(id=int(guild_payload["id"]), name="Bench")
            config = GuildConfig.objects.create(guild=guild)
            for number in range(args.channels):
                payload = fake.add_channel(guild.id, f"channel-{number}")
                Channel.objects.create(
                    id=int(payload["id"]), guild=guild, name=payload["name"], monitored=True
                )
                fake.generate_messages(payload["id"], args.messages, seed=number)
                print(f"\rseeded {number + 1}/{args.channels} channels", end="", flush=True)
            print()
            output = fake.add_channel(guild.id, "action-items")
            config.sweep_output_channel = Channel.objects.create(
                id=int(output["id"]), guild=guild, name="action-items"
            )
            config.save()
            settings.DISCORD_TOKEN = fake.token
            settings.DISCORD_API_BASE = fake.api_base

            sweep = sweep_request(guild=guild, trigger=Sweep.Trigger.API, enqueue=False)
            started = time.perf_counter()
            sweep_run(sweep_id=sweep.pk)
            elapsed = time.perf_counter() - started
            sweep.refresh_from_db()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)

    print(
        f"sweep {sweep.status}: {sweep.messages_processed:,} messages in {args.channels} channels, "
        f"{sweep.action_items_found:,} items, {elapsed:.2f}s"
    )
    print(f"{sweep.messages_processed / elapsed:,.0f} messages/s end to end")


if __name__ == "__main__":
    main()
