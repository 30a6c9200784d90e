"""Action items as API bodies straight from database rows, for the read paths.

A page of items through ``ActionItemSerializer`` spends most of a list request's
CPU building model instances and walking DRF field objects; reading the same
columns with ``values_list`` and formatting them here gives the same body for a
fraction of it. ``ActionItemSerializer`` stays the schema and the renderer of
single items after writes; a test holds the two to identical output.
"""

from datetime import UTC, date, datetime

from django.db.models import QuerySet
from rest_framework.settings import api_settings

from actionitems.models import Priority

COLUMNS = (
    "public_id",
    "guild_id",
    "channel_id",
    "channel__name",
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
)
_PRIORITY_LABELS = {member.value: member.label for member in Priority}


def _timestamp(value: datetime | None) -> str | None:
    """In UTC and the API's ``DATETIME_FORMAT``, as DRF writes it."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime(api_settings.DATETIME_FORMAT)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def render_rows(queryset: QuerySet) -> list[dict]:
    """The API bodies of ``queryset``'s items, in its order."""
    return [
        {
            "id": public_id,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel_name": channel_name,
            "summary": summary,
            "text": text,
            "priority": _PRIORITY_LABELS[priority],
            "category": category,
            "status": status,
            "assigned_to": assigned_to,
            "due_date": _day(due_date),
            "jump_url": jump_url,
            "created_at": _timestamp(created_at),
            "updated_at": _timestamp(updated_at),
            "completed_at": _timestamp(completed_at),
        }
        for (
            public_id,
            guild_id,
            channel_id,
            channel_name,
            summary,
            text,
            priority,
            category,
            status,
            assigned_to,
            due_date,
            jump_url,
            created_at,
            updated_at,
            completed_at,
        ) in queryset.values_list(*COLUMNS)
    ]
