"""Read paths for guild data that more than one view needs."""

from guilds.models import Channel, Guild, GuildConfig, GuildMember
from noteticketing.rawmodels import Table, first, select

_MEMBER, _GUILD, _CONFIG = Table(GuildMember, "m"), Table(Guild, "g"), Table(GuildConfig, "c")
# Every guild-scoped request and command runs this; see noteticketing.rawmodels for why
# it is written out.
_CURRENT_MEMBER_SQL = (
    f"SELECT {select(_MEMBER, _GUILD, _CONFIG)} FROM {_MEMBER.sql()}"
    f" JOIN {_GUILD.sql()} ON g.id = m.guild_id"
    f" LEFT JOIN {_CONFIG.sql()} ON c.guild_id = g.id"
    " WHERE m.guild_id = %s AND m.user_id = %s AND g.left_at IS NULL"
)


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
    found = first(_CURRENT_MEMBER_SQL, [guild_id, user_id], _MEMBER, _GUILD, _CONFIG)
    if found is None:
        return None
    member, guild, config = found
    member.guild = guild
    guild.config = config or GuildConfig.objects.get_or_create(guild=guild)[0]
    return member
