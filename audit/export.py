"""A guild's data as a download: JSON, CSV, or a zip of CSVs, streamed piece by piece.

Rows come from ``iterator(chunk_size=...)`` (a server-side cursor on PostgreSQL) and
leave as soon as a batch of them is encoded, so memory stays flat whatever the
guild's size. The database formats every cell as text (ids, times, priority labels),
which spares building a Python object per value. CSV cells that a spreadsheet would
run as a formula are escaped.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from itertools import islice
from json.encoder import encode_basestring as _json_string

from django.db import transaction
from django.db.models import F

from actionitems.models import ActionItem
from actionitems.rendering import ITEM_CELLS
from audit.models import AuditLog
from guilds.models import Channel, Guild
from guilds.serializers import GuildConfigSerializer, GuildSerializer
from noteticketing.textcells import UtcTimeText, id_text, text_values

CHUNK_SIZE = 10_000
BATCH_ROWS = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_STARTS)

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
AUDIT_COLUMNS = ["id", "guild_id", "action", "user_id", "details", "timestamp", "ip_address"]
_AUDIT_CELLS = {
    "id": F("public_id"),
    "guild_id": id_text("guild_id"),
    "timestamp": UtcTimeText("timestamp"),
}


def _text_rows(queryset, columns: list[str], cells: dict) -> Iterator[tuple]:
    """``columns`` of each row as a tuple of text (or None), in chunks from a cursor."""
    return text_values(queryset, columns, cells).iterator(chunk_size=CHUNK_SIZE)


def item_rows(guild: Guild) -> Iterator[tuple]:
    queryset = ActionItem.objects.filter(guild=guild).order_by("id")
    return _text_rows(queryset, ITEM_COLUMNS, ITEM_CELLS)


def audit_rows(guild: Guild) -> Iterator[tuple]:
    queryset = AuditLog.objects.filter(guild=guild).order_by("timestamp", "id")
    return _text_rows(queryset, AUDIT_COLUMNS, _AUDIT_CELLS)


def _batched(rows: Iterable[tuple], size: int = BATCH_ROWS) -> Iterator[list[tuple]]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _in_one_transaction(export: Callable[..., Iterator[bytes]]) -> Callable[..., Iterator[bytes]]:
    """Streams an export inside a transaction: all of it from one snapshot, and the rows
    fetched as they are sent. Under autocommit Django declares its cursors WITH HOLD,
    which makes PostgreSQL compute and store every row before the first fetch."""

    @wraps(export)
    def streamed(*args, **kwargs) -> Iterator[bytes]:
        with transaction.atomic():
            yield from export(*args, **kwargs)

    return streamed


def _json_template(columns: list[str]) -> str:
    """``{"id": %s, ...}``, spaced as ``json.dumps`` spaces an object."""
    return "{" + ", ".join(f"{json.dumps(name)}: %s" for name in columns) + "}"


def _json_array(columns: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    # Every cell is text or None, so an object is a template filled with encoded strings:
    # three times faster than a dict per row through json.dumps, and the same bytes.
    template = _json_template(columns)
    yield "["
    separator = ""
    for batch in _batched(rows):
        yield separator + ",".join(
            template % tuple(["null" if cell is None else _json_string(cell) for cell in row])
            for row in batch
        )
        separator = ","
    yield "]"


@_in_one_transaction
def export_json(guild: Guild, *, include_audit: bool) -> Iterator[bytes]:
    """One JSON object, written key by key so the item list never sits in memory."""
    monitored = Channel.objects.filter(
        guild=guild, monitored=True, deleted_at__isnull=True
    ).values_list("id", flat=True)
    config = GuildConfigSerializer(guild.config, context={"monitored_ids": list(monitored)}).data
    head = {"guild": GuildSerializer(guild).data, "config": config}
    yield (json.dumps(head)[:-1] + ', "action_items": ').encode()
    for piece in _json_array(ITEM_COLUMNS, item_rows(guild)):
        yield piece.encode()
    if include_audit:
        yield b', "audit_logs": '
        for piece in _json_array(AUDIT_COLUMNS, audit_rows(guild)):
            yield piece.encode()
    yield b"}"


def safe_cell(value) -> str:
    """A spreadsheet runs a cell starting with ``= + - @`` (or tab, CR) as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_pieces(columns: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for batch in _batched(rows):
        # safe_cell inlined: every cell is text or None (written as an empty cell).
        writer.writerows(
            ["'" + cell if cell and cell[0] in _FORMULA_FIRST else cell for cell in row]
            for row in batch
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@_in_one_transaction
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


@_in_one_transaction
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
