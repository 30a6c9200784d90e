"""Analytics and export speed on a guild with 1,000,000 action items and 90 days of sweeps.

Builds the guild once (reused on later runs), then times each analytics endpoint
through Django's test client, the whole request path included (key, rate limit,
membership), and prints the p50 of each; the target is under 200 ms. With
``--export`` it also streams the CSV and JSON exports and prints rows per second
and the process's peak memory (targets 50,000 rows/s and under 300 MB).

    python bench/analytics.py [--items 1000000] [--calls 20] [--export]

Runs on PostgreSQL: ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/noteticketing_bench``, created if missing).
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/noteticketing_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noteticketing.settings")
os.environ.setdefault("NOTETICKETING_VAR_DIR", tempfile.mkdtemp(prefix="nt-bench-"))

GUILD_ID = 990_000_000_000_000_001
OWNER = "benchowner"
CHANNELS = 20
SWEEP_DAYS = 90
SWEEPS_PER_DAY = 4
BATCH = 10_000
HISTORY_DAYS = 365


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name == "test":
        raise SystemExit("Refusing to use the 'test' database; point DATABASE_URL elsewhere.")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def build(items: int) -> None:
    from actionitems.models import ActionItem, Category, Priority, Status
    from guilds.models import Channel, Guild, GuildConfig, GuildMember
    from sweeps.models import Sweep, SweepChannelStat

    guild, _ = Guild.objects.get_or_create(
        id=GUILD_ID, defaults={"name": "Analytics bench", "owner_id": OWNER}
    )
    GuildConfig.objects.get_or_create(guild=guild)
    GuildMember.objects.get_or_create(guild=guild, user_id=OWNER)
    channels = [
        Channel.objects.get_or_create(
            id=GUILD_ID + 1 + n,
            defaults={"guild": guild, "name": f"channel-{n}", "monitored": n < 10, "position": n},
        )[0]
        for n in range(CHANNELS)
    ]
    have = ActionItem.objects.filter(guild=guild).count()
    if have >= items:
        print(f"reusing {have:,} items")
    else:
        _build_items(guild, channels, have, items, ActionItem, Category, Priority, Status)
    if not Sweep.objects.filter(guild=guild).exists():
        _build_sweeps(guild, channels, Sweep, SweepChannelStat)
    from django.db import connection

    with connection.cursor() as cursor:
        # Sets the visibility map too, so index-only scans need not visit the table.
        cursor.execute("VACUUM ANALYZE")


def _build_items(guild, channels, have, items, ActionItem, Category, Priority, Status):
    rng = random.Random(have)
    now = datetime.now(UTC)
    # Items arrive over time, so the table is (roughly) in creation order, as in production.
    step = HISTORY_DAYS * 86400 / items
    statuses = [Status.PENDING, Status.IN_PROGRESS, Status.COMPLETED, Status.ARCHIVED]
    started = time.perf_counter()
    for first in range(have, items, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, items)):
            created = now - timedelta(seconds=(items - n - rng.random()) * step)
            status = rng.choices(statuses, weights=[5, 2, 4, 1])[0]
            completed = None
            if status == Status.COMPLETED:
                completed = min(now, created + timedelta(hours=rng.expovariate(1 / 30)))
            batch.append(
                ActionItem(
                    public_id=f"{0xBE0000000000 + n:012x}",
                    guild=guild,
                    channel=channels[rng.randrange(CHANNELS)],
                    text=f"Bench task {n}",
                    priority=rng.choice(list(Priority)),
                    category=rng.choice(Category.values),
                    status=status,
                    assigned_to=f"user{rng.randrange(200)}",
                    fingerprint=f"bench:{n}",
                    created_at=created,
                    updated_at=completed or created,
                    completed_at=completed,
                )
            )
        ActionItem.objects.bulk_create(batch)
        done = first + len(batch)
        rate = (done - have) / (time.perf_counter() - started)
        print(f"\ritems {done:,}/{items:,} ({rate:,.0f}/s)", end="", flush=True)
    print()


def _build_sweeps(guild, channels, Sweep, SweepChannelStat):
    rng = random.Random(0)
    now = datetime.now(UTC)
    for day in range(SWEEP_DAYS):
        for slot in range(SWEEPS_PER_DAY):
            at = now - timedelta(days=day, hours=slot * 24 / SWEEPS_PER_DAY)
            status = Sweep.Status.FAILED if rng.random() < 0.05 else Sweep.Status.COMPLETED
            sweep = Sweep.objects.create(
                guild=guild, status=status, triggered_at=at, started_at=at, finished_at=at
            )
            SweepChannelStat.objects.bulk_create(
                SweepChannelStat(
                    sweep=sweep,
                    guild=guild,
                    channel=channel,
                    messages_processed=rng.randrange(0, 300),
                    action_items_found=rng.randrange(0, 10),
                    created_at=at,
                )
                for channel in channels
            )
        print(f"\rsweep days {day + 1}/{SWEEP_DAYS}", end="", flush=True)
    print()


def _client():
    from rest_framework.test import APIClient

    from guilds.services import api_key_create

    client = APIClient()
    key = api_key_create(user_id=OWNER, tier="enterprise", name="bench")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def time_endpoints(calls: int) -> None:
    client = _client()
    print(f"\n{'endpoint':<40}{'p50 ms':>10}{'max ms':>10}")
    for path in ("analytics", "analytics/action-items", "stats"):
        for period in ("7d", "30d", "90d"):
            url = f"/v1/guilds/{GUILD_ID}/{path}?period={period}"
            timings = []
            for _ in range(calls + 1):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content
            timings = timings[1:]  # the first call warms caches and connections
            label = f"{path}?period={period}"
            print(f"{label:<40}{statistics.median(timings):>10.1f}{max(timings):>10.1f}")


def time_exports(items: int) -> None:
    client = _client()
    print()
    for query in ("format=csv", "format=json"):
        started = time.perf_counter()
        response = client.get(f"/v1/guilds/{GUILD_ID}/export?{query}")
        size = sum(len(piece) for piece in response.streaming_content)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"export {query}: {items:,} rows, {size / 1e6:,.0f} MB in {elapsed:.1f}s = "
            f"{items / elapsed:,.0f} rows/s; peak RSS so far {peak:,.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    build(args.items)
    time_endpoints(args.calls)
    if args.export:
        time_exports(args.items)


if __name__ == "__main__":
    main()
