"""The bot's permission checks, called as its commands call them (no Discord): the same
rules as the API, refused with a sentence instead of a 403."""

import pytest

from actionitems.models import ActionItem, Status
from bot.access import Refused
from bot.exts.apikey import key_create, key_revoke, keys_text
from bot.exts.config import config_monitor, config_set, config_text
from bot.exts.permissions import permissions_set, permissions_text
from bot.exts.sweep import sweep_now, sweep_status
from bot.items import item_add, item_assign, item_choices, item_set_status, items_list
from guilds.models import ApiKey, GuildMember
from sweeps.models import Sweep
from tests.factories import ActionItemFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(guild):
    """Not given any flag, but Discord's Administrator or Manage Server."""
    return MemberFactory(guild=guild, user_id="admin0001", is_admin=True).user_id


@pytest.fixture
def item(channels):
    return ActionItemFactory(channel=channels[0], assigned_to="member001")


def test_a_stranger_is_refused_everything(guild, channels):
    for call in (
        lambda: items_list(guild_id=guild.id, user_id="stranger1"),
        lambda: config_text(guild_id=guild.id, user_id="stranger1"),
        lambda: key_create(guild_id=guild.id, user_id="stranger1"),
    ):
        with pytest.raises(Refused, match="don't know you"):
            call()


def test_a_guild_the_bot_left_serves_no_one(guild, owner):
    guild.left_at = guild.created_at
    guild.save()
    with pytest.raises(Refused):
        items_list(guild_id=guild.id, user_id=owner.user_id)


def test_reads_need_membership_only(guild, member, item):
    found = items_list(guild_id=guild.id, user_id=member.user_id)
    assert [i.public_id for i in found.items] == [item.public_id]
    assert found.items[0].channel.name == "general"  # loaded, for the async renderer
    assert "Active" in config_text(guild_id=guild.id, user_id=member.user_id)
    assert "Sweeps are" in sweep_status(guild_id=guild.id, user_id=member.user_id)
    assert [
        pid for pid, _ in item_choices(guild_id=guild.id, user_id=member.user_id, typed="")
    ] == [item.public_id]


def test_item_choices_are_only_for_members(guild, item):
    assert item_choices(guild_id=guild.id, user_id="stranger1", typed="") == []


def test_list_filters(guild, member, channels, item):
    other = ActionItemFactory(channel=channels[1], priority=3)
    ActionItemFactory(channel=channels[1], status=Status.COMPLETED)
    ids = lambda **kw: [  # noqa: E731
        i.public_id for i in items_list(guild_id=guild.id, user_id=member.user_id, **kw).items
    ]
    assert ids() == [other.public_id, item.public_id]  # open only, most urgent first
    assert ids(mine=True) == [item.public_id]
    assert ids(priority="high") == [other.public_id]
    assert ids(channel_id=channels[0].id) == [item.public_id]
    assert len(ids(status="completed")) == 1


def test_adding_needs_manage(guild, member, manager, admin, owner, channels):
    with pytest.raises(Refused, match="can_manage_action_items"):
        item_add(guild_id=guild.id, channel_id=channels[0].id, user_id=member.user_id, text="x")
    for user_id in (manager.user_id, admin, owner.user_id):
        made = item_add(
            guild_id=guild.id, channel_id=channels[0].id, user_id=user_id, text=" Ship it "
        )
        assert (made.text, made.source, made.created_by) == ("Ship it", "bot", user_id)


def test_an_assignee_may_move_their_own_item_but_not_assign_it(guild, member, item):
    moved = item_set_status(
        guild_id=guild.id, user_id=member.user_id, item_id=item.public_id, status="completed"
    )
    assert moved.status == "completed"
    assert moved.completed_at is not None
    with pytest.raises(Refused, match="can_manage_action_items"):
        item_assign(guild_id=guild.id, user_id=member.user_id, item_id=item.public_id, assignee="x")


def test_others_may_not_move_an_item(guild, item):
    MemberFactory(guild=guild, user_id="someone01")
    with pytest.raises(Refused, match="or to be the item's assignee"):
        item_set_status(
            guild_id=guild.id, user_id="someone01", item_id=item.public_id, status="completed"
        )
    assert ActionItem.objects.get(pk=item.pk).status == "pending"


def test_an_unknown_item_is_a_refusal(guild, manager):
    with pytest.raises(Refused, match="no action item `abcdefabcdef`"):
        item_set_status(
            guild_id=guild.id, user_id=manager.user_id, item_id="abcdefabcdef", status="completed"
        )


