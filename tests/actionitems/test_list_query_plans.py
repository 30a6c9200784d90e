"""Every query of the action-item list uses an index, on a guild of realistic data.

The figure that counts is at 1,000,000 items on PostgreSQL
(``bench/explain_list_queries.py``); this test reads the same plans at a size a test
can build (100,000 items on PostgreSQL, 20,000 on SQLite), in a table shared with
another guild as in production, so a filter or sort that loses its index fails here.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from actionitems.plans import Plan, explain, list_queries

GUILD_ID = 870_000_000_000_000_001
OTHER_GUILD_ID = 870_000_000_000_100_001
ITEMS = 100_000 if connection.vendor == "postgresql" else 20_000


def _seed(guild_id: int, items: int) -> None:
    call_command("seed_load", guild_id=str(guild_id), items=items, seed=1, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_every_filter_and_sort_uses_an_index():
    _seed(OTHER_GUILD_ID, ITEMS // 4)
    _seed(GUILD_ID, ITEMS)

    queries = list_queries(GUILD_ID, channel_id=GUILD_ID + 1, assignee="member0030")
    plans = [explain(label, run) for label, run in queries]

    assert len(plans) == 49
    assert {plan.label: plan.scans for plan in plans if not plan.uses_index} == {}


@pytest.mark.parametrize(
    ("scans", "uses_index"),
    [
        (["Index Scan item_guild_updated"], True),
        (["Bitmap Heap Scan item_guild_assignee"], True),
        (["SEARCH actionitems_actionitem USING INDEX item_guild_status (guild_id=?)"], True),
        (["Seq Scan"], False),
        (["SCAN actionitems_actionitem"], False),
        ([], False),
    ],
)
def test_a_full_scan_is_told_apart(scans, uses_index):
    assert Plan("query", scans, None).uses_index is uses_index
