"""Read paths for guild data that more than one view needs."""

from guilds.models import Channel, Guild, GuildConfig, GuildMember


def guild_channels(guild: Guild, *, monitored_only: bool = False) -> dict[int, Channel]:
    """The guild's live top-level channels by id, for validating ids that clients send."""
    channels = Channel.objects.filter(guild=guild, deleted_at__isnull=True, parent__isnull=True)
    if monitored_only:
        channels = channels.filter(monitored=True)
    return {channel.id: channel for channel in channels}


def current_member(*, guild_id: int, user_id: str) -> GuildMember | None:
    """The user's membership of a guild the bot is still in, with guild and config loaded.

    Both the API and the bot check permissions on it; a guild mirrored before it had
    a config gets its default one here.
    """
    member = (
        GuildMember.objects.select_related("guild", "guild__config")
        .filter(guild_id=guild_id, user_id=user_id, guild__left_at__isnull=True)
        .first()
    )
    if member is not None and not hasattr(member.guild, "config"):
        member.guild.config = GuildConfig.objects.get_or_create(guild=member.guild)[0]
    return member
