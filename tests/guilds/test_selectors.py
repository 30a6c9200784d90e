"""The membership lookup every guild-scoped request and command makes, written as SQL,
must give what the ORM gives."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from guilds.models import GuildConfig, GuildMember
from guilds.selectors import current_member
from tests.factories import GuildFactory, MemberFactory


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.django_db
def test_the_member_its_guild_and_config_equal_the_orms():
    guild = GuildFactory(bot_permissions=["SendMessages", "EmbedLinks"])
    config = guild.config
    config.last_sweep_time = datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
    config.todo_message_id = 1_234_567_890_123_456_789
    config.save()
    MemberFactory(guild=guild, user_id="u42", roles=["mod", "ünïcode"], can_view_analytics=True)

    member = current_member(guild_id=guild.id, user_id="u42")

    expected = GuildMember.objects.select_related("guild__config").get(guild=guild, user_id="u42")
    assert _values(member) == _values(expected)
    assert _values(member.guild) == _values(expected.guild)
    assert _values(member.guild.config) == _values(expected.guild.config)
    assert member.guild.config.guild is member.guild
    assert member.has_permission("can_view_analytics")
    assert not member.has_permission("can_configure_bot")


@pytest.mark.django_db
def test_a_guild_without_a_config_gets_its_default_one():
    guild = GuildFactory(config=None)
    MemberFactory(guild=guild, user_id="u1")

    member = current_member(guild_id=guild.id, user_id="u1")

    assert member.guild.config.pk == GuildConfig.objects.get(guild=guild).pk
    assert member.guild.config.sweep_interval_hours == 6


@pytest.mark.django_db
def test_no_member_for_a_stranger_another_guild_or_a_guild_the_bot_left():
    guild, other = GuildFactory(), GuildFactory()
    MemberFactory(guild=guild, user_id="u1")
    left = GuildFactory(left_at=timezone.now())
    MemberFactory(guild=left, user_id="u1")

    assert current_member(guild_id=guild.id, user_id="u2") is None
    assert current_member(guild_id=other.id, user_id="u1") is None
    assert current_member(guild_id=left.id, user_id="u1") is None
