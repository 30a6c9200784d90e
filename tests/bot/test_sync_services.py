"""guilds/sync.py: the bot's diff-then-apply sync of guilds, channels and members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guilds import sync
from guilds.models import Channel, Guild, GuildConfig, GuildMember
from tests.factories import ChannelFactory, GuildFactory, MemberFactory

pytestmark = pytest.mark.django_db

GUILD = sync.GuildState(id=42, name="Makers", owner_id="1001", icon_hash="ff", member_count=3)
CHANNELS = [
    sync.ChannelState(id=501, name="general", position=0),
    sync.ChannelState(id=502, name="dev", position=1),
    sync.ChannelState(id=503, name="Voice", type=Channel.Type.VOICE, position=2),
]
MEMBERS = [
    sync.MemberState(user_id="1001", display_name="Owner", roles=("founder",)),
    sync.MemberState(user_id="1002", display_name="Admin", roles=("admin",), permissions=0x8),
    sync.MemberState(user_id="1003", display_name="Mod", roles=("mod",), permissions=0x20 | 0x400),
    sync.MemberState(user_id="1004", display_name="Pat", roles=(), permissions=0x400 | 0x800),
]


def test_administrator_or_manage_server_is_admin_and_nothing_else_is():
    assert [member.is_admin for member in MEMBERS] == [False, True, True, False]


def test_a_first_sync_creates_the_guild_its_config_channels_and_members():
    sync.guild_sync(guild=GUILD, channels=CHANNELS, members=MEMBERS)
    guild = Guild.objects.get(id=42)
    assert (guild.name, guild.owner_id, guild.icon_hash, guild.left_at) == (
        "Makers",
        "1001",
        "ff",
        None,
    )
    assert GuildConfig.objects.filter(guild=guild).exists()
    assert list(Channel.objects.filter(guild=guild).values_list("id", "name", "type")) == [
        (501, "general", "text"), (502, "dev", "text"), (503, "Voice", "voice"),
    ]  # fmt: skip
    members = {m.user_id: m for m in GuildMember.objects.filter(guild=guild)}
    assert {uid: m.is_admin for uid, m in members.items()} == {
        "1001": False, "1002": True, "1003": True, "1004": False,
    }  # fmt: skip
    assert members["1001"].holds_everything  # the owner
    assert members["1003"].roles == ["mod"]


def test_a_repeated_sync_writes_nothing():
    sync.guild_sync(guild=GUILD, channels=CHANNELS, members=MEMBERS)
    with CaptureQueriesContext(connection) as queries:
        diffs = sync.guild_sync(guild=GUILD, channels=CHANNELS, members=MEMBERS)
    assert not diffs["channels"]
    assert not diffs["members"]
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_a_sync_applies_only_the_differences():
    sync.guild_sync(guild=GUILD, channels=CHANNELS, members=MEMBERS)
    monitored = Channel.objects.get(id=501)
    monitored.monitored = True
    monitored.save()
    GuildMember.objects.filter(user_id="1004").update(can_trigger_sweeps=True)

    renamed = [
        sync.ChannelState(id=501, name="general-chat", position=0),
        sync.ChannelState(id=504, name="new", position=3),
    ]
    members = [
        MEMBERS[0],
        sync.MemberState(user_id="1002", display_name="Admin", roles=(), permissions=0),
        MEMBERS[3],
        sync.MemberState(user_id="1005", display_name="New"),
    ]
    diffs = sync.guild_sync(guild=GUILD, channels=renamed, members=members)

    assert [state.id for state in diffs["channels"].create] == [504]
    assert [(row.id, fields) for row, fields in diffs["channels"].update] == [(501, ["name"])]
    assert sorted(diffs["channels"].remove) == [502, 503]
    general = Channel.objects.get(id=501)
    assert (general.name, general.monitored) == ("general-chat", True)  # settings kept
    assert Channel.objects.get(id=502).deleted_at is not None
    assert Channel.objects.get(id=504).deleted_at is None

    rows = {m.user_id: m for m in GuildMember.objects.filter(guild_id=42)}
    assert set(rows) == {"1001", "1002", "1004", "1005"}  # 1003 left
    assert not rows["1002"].is_admin  # lost Administrator
    assert rows["1004"].can_trigger_sweeps  # stored flags survive a sync


def test_threads_are_not_deleted_by_a_full_sync():
    sync.guild_sync(guild=GUILD, channels=CHANNELS)
    thread = ChannelFactory(guild_id=42, type=Channel.Type.THREAD, parent_id=501)
    sync.guild_sync(guild=GUILD, channels=CHANNELS)
    thread.refresh_from_db()
    assert thread.deleted_at is None


def test_without_a_member_list_members_are_left_alone():
    sync.guild_sync(guild=GUILD, channels=CHANNELS, members=MEMBERS)
    diffs = sync.guild_sync(guild=GUILD, channels=CHANNELS, members=None)
    assert "members" not in diffs
    assert GuildMember.objects.filter(guild_id=42).count() == 4


def test_leaving_and_rejoining():
    sync.guild_sync(guild=GUILD, channels=CHANNELS)
    sync.guild_left(guild_id=42)
    assert Guild.objects.get(id=42).left_at is not None
    sync.guild_sync(guild=GUILD, channels=CHANNELS)
    assert Guild.objects.get(id=42).left_at is None


def test_guilds_left_while_away():
    kept, gone = GuildFactory(), GuildFactory()
    assert sync.guilds_left_except(guild_ids=[kept.id]) == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.left_at is not None
    assert kept.left_at is None


def test_guild_update_changes_owner():
    sync.guild_sync(guild=GUILD, channels=[])
    changed = sync.GuildState(id=42, name="Makers", owner_id="1004", icon_hash="ff", member_count=3)
    assert sync.guild_update(guild=changed)
    assert not sync.guild_update(guild=changed)
    assert Guild.objects.get(id=42).owner_id == "1004"


def test_channel_events():
    guild = GuildFactory(id=42)
    created = sync.channel_upsert(guild_id=42, channel=sync.ChannelState(id=9, name="a"))
    assert len(created.create) == 1
    assert not sync.channel_upsert(guild_id=42, channel=sync.ChannelState(id=9, name="a"))
    sync.channel_upsert(guild_id=42, channel=sync.ChannelState(id=9, name="b", position=4))
    thread = ChannelFactory(guild=guild, type=Channel.Type.THREAD, parent_id=9)
    sync.channel_delete(channel_id=9)
    channel = Channel.objects.get(id=9)
    thread.refresh_from_db()
    assert (channel.name, channel.position) == ("b", 4)
    assert channel.deleted_at is not None
    assert thread.deleted_at is not None


def test_member_events():
    guild = GuildFactory(id=42)
    MemberFactory(guild=guild, user_id="7", can_configure_bot=True)
    update = sync.MemberState(user_id="7", display_name="Sam", roles=("ops",), permissions=0x20)
    assert sync.member_upsert(guild_id=42, member=update)
    assert not sync.member_upsert(guild_id=42, member=update)
    member = GuildMember.objects.get(guild=guild, user_id="7")
    assert (member.roles, member.is_admin, member.can_configure_bot) == (["ops"], True, True)
    assert not sync.member_upsert(guild_id=999, member=update)  # unknown guild: ignored
    sync.member_remove(guild_id=42, user_id="7")
    assert not GuildMember.objects.filter(guild=guild).exists()
