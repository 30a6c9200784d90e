"""Action items as API bodies straight from database rows, for the read paths.

A page of items through ``ActionItemSerializer`` spends most of a list request's
CPU building model instances and walking DRF field objects; the database writes
each cell as the API's text instead (``noteticketing.textcells``), the same cells
the exports write. ``ActionItemSerializer`` stays the schema and the renderer of
single items after writes; a test holds the two to identical output.
"""

from django.db.models import Case, CharField, F, QuerySet, Value, When

from actionitems.models import Priority
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
    "channel_name": F("channel__name"),
    "priority": Case(
        *(When(priority=member.value, then=Value(member.label)) for member in Priority),
        output_field=CharField(),
    ),
    "due_date": DateText("due_date"),
    "created_at": UtcTimeText("created_at"),
    "updated_at": UtcTimeText("updated_at"),
    "completed_at": UtcTimeText("completed_at"),
}


def render_rows(queryset: QuerySet) -> list[dict]:
    """The API bodies of ``queryset``'s items, in its order."""
    return [
        dict(zip(API_COLUMNS, row, strict=True))
        for row in text_values(queryset, API_COLUMNS, ITEM_CELLS)
    ]
