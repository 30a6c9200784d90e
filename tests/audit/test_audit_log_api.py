"""``GET .../privacy/audit`` and ``DELETE .../users/{userId}/data``."""

from datetime import UTC, datetime, timedelta

import pytest

from actionitems.models import ActionItem
from audit.models import AuditLog
from guilds.models import GuildMember
from tests.factories import ActionItemFactory, MemberFactory

Action = AuditLog.Action
T0 = datetime(2024, 1, 15, 10, 30, tzinfo=UTC)


def _url(guild, query: str = "") -> str:
    return f"/v1/guilds/{guild.id}/privacy/audit{query}"


@pytest.fixture
def entries(guild):
    """Three entries, a minute apart, oldest first; and one of another guild."""
    made = [
        AuditLog.objects.create(
            guild=guild,
            action=action,
            user_id="user123",
            details=f"entry {n}",
            ip_address="192.168.1.1",
            timestamp=T0 + timedelta(minutes=n),
        )
        for n, action in enumerate([Action.DATA_ACCESS, Action.PRIVACY_TOGGLE, Action.DATA_ACCESS])
    ]
    AuditLog.objects.create(guild=None, action=Action.API_KEY_CREATED, details="elsewhere")
    return made


def test_the_log_as_the_spec_shows_it_newest_first(owner, guild, entries):
    response = owner.client.get(_url(guild))

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 50, 0)
    assert [e["details"] for e in body["audit_logs"]] == ["entry 2", "entry 1", "entry 0"]
    assert body["audit_logs"][2] == {
        "id": entries[0].public_id,
        "guild_id": str(guild.id),
        "action": "data_access",
        "user_id": "user123",
        "details": "entry 0",
        "timestamp": "2024-01-15T10:30:00Z",
        "ip_address": "192.168.1.1",
    }
    assert body["audit_logs"][2]["id"].startswith("audit_")


def test_filter_by_action_and_page(owner, guild, entries):
    body = owner.client.get(_url(guild, "?action=data_access&limit=1&offset=1")).json()

    assert body["total"] == 2
    assert [e["details"] for e in body["audit_logs"]] == ["entry 0"]
    assert (body["limit"], body["offset"]) == (1, 1)


def test_reading_the_log_is_itself_recorded(owner, guild, entries):
    owner.client.get(_url(guild))

    body = owner.client.get(_url(guild)).json()

    assert body["total"] == 4
    newest = body["audit_logs"][0]
    assert (newest["action"], newest["user_id"]) == ("data_access", "owner0001")
    assert newest["details"] == "API access to the audit log"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?action=everything", "action"),
        ("?action=", "action"),
        ("?limit=101", "limit"),
        ("?limit=0", "limit"),
        ("?offset=-1", "offset"),
    ],
)
def test_bad_parameters_are_400s(owner, guild, query, field):
    response = owner.client.get(_url(guild, query))

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == field


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_log_cannot_be_changed_through_the_api(owner, guild, entries, method):
    response = getattr(owner.client, method)(_url(guild), {"details": "x"}, format="json")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert AuditLog.objects.filter(guild=guild).count() == 3


def test_the_log_needs_can_configure_bot(member, guild, entries):
    response = member.client.get(_url(guild))

    assert response.status_code == 403
    assert "can_configure_bot" in response.json()["error"]["message"]


def _erase(persona, guild, user_id):
    return persona.client.delete(f"/v1/guilds/{guild.id}/users/{user_id}/data")


def test_erasing_a_users_data(owner, guild, channels):
    MemberFactory(guild=guild, user_id="bob", display_name="Bob", roles=["dev"])
    assigned = ActionItemFactory(
        channel=channels[0], assigned_to="bob", excerpt="bob: I'll fix it", jump_url="https://x/1"
    )
    created = ActionItemFactory(channel=channels[0], created_by="bob", excerpt="bob: todo")
    bare = ActionItemFactory(channel=channels[0], assigned_to="bob")
    other = ActionItemFactory(channel=channels[0], assigned_to="alice", excerpt="alice: hi")

    response = _erase(owner, guild, "bob")

    assert response.status_code == 200
    assert response.json() == {
        "user_id": "bob",
        "guild_id": str(guild.id),
        "action_items_unassigned": 2,
        "excerpts_removed": 2,
        "membership_removed": True,
    }
    for item in (assigned, created, bare, other):
        item.refresh_from_db()
    assert (assigned.assigned_to, assigned.excerpt, assigned.jump_url) == (None, "", "")
    assert (created.created_by, created.excerpt) == (None, "")
    assert bare.assigned_to is None
    assert (other.assigned_to, other.excerpt) == ("alice", "alice: hi")
    assert not GuildMember.objects.filter(guild=guild, user_id="bob").exists()
    entry = AuditLog.objects.get(action=Action.DATA_DELETION)
    assert (entry.guild, entry.user_id) == (guild, "owner0001")
    assert "bob" in entry.details


def test_erasing_a_user_the_guild_never_knew_answers_zeros(owner, guild):
    body = _erase(owner, guild, "nobody").json()

    assert body["action_items_unassigned"] == body["excerpts_removed"] == 0
    assert body["membership_removed"] is False
    assert AuditLog.objects.filter(action=Action.DATA_DELETION).count() == 1


def test_erasure_stays_in_its_guild(owner, guild, outsider, channels):
    ActionItemFactory(channel=channels[0], assigned_to="outsider1")

    _erase(owner, guild, "outsider1")

    assert GuildMember.objects.filter(user_id="outsider1").exists()
    assert ActionItem.objects.filter(assigned_to="outsider1").count() == 0


def test_erasure_needs_can_configure_bot_and_a_valid_user_id(member, owner, guild):
    assert _erase(member, guild, "owner0001").status_code == 403
    assert _erase(owner, guild, "no spaces").status_code == 400
    assert not AuditLog.objects.filter(action=Action.DATA_DELETION).exists()
