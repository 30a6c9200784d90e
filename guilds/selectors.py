"""Read paths for guild data that more than one view needs."""

from guilds.models import Channel, Guild


def guild_channels(guild: Guild, *, monitored_only: bool = False) -> dict[int, Channel]:
    """The guild's live top-level channels by id, for validating ids that clients send."""
    channels = Channel.objects.filter(guild=guild, deleted_at__isnull=True, parent__isnull=True)
    if monitored_only:
        channels = channels.filter(monitored=True)
    return {channel.id: channel for channel in channels}
