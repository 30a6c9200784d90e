"""``GET .../export``: streamed JSON, CSV and zip, parsed back."""

import csv
import io
import json
import zipfile

import pytest
from django.db.models.query import QuerySet
from django.http import StreamingHttpResponse

from actionitems.models import Priority
from audit import export
from audit.models import AuditLog
from tests.factories import ActionItemFactory


@pytest.fixture
def items(guild, channels):
    return [
        ActionItemFactory(
            channel=channels[0],
            text='=HYPERLINK("http://evil")',
            summary="+1 for this",
            priority=Priority.HIGH,
            assigned_to="bob",
            excerpt="@everyone look",
        ),
        ActionItemFactory(channel=channels[1], text="-5 budget", summary="\tindented"),
        ActionItemFactory(channel=channels[1], text="Plain task, with a comma"),
    ]


def _export(persona, guild, query=""):
    return persona.client.get(f"/v1/guilds/{guild.id}/export{query}")


def _body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def test_json_export(owner, guild, channels, items):
    response = _export(owner, guild, "?format=json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="noteticketing-{guild.id}-'
    )
    assert response["Content-Disposition"].endswith('.json"')
    body = json.loads(_body(response))
    assert set(body) == {"guild", "config", "action_items"}
    assert body["guild"]["id"] == str(guild.id)
    assert body["config"]["guild_id"] == str(guild.id)
    first = body["action_items"][0]
    assert first["id"] == items[0].public_id
    assert first["channel_name"] == "general"
    assert first["priority"] == "high"
    assert first["text"] == '=HYPERLINK("http://evil")'  # JSON is data, not a spreadsheet
    assert [i["id"] for i in body["action_items"]] == [i.public_id for i in items]


def test_json_export_with_the_audit_log(owner, guild, items):
    body = json.loads(_body(_export(owner, guild, "?format=json&include_audit=true")))

    assert set(body) == {"guild", "config", "action_items", "audit_logs"}
    assert body["audit_logs"][-1]["action"] == "data_access"
    assert "export" in body["audit_logs"][-1]["details"]


def test_json_export_of_an_empty_guild(owner, guild):
    body = json.loads(_body(_export(owner, guild)))

    assert body["action_items"] == []


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def test_csv_export_escapes_formulas(owner, guild, items):
    response = _export(owner, guild, "?format=csv")

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = _csv_rows(_body(response))
    assert list(rows[0]) == export.ITEM_COLUMNS
    assert [row["id"] for row in rows] == [item.public_id for item in items]
    assert rows[0]["text"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["summary"] == "'+1 for this"
    assert rows[0]["excerpt"] == "'@everyone look"
    assert rows[1]["text"] == "'-5 budget"
    assert rows[1]["summary"] == "'\tindented"
    assert rows[2]["text"] == "Plain task, with a comma"
    assert rows[2]["assigned_to"] == ""


@pytest.mark.parametrize(
    ("value", "escaped"),
    [("=1+1", "'=1+1"), ("+", "'+"), ("-x", "'-x"), ("@a", "'@a"), ("\rx", "'\rx"), ("a=b", "a=b")],
)
def test_safe_cell(value, escaped):
    assert export.safe_cell(value) == escaped


def test_csv_with_the_audit_log_is_a_zip(owner, guild, items):
    AuditLog.objects.create(guild=guild, action="config_change", details="=cmd|' /C calc'!A0")

    response = _export(owner, guild, "?format=csv&include_audit=true")

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    assert archive.namelist() == ["action_items.csv", "audit_logs.csv"]
    item_rows = _csv_rows(archive.read("action_items.csv"))
    assert [row["id"] for row in item_rows] == [item.public_id for item in items]
    audit_rows = _csv_rows(archive.read("audit_logs.csv"))
    assert list(audit_rows[0]) == export.AUDIT_COLUMNS
    assert audit_rows[0]["details"] == "'=cmd|' /C calc'!A0"
    assert audit_rows[-1]["action"] == "data_access"


def test_the_export_is_recorded(owner, guild):
    _body(_export(owner, guild, "?format=csv"))

    entry = AuditLog.objects.get(guild=guild, action="data_access")
    assert entry.user_id == "owner0001"
    assert "export" in entry.details


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?format=xml", "format"),
        ("?format=", "format"),
        ("?include_audit=yes", "include_audit"),
        ("?format=csv&include_audit=True", "include_audit"),
    ],
)
def test_bad_parameters_are_400s(owner, guild, query, field):
    response = _export(owner, guild, query)

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == field
    assert not AuditLog.objects.filter(guild=guild).exists()


def test_export_needs_can_configure_bot(member, guild):
    assert _export(member, guild).status_code == 403


@pytest.mark.parametrize(
    "query", ["?format=json&include_audit=true", "?format=csv", "?format=csv&include_audit=true"]
)
def test_rows_are_read_in_chunks_and_sent_in_pieces(owner, guild, channels, monkeypatch, query):
    """Rows come from ``iterator()`` and leave in batches, never as one body in memory."""
    for n in range(export.BATCH_ROWS * 2 + 1):
        ActionItemFactory(channel=channels[0], text=f"Task {n}")
    chunk_sizes = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)

    response = _export(owner, guild, query)
    pieces = [piece for piece in response.streaming_content if piece]

    assert chunk_sizes
    assert set(chunk_sizes) == {export.CHUNK_SIZE}
    assert len(pieces) >= 3
    assert max(map(len, pieces)) < 1_000_000  # a batch of rows, not the whole export
