"""EXPLAIN (ANALYZE, BUFFERS) of every query the action-item list makes, at scale.

For each filter (none, status, priority, channel_id, assigned_to, two pairs) the
count, and the page under each sort and order, on a guild made by ``seed_load``.
Prints the index each one used and its time; exits 1 if any reads the whole items
table (a Seq Scan).

    python manage.py seed_load --guild-id 880000000000000008 --items 1000000
    python bench/explain_list_queries.py --guild-id 880000000000000008

``DATABASE_URL`` defaults to ``postgres://postgres@127.0.0.1:5432/noteticketing_bench``.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/noteticketing_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "noteticketing.settings")
os.environ.setdefault("NOTETICKETING_VAR_DIR", tempfile.mkdtemp(prefix="nt-bench-"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guild-id", type=int, default=880_000_000_000_000_008)
    args = parser.parse_args()

    import django

    django.setup()
    from actionitems.models import ActionItem
    from actionitems.plans import explain, list_queries
    from guilds.models import Channel

    items = ActionItem.objects.filter(guild_id=args.guild_id)
    total = items.count()
    channel = Channel.objects.filter(guild_id=args.guild_id).order_by("id").first()
    assignee = items.exclude(assigned_to=None).values_list("assigned_to", flat=True).first()
    if channel is None or assignee is None:
        raise SystemExit(f"Guild {args.guild_id} has no items; run manage.py seed_load first.")
    print(f"guild {args.guild_id}: {total:,} items; channel {channel.id}, assignee {assignee}\n")
    failures = 0
    for label, queryset in list_queries(args.guild_id, channel_id=channel.id, assignee=assignee):
        plan = explain(label, queryset, analyze=True)
        failures += not plan.uses_index
        mark = "ok " if plan.uses_index else "SEQ"
        print(f"{mark} {plan.milliseconds:8.1f} ms  {label:<62} {'; '.join(plan.scans)}")
    print(
        f"\n{failures} queries read the whole table" if failures else "\nevery query used an index"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
