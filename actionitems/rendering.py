"""Action items as API bodies straight from database rows, for the read paths.

A page of items through ``ActionItemSerializer`` spends most of a list request's
CPU building model instances and walking DRF field objects; the database writes
each cell as the API's text instead (``noteticketing.textcells``), the same cells
the exports write. ``ActionItemSerializer`` stays the schema and the renderer of
single items after writes; a test holds the two to identical output.

The annotated queryset is built once (``item_rows`` clones it), and a list page's
SQL is compiled once per shape of filters and sort (``item_pages``): building and
compiling fifteen cells afresh cost a list request more CPU than the database spends
on its page.
"""

from collections.abc import Iterable

from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When

from actionitems.filters import filter_items
from actionitems.models import ActionItem, Priority
from guilds.models import Channel
from noteticketing.compiled import CompiledShapes, ShapedQuery
from noteticketing.textcells import DateText, UtcTimeText, id_text, text_values

API_COLUMNS = [
    "id",
    "guild_id",
    "channel_id",
    "channel_name",
    "summary",
    "text",
    "priority",
    "category",
    "status",
    "assigned_to",
    "due_date",
    "jump_url",
    "created_at",
    "updated_at",
    "completed_at",
]
# How an item's columns that are not stored as the API writes them are made into text.
ITEM_CELLS = {
    "id": F("public_id"),
    "guild_id": id_text("guild_id"),
    "channel_id": id_text("channel_id"),
    # A subquery, not a join, so that counting the rows needs no channel table.
    "channel_name": Subquery(Channel.objects.filter(pk=OuterRef("channel_id")).values("name")),
    "priority": Case(
        *(When(priority=member.value, then=Value(member.label)) for member in Priority),
        output_field=CharField(),
    ),
    "due_date": DateText("due_date"),
    "created_at": UtcTimeText("created_at"),
    "updated_at": UtcTimeText("updated_at"),
    "completed_at": UtcTimeText("completed_at"),
}


_ITEM_ROWS = text_values(ActionItem.objects.all(), API_COLUMNS, ITEM_CELLS)


def item_rows() -> QuerySet:
    """Every item as a row of ``API_COLUMNS``' text; filter, order and slice it."""
    return _ITEM_ROWS.all()


def item_pages(guild_id: int, wanted: dict[str, object], sorting: dict[str, str]) -> ShapedQuery:
    """The guild's items narrowed to ``wanted`` and sorted by ``sorting`` (see
    ``filter_items``), as rows to slice a page from."""
    return _ITEM_PAGES.query(shape=sorting, values={"guild_id": guild_id, **wanted})


def item_row(guild_id: int, public_id: str) -> list[tuple]:
    """The guild's item of ``public_id`` as a row, or no row."""
    return _ITEM_BY_ID.query(shape={}, values={"guild_id": guild_id, "public_id": public_id})[0:1]


_ITEM_PAGES = CompiledShapes(lambda **given: filter_items(item_rows(), **given))
_ITEM_BY_ID = CompiledShapes(lambda **given: item_rows().filter(**given).order_by())


def as_bodies(rows: Iterable[tuple]) -> list[dict]:
    """The API bodies of ``item_rows()`` rows, in their order."""
    return [dict(zip(API_COLUMNS, row, strict=True)) for row in rows]
