"""Webhook delivery throughput: 1,000 events to 10 endpoints on a local receiver.

Emits the events (one delivery row per event and endpoint), then makes every
delivery's first attempt as the worker task does (claim by lease, SSRF check,
sign, POST, record), minus the broker hop. Prints deliveries per second.

    python bench/webhook_throughput.py [--events 1000] [--endpoints 10] [--workers 1]

Uses DATABASE_URL when set (PostgreSQL is what production runs), else a throwaway
SQLite file.
"""

import argparse
import logging
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noteticketing.settings")
os.environ.setdefault("NOTETICKETING_VAR_DIR", tempfile.mkdtemp(prefix="nt-bench-"))
os.environ["WEBHOOK_ALLOW_LOOPBACK"] = "true"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--endpoints", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.db import close_old_connections, connection
    from django.test.utils import setup_test_environment

    from guilds.models import Guild
    from tests.webhooks.receiver import Receiver
    from webhooks.models import WebhookDelivery, WebhookEndpoint
    from webhooks.services import delivery_attempt, event_emit
    from webhooks.signing import new_secret

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor} ({test_db})")

    def attempt(row: tuple[int, object]) -> None:
        try:
            delivery_attempt(delivery_id=row[0], lease=row[1].isoformat())
        finally:
            close_old_connections()

    try:
        with Receiver() as receiver:
            guild = Guild.objects.create(id=1234567890, name="Bench")
            for number in range(args.endpoints):
                WebhookEndpoint.objects.create(
                    guild=guild,
                    url=f"{receiver.url}/hook/{number}",
                    events=["action_item.created"],
                    secret=new_secret(),
                )
            started = time.perf_counter()
            for number in range(args.events):
                event_emit(
                    guild=guild,
                    event="action_item.created",
                    payload={"action_item": {"id": f"{number:012x}", "text": "Ship it"}},
                )
            emitted = time.perf_counter() - started
            rows = list(WebhookDelivery.objects.values_list("pk", "next_attempt_at"))
            print(f"emitted {args.events:,} events as {len(rows):,} deliveries in {emitted:.2f}s")

            started = time.perf_counter()
            done = 0
            with ThreadPoolExecutor(max_workers=args.workers) as pool:
                for _ in pool.map(attempt, rows):
                    done += 1
                    if done % 500 == 0 or done == len(rows):
                        print(f"\rdelivered {done:,}/{len(rows):,}", end="", flush=True)
            elapsed = time.perf_counter() - started
            print()
            succeeded = WebhookDelivery.objects.filter(status="succeeded").count()
            received = len(receiver.requests)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)

    print(f"{succeeded:,} succeeded, {received:,} received, {elapsed:.2f}s")
    print(f"{len(rows) / elapsed:,.0f} deliveries/s with {args.workers} workers")


if __name__ == "__main__":
    main()
