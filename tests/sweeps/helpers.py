"""A guild mirrored between the fake Discord and the database, ready to sweep."""

from dataclasses import dataclass

from guilds.models import Channel, Guild, GuildConfig, GuildMember

CHANNEL_NAMES = ["general", "dev-chat", "design"]


@dataclass
class SweptGuild:
    guild: Guild
    channels: list[Channel]
    output: Channel
    todo: Channel


def mirror_guild(fake, *, messages_per_channel: int = 0) -> SweptGuild:
    """Three monitored channels, a digest channel and a to-do channel, on both sides."""
    guild = Guild.objects.create(id=fake.guild_id, name="My Discord Server", owner_id="owner0001")
    config = GuildConfig.objects.create(guild=guild)
    GuildMember.objects.create(guild=guild, user_id="owner0001")
    channels = [Channel.objects.create(id=fake.general_id, guild=guild, name="general")]
    for name in CHANNEL_NAMES[1:]:
        channels.append(
            Channel.objects.create(
                id=int(fake.add_channel(fake.guild_id, name)["id"]), guild=guild, name=name
            )
        )
    Channel.objects.filter(guild=guild).update(monitored=True)
    output, todo = (
        Channel.objects.create(
            id=int(fake.add_channel(fake.guild_id, name)["id"]), guild=guild, name=name
        )
        for name in ("action-items", "todo")
    )
    config.sweep_output_channel = output
    config.todo_channel = todo
    config.save()
    for seed, channel in enumerate(channels):
        if messages_per_channel:
            fake.generate_messages(channel.id, messages_per_channel, seed=seed)
    return SweptGuild(guild=guild, channels=channels, output=output, todo=todo)
