"""Rows written by ``Table.insert`` must read back as the ORM would have written them."""

from datetime import UTC, datetime

import pytest

from audit.models import AuditLog
from noteticketing.rawmodels import Table
from tests.factories import GuildFactory


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.django_db
@pytest.mark.parametrize("ip_address", ["2001:db8::1", None])
def test_an_inserted_row_reads_back_field_for_field(ip_address):
    entry = AuditLog(
        guild=GuildFactory(),
        action=AuditLog.Action.DATA_ACCESS,
        user_id="u1",
        details="API access to action items (ünïcode, 'quotes', %s)",
        ip_address=ip_address,
        timestamp=datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC),
    )

    Table(AuditLog, "a").insert(entry)

    assert entry.pk is not None
    assert not entry._state.adding
    assert _values(AuditLog.objects.get(pk=entry.pk)) == _values(entry)


@pytest.mark.django_db
def test_defaults_are_applied_and_each_row_gets_its_own_key():
    first, second = AuditLog(action="data_access", details="a"), AuditLog(action="x", details="b")

    for entry in (first, second):
        Table(AuditLog, "a").insert(entry)

    assert first.pk != second.pk
    assert first.public_id.startswith("audit_")
    assert first.public_id != second.public_id
    assert AuditLog.objects.get(pk=second.pk).guild_id is None