def test_config_needs_configure(guild, member, manager, admin, channels):
    with pytest.raises(Refused, match="can_configure_bot"):
        config_set(guild_id=guild.id, user_id=member.user_id, sweep_interval_hours=2)
    with pytest.raises(Refused, match="can_configure_bot"):
        config_monitor(
            guild_id=guild.id, user_id=member.user_id, channel_id=channels[0].id, monitored=True
        )
    config_set(guild_id=guild.id, user_id=admin, sweep_interval_hours=2)
    config_set(guild_id=guild.id, user_id=manager.user_id, todo_channel=channels[2].id)
    config_monitor(
        guild_id=guild.id, user_id=manager.user_id, channel_id=channels[0].id, monitored=True
    )
    guild.config.refresh_from_db()
    assert guild.config.sweep_interval_hours == 2
    assert guild.config.todo_channel_id == channels[2].id
    assert guild.channels.get(id=channels[0].id).monitored


def test_sweeps_need_trigger_and_a_monitored_channel(guild, member, manager, channels):
    with pytest.raises(Refused, match="can_trigger_sweeps"):
        sweep_now(guild_id=guild.id, user_id=member.user_id)
    with pytest.raises(Refused, match="No channel is monitored"):
        sweep_now(guild_id=guild.id, user_id=manager.user_id)
    channels[0].monitored = True
    channels[0].save()
    with pytest.raises(Refused, match="not a monitored channel"):
        sweep_now(guild_id=guild.id, user_id=manager.user_id, channel_id=channels[1].id)
    sweep = sweep_now(guild_id=guild.id, user_id=manager.user_id, channel_id=channels[0].id)
    assert (sweep.trigger, sweep.triggered_by, sweep.channel_ids) == (
        Sweep.Trigger.BOT,
        manager.user_id,
        [str(channels[0].id)],
    )
    with pytest.raises(Refused, match="already queued or running"):
        sweep_now(guild_id=guild.id, user_id=manager.user_id)


def test_permissions_own_or_with_configure(guild, member, manager):
    assert "❌ `can_configure_bot`" in permissions_text(
        guild_id=guild.id, user_id=member.user_id, target_id=member.user_id
    )
    with pytest.raises(Refused, match="can_configure_bot"):
        permissions_text(guild_id=guild.id, user_id=member.user_id, target_id=manager.user_id)
    with pytest.raises(Refused, match="can_configure_bot"):
        permissions_set(
            guild_id=guild.id,
            user_id=member.user_id,
            target_id=member.user_id,
            permissions={"can_configure_bot": True},
        )
    shown = permissions_set(
        guild_id=guild.id,
        user_id=manager.user_id,
        target_id=member.user_id,
        permissions={"can_trigger_sweeps": True},
    )
    assert "✅ `can_trigger_sweeps`" in shown
    assert GuildMember.objects.get(guild=guild, user_id=member.user_id).can_trigger_sweeps


def test_api_keys_are_the_callers_own(guild, member, manager):
    key, text = key_create(guild_id=guild.id, user_id=member.user_id, name="laptop")
    assert text.startswith("ntk_")
    assert key.user_id == member.user_id
    assert "laptop — active" in keys_text(user_id=member.user_id)
    with pytest.raises(Refused):
        key_revoke(user_id=manager.user_id, prefix=key.prefix)
    key_revoke(user_id=member.user_id, prefix=f"ntk_{key.prefix}")
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None


def test_the_bots_changes_and_reads_are_audited_with_the_acting_user(guild, member, manager):
    from audit.models import AuditLog

    items_list(guild_id=guild.id, user_id=member.user_id)
    config_set(guild_id=guild.id, user_id=manager.user_id, privacy_mode_enabled=True)
    permissions_set(
        guild_id=guild.id,
        user_id=manager.user_id,
        target_id=member.user_id,
        permissions={"can_trigger_sweeps": True},
    )
    key, _ = key_create(guild_id=guild.id, user_id=member.user_id)
    key_revoke(user_id=member.user_id, prefix=key.prefix)
    entries = set(AuditLog.objects.values_list("action", "user_id"))
    assert {
        ("data_access", member.user_id),
        ("privacy_toggle", manager.user_id),
        ("permission_change", manager.user_id),
        ("api_key_created", member.user_id),
        ("api_key_revoked", member.user_id),
    } <= entries
