"""A guild's data as a download: JSON, CSV, or a zip of CSVs, streamed piece by piece.

Rows come from ``iterator(chunk_size=...)`` (a server-side cursor on PostgreSQL) and
leave as soon as a batch of them is encoded, so memory stays flat whatever the
guild's size. CSV cells that a spreadsheet would run as a formula are escaped.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from actionitems.models import ActionItem, Priority
from audit.models import AuditLog
from guilds.models import Channel, Guild
from guilds.serializers import GuildConfigSerializer, GuildSerializer

CHUNK_SIZE = 2000
BATCH_ROWS = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PRIORITY_LABELS = {member.value: member.label for member in Priority}

ITEM_COLUMNS = [
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
    "created_by",
    "source",
    "due_date",
    "jump_url",
    "excerpt",
    "created_at",
    "updated_at",
    "completed_at",
]
_ITEM_FIELDS = [
    "public_id",
    "guild_id",
    "channel_id",
    "channel__name",
    *ITEM_COLUMNS[4:],
]
AUDIT_COLUMNS = ["id", "guild_id", "action", "user_id", "details", "timestamp", "ip_address"]
_AUDIT_FIELDS = ["public_id", *AUDIT_COLUMNS[1:]]


def _plain(value):
    """A cell as JSON speaks it: ids and dates as strings, times in UTC with ``Z``."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def item_rows(guild: Guild) -> Iterator[dict]:
    rows = (
        ActionItem.objects.filter(guild=guild)
        .order_by("id")
        .values_list(*_ITEM_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in rows:
        record = dict(zip(ITEM_COLUMNS, map(_plain, row), strict=True))
        record["guild_id"] = str(record["guild_id"])
        record["channel_id"] = str(record["channel_id"])
        record["priority"] = PRIORITY_LABELS[record["priority"]]
        yield record


def audit_rows(guild: Guild) -> Iterator[dict]:
    rows = (
        AuditLog.objects.filter(guild=guild)
        .order_by("timestamp", "id")
        .values_list(*_AUDIT_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in rows:
        record = dict(zip(AUDIT_COLUMNS, map(_plain, row), strict=True))
        record["guild_id"] = str(record["guild_id"])
        yield record


def _batched(records: Iterable, size: int = BATCH_ROWS) -> Iterator[list]:
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _json_array(records: Iterable[dict]) -> Iterator[str]:
    yield "["
    separator = ""
    for batch in _batched(records):
        yield separator + ",".join(json.dumps(record, ensure_ascii=False) for record in batch)
        separator = ","
    yield "]"


def export_json(guild: Guild, *, include_audit: bool) -> Iterator[bytes]:
    """One JSON object, written key by key so the item list never sits in memory."""
    monitored = Channel.objects.filter(
        guild=guild, monitored=True, deleted_at__isnull=True
    ).values_list("id", flat=True)
    config = GuildConfigSerializer(guild.config, context={"monitored_ids": list(monitored)}).data
    head = {"guild": GuildSerializer(guild).data, "config": config}
    yield (json.dumps(head)[:-1] + ', "action_items": ').encode()
    for piece in _json_array(item_rows(guild)):
        yield piece.encode()
    if include_audit:
        yield b', "audit_logs": '
        for piece in _json_array(audit_rows(guild)):
            yield piece.encode()
    yield b"}"


def safe_cell(value) -> str:
    """A spreadsheet runs a cell starting with ``= + - @`` (or tab, CR) as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_pieces(columns: list[str], records: Iterable[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for batch in _batched(records):
        writer.writerows([safe_cell(record[name]) for name in columns] for record in batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def export_csv(guild: Guild) -> Iterator[bytes]:
    for piece in _csv_pieces(ITEM_COLUMNS, item_rows(guild)):
        yield piece.encode()


class _Sink(io.RawIOBase):
    """A write-only, unseekable stream: zipfile then writes data descriptors as it goes."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def export_zip(guild: Guild) -> Iterator[bytes]:
    """``action_items.csv`` and ``audit_logs.csv``, compressed as they are written."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, columns, records in (
            ("action_items.csv", ITEM_COLUMNS, item_rows(guild)),
            ("audit_logs.csv", AUDIT_COLUMNS, audit_rows(guild)),
        ):
            with archive.open(name, mode="w", force_zip64=True) as entry:
                for piece in _csv_pieces(columns, records):
                    entry.write(piece.encode())
                    yield sink.drain()
    yield sink.drain()
