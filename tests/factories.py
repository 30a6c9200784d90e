"""factory_boy factories for the models the tests build."""

import itertools

import factory

from actionitems.models import ActionItem
from guilds.models import Channel, Guild, GuildConfig, GuildMember
from guilds.services import api_key_create

_snowflakes = itertools.count(100_000_000_000_000_000)


def snowflake() -> int:
    return next(_snowflakes)


class GuildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guild
        skip_postgeneration_save = True

    id = factory.LazyFunction(snowflake)
    name = factory.Sequence(lambda n: f"Guild {n}")
    icon_hash = "abc123"
    owner_id = "owner0001"
    member_count = 150
    bot_permissions = ["SendMessages", "ReadMessageHistory"]
    config = factory.RelatedFactory("tests.factories.GuildConfigFactory", "guild")


class GuildConfigFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuildConfig

    guild = factory.SubFactory(GuildFactory, config=None)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    id = factory.LazyFunction(snowflake)
    guild = factory.SubFactory(GuildFactory)
    name = factory.Sequence(lambda n: f"channel-{n}")
    position = factory.Sequence(lambda n: n)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuildMember

    guild = factory.SubFactory(GuildFactory)
    user_id = factory.Sequence(lambda n: f"user{n:04d}")
    roles = ["member"]


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    guild = factory.SelfAttribute("channel.guild")
    channel = factory.SubFactory(ChannelFactory)
    text = factory.Sequence(lambda n: f"Do task number {n}")
    summary = "Follow-up tasks"
    fingerprint = factory.Sequence(lambda n: f"fp{n:062d}")


def api_key_for(user_id: str, tier: str = "standard", **kwargs) -> str:
    return api_key_create(user_id=user_id, tier=tier, **kwargs)[1]
