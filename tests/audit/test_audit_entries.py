"""Each recorded action writes its entry where it happens, in the change's transaction."""

import pytest
from django.test import override_settings

from actionitems.models import ActionItem
from audit.models import AuditLog
from audit.services import audit_record
from guilds import services
from guilds.models import GuildConfig, GuildMember
from sweeps.models import Sweep
from tests.factories import ActionItemFactory

Action = AuditLog.Action


def _only(action: str) -> AuditLog:
    entries = list(AuditLog.objects.filter(action=action))
    assert len(entries) == 1, entries
    return entries[0]


def _config_url(guild) -> str:
    return f"/v1/guilds/{guild.id}/config"


def test_a_config_change_is_recorded_with_the_user_and_address(manager, guild):
    response = manager.client.patch(
        _config_url(guild), {"sweep_interval_hours": 2}, format="json", REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 200
    entry = _only(Action.CONFIG_CHANGE)
    assert (entry.guild, entry.user_id, entry.ip_address) == (guild, "manager01", "192.0.2.9")
    assert "sweep_interval_hours" in entry.details
    assert not AuditLog.objects.filter(action=Action.PRIVACY_TOGGLE).exists()


def test_an_unchanged_config_records_nothing(manager, guild):
    manager.client.patch(_config_url(guild), {"active": True}, format="json")

    assert not AuditLog.objects.filter(guild=guild).exists()


def test_turning_privacy_on_purges_excerpts_and_is_recorded(manager, guild, channels):
    item = ActionItemFactory(channel=channels[0], excerpt="Bob: call +1 555 0100 tomorrow")

    manager.client.patch(_config_url(guild), {"privacy_mode_enabled": True}, format="json")

    item.refresh_from_db()
    assert item.excerpt == ""
    entry = _only(Action.PRIVACY_TOGGLE)
    assert entry.user_id == "manager01"
    assert "enabled" in entry.details
    assert not AuditLog.objects.filter(action=Action.CONFIG_CHANGE).exists()


def test_channel_monitoring_is_a_config_change(manager, guild, channels):
    url = f"/v1/guilds/{guild.id}/channels/monitor"
    manager.client.post(url, {"channel_id": str(channels[1].id)}, format="json")
    manager.client.delete(f"{url}/{channels[1].id}")

    details = list(
        AuditLog.objects.filter(action=Action.CONFIG_CHANGE)
        .order_by("id")
        .values_list("details", flat=True)
    )
    assert details == [
        f"Channel #dev-chat ({channels[1].id}) monitored",
        f"Channel #dev-chat ({channels[1].id}) no longer monitored",
    ]


def test_a_permission_change_is_recorded(owner, member, guild):
    response = owner.client.put(
        f"/v1/guilds/{guild.id}/users/member001/permissions",
        {"permissions": {"can_view_analytics": True}},
        format="json",
    )

    assert response.status_code == 200
    entry = _only(Action.PERMISSION_CHANGE)
    assert entry.user_id == "owner0001"
    assert entry.details == "Permissions of member001 set: can_view_analytics=True"


def test_api_keys_created_and_revoked_are_recorded_without_a_guild(db):
    key, _ = services.api_key_create(user_id="someone1", actor="admin0001")
    services.api_key_revoke(key=key, actor="admin0001")
    services.api_key_revoke(key=key, actor="admin0001")  # already revoked: nothing new

    created, revoked = _only(Action.API_KEY_CREATED), _only(Action.API_KEY_REVOKED)
    assert (created.guild, created.user_id) == (None, "admin0001")
    assert f"ntk_{key.prefix}_" in created.details
    assert "someone1" in created.details
    assert revoked.guild is None
    assert f"ntk_{key.prefix}_" in revoked.details


def test_a_sweep_triggered_through_the_api_is_recorded(manager, guild, channels):
    response = manager.client.post(f"/v1/guilds/{guild.id}/sweep/trigger", {}, format="json")

    assert response.status_code == 202
    entry = _only(Action.SWEEP_TRIGGERED)
    assert (entry.guild, entry.user_id) == (guild, "manager01")
    assert response.json()["id"] in entry.details


def test_reading_action_items_is_recorded(member, guild, channels):
    item = ActionItemFactory(channel=channels[0])

    member.client.get(f"/v1/guilds/{guild.id}/action-items")
    member.client.get(f"/v1/guilds/{guild.id}/action-items/{item.public_id}")
    member.client.get(f"/v1/guilds/{guild.id}/action-items/ffffffffffff")  # 404: no entry

    entries = AuditLog.objects.filter(action=Action.DATA_ACCESS).order_by("id")
    assert [e.details for e in entries] == [
        "API access to action items",
        f"API access to action items ({item.public_id})",
    ]
    assert {e.user_id for e in entries} == {"member001"}


def test_a_change_whose_audit_entry_fails_is_rolled_back(manager, guild, monkeypatch):
    """The entry and the change share a transaction: neither exists without the other."""

    def broken(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr("guilds.services.audit_record", broken)

    with pytest.raises(RuntimeError):
        services.guild_config_update(config=guild.config, sweep_interval_hours=3)

    assert GuildConfig.objects.get(guild=guild).sweep_interval_hours == 6


def test_a_change_that_fails_after_its_entry_leaves_no_entry(manager, guild, monkeypatch):
    from sweeps import services as sweep_services

    def broken(sweep):
        raise RuntimeError("broker down")

    monkeypatch.setattr(sweep_services, "_enqueue", broken)

    with pytest.raises(RuntimeError):
        sweep_services.sweep_request(
            guild=guild, trigger=Sweep.Trigger.API, triggered_by="manager01"
        )

    assert not Sweep.objects.exists()
    assert not AuditLog.objects.filter(guild=guild).exists()


def test_a_failed_permission_change_writes_no_entry(guild, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full")

    GuildMember.objects.create(guild=guild, user_id="someone1")
    monkeypatch.setattr(GuildMember, "save", broken)

    with pytest.raises(RuntimeError):
        services.member_set_permissions(
            guild=guild, user_id="someone1", permissions={"can_trigger_sweeps": True}
        )

    assert not AuditLog.objects.exists()


@override_settings(TRUSTED_PROXIES=["10.0.0.1"])
@pytest.mark.parametrize(
    ("peer", "forwarded", "recorded"),
    [
        ("10.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "203.0.113.7, 10.0.0.1", "203.0.113.7"),
        ("192.0.2.50", "203.0.113.7", "192.0.2.50"),  # an untrusted peer cannot claim one
        ("10.0.0.1", "not-an-address", None),
    ],
)
def test_the_forwarded_address_is_believed_only_from_trusted_proxies(
    manager, guild, peer, forwarded, recorded
):
    manager.client.patch(
        _config_url(guild),
        {"sweep_interval_hours": 2},
        format="json",
        REMOTE_ADDR=peer,
        HTTP_X_FORWARDED_FOR=forwarded,
    )

    assert _only(Action.CONFIG_CHANGE).ip_address == recorded


def test_audit_record_keeps_only_valid_addresses(guild):
    entry = audit_record(
        guild=guild, action=Action.DATA_ACCESS, user_id=None, details="x", ip_address="::1 "
    )

    assert entry.ip_address == "::1"
    assert entry.public_id.startswith("audit_")


def test_no_entry_survives_refused_calls(member, guild, channels):
    ActionItemFactory(channel=channels[0])
    member.client.patch(_config_url(guild), {"active": False}, format="json")
    member.client.get(f"/v1/guilds/{guild.id}/export")

    assert not AuditLog.objects.filter(guild=guild).exists()
    assert ActionItem.objects.count() == 1
