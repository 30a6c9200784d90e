"""The query plans of the action-item list: every filter and sort must use an index.

``bench/explain_list_queries.py`` reads them at a million items on PostgreSQL and a
test at a smaller scale; both ask the database for the plan of each query the list
endpoint makes (the page and its count) and look for a scan of the whole table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import product

from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionitems.filters import ORDERS, SORT_FIELDS, ActionItemFilter
from actionitems.models import ActionItem
from actionitems.rendering import item_pages

TABLE = ActionItem._meta.db_table


@dataclass(frozen=True)
class Plan:
    label: str
    scans: list[str]  # how each visit to the items table was made, e.g. "Index Scan item_x"
    milliseconds: float | None

    @property
    def uses_index(self) -> bool:
        return bool(self.scans) and not any(_is_full_scan(scan) for scan in self.scans)


def _is_full_scan(scan: str) -> bool:
    return "Seq Scan" in scan or (scan.startswith("SCAN") and "USING" not in scan)


def list_queries(
    guild_id: int, *, channel_id: int, assignee: str
) -> list[tuple[str, Callable[[], object]]]:
    """(label, a call that runs the query) for the page of every filter × sort × order,
    and each filter's count."""
    filters = [
        {},
        {"status": "pending"},
        {"priority": "high"},
        {"channel_id": str(channel_id)},
        {"assigned_to": assignee},
        {"status": "pending", "priority": "high"},
        {"status": "in_progress", "assigned_to": assignee},
    ]
    queries = []
    for params in filters:
        described = "&".join(f"{k}={v}" for k, v in params.items()) or "(no filter)"
        queries.append((f"count {described}", _filterset(guild_id, params).qs.count))
        for sort, order in product(SORT_FIELDS, ORDERS):
            filterset = _filterset(guild_id, {**params, "sort": sort, "order": order})
            pages = item_pages(guild_id, filterset.wanted(), filterset.sorting())
            page = partial(pages.__getitem__, slice(0, 50))
            queries.append((f"page {described} sort={sort}&order={order}", page))
    return queries


def _filterset(guild_id: int, params: dict) -> ActionItemFilter:
    """The list endpoint's filters over the guild's items, as it reads them."""
    filterset = ActionItemFilter(params, queryset=ActionItem.objects.filter(guild_id=guild_id))
    assert filterset.is_valid(), filterset.errors
    return filterset


def explain(label: str, run: Callable[[], object], *, analyze: bool = False) -> Plan:
    """The plan of the one query ``run`` makes, as Django sends it."""
    with CaptureQueriesContext(connection) as captured:
        run()
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            scans = [row[-1] for row in cursor.fetchall() if TABLE in row[-1]]
            return Plan(label, scans, None)
        options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze else "FORMAT JSON"
        cursor.execute(f"EXPLAIN ({options}) {query['sql']}")
        tree = cursor.fetchone()[0][0]
    scans = []
    _walk(tree["Plan"], scans)
    return Plan(label, scans, tree.get("Execution Time"))


def _walk(node: dict, scans: list[str]) -> None:
    if node.get("Relation Name") == TABLE:
        indexes = [node.get("Index Name", "")] + _bitmap_indexes(node)
        scans.append(" ".join([node["Node Type"], *filter(None, indexes)]))
    for child in node.get("Plans", []):
        _walk(child, scans)


def _bitmap_indexes(node: dict) -> list[str]:
    """The indexes under a Bitmap Heap Scan."""
    found = []
    for child in node.get("Plans", []):
        if child["Node Type"] == "Bitmap Index Scan":
            found.append(child["Index Name"])
        found += _bitmap_indexes(child)
    return found
