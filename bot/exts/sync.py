"""Keeping guilds, channels and members in the database in step with Discord.

Each event becomes a plain state (guilds/sync.py) and one diff-then-apply service call,
so a repeated event or a reconnect's fresh GUILD_CREATE writes nothing new.
"""

import logging

import discord
from discord.ext import commands

from bot.db import db
from guilds import sync
from guilds.models import Channel

logger = logging.getLogger(__name__)

CHANNEL_TYPES = {
    discord.ChannelType.text: Channel.Type.TEXT,
    discord.ChannelType.voice: Channel.Type.VOICE,
    discord.ChannelType.category: Channel.Type.CATEGORY,
    discord.ChannelType.news: Channel.Type.ANNOUNCEMENT,
    discord.ChannelType.forum: Channel.Type.FORUM,
    discord.ChannelType.media: Channel.Type.FORUM,
    discord.ChannelType.stage_voice: Channel.Type.STAGE,
}


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def guild_state(guild: discord.Guild) -> sync.GuildState:
    me = guild.me
    granted = [_pascal(name) for name, on in me.guild_permissions if on] if me else []
    return sync.GuildState(
        id=guild.id,
        name=guild.name,
        owner_id=str(guild.owner_id or ""),
        icon_hash=guild.icon.key if guild.icon else "",
        member_count=guild.member_count or 0,
        bot_permissions=tuple(granted),
    )


def channel_state(channel: discord.abc.GuildChannel) -> sync.ChannelState | None:
    kind = CHANNEL_TYPES.get(channel.type)
    if kind is None:
        return None
    return sync.ChannelState(id=channel.id, name=channel.name, type=kind, position=channel.position)


def member_state(member: discord.Member) -> sync.MemberState:
    return sync.MemberState(
        user_id=str(member.id),
        display_name=member.display_name,
        roles=tuple(role.name for role in member.roles if not role.is_default()),
        permissions=member.guild_permissions.value,
    )


def guild_states(guild: discord.Guild) -> dict:
    channels = [state for c in guild.channels if (state := channel_state(c)) is not None]
    members = None
    if guild.chunked:  # only a complete list may remove members
        members = [member_state(m) for m in guild.members if not m.bot]
    return {"guild": guild_state(guild), "channels": channels, "members": members}


class GuildSync(commands.Cog):
    def __init__(self, bot: commands.Bot):
        self.bot = bot

    async def sync_guild(self, guild: discord.Guild) -> None:
        diffs = await db(sync.guild_sync, **guild_states(guild))
        logger.info(
            "Synced guild %s: %s",
            guild.id,
            {name: (len(d.create), len(d.update), len(d.remove)) for name, d in diffs.items()},
        )

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        left = await db(sync.guilds_left_except, guild_ids=[g.id for g in self.bot.guilds])
        if left:
            logger.info("Marked %d guilds left while the bot was away", left)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.sync_guild(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.sync_guild(guild)

    @commands.Cog.listener()
    async def on_guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        await db(sync.guild_update, guild=guild_state(after))

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await db(sync.guild_left, guild_id=guild.id)

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        """A role's permissions or name changed: its members' rows may change."""
        if before.permissions != after.permissions or before.name != after.name:
            for member in after.members:
                if not member.bot:
                    await db(
                        sync.member_upsert, guild_id=after.guild.id, member=member_state(member)
                    )

    @commands.Cog.listener()
    async def on_guild_channel_create(self, channel: discord.abc.GuildChannel) -> None:
        await self._channel_changed(channel)

    @commands.Cog.listener()
    async def on_guild_channel_update(self, before, after: discord.abc.GuildChannel) -> None:
        await self._channel_changed(after)

    async def _channel_changed(self, channel: discord.abc.GuildChannel) -> None:
        state = channel_state(channel)
        if state is not None:
            await db(sync.channel_upsert, guild_id=channel.guild.id, channel=state)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await db(sync.channel_delete, channel_id=channel.id)

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        await db(sync.channel_delete, channel_id=payload.thread_id)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        if not member.bot:
            await db(sync.member_upsert, guild_id=member.guild.id, member=member_state(member))

    @commands.Cog.listener()
    async def on_member_update(self, before: discord.Member, after: discord.Member) -> None:
        if not after.bot:
            await db(sync.member_upsert, guild_id=after.guild.id, member=member_state(after))

    @commands.Cog.listener()
    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        await db(sync.member_remove, guild_id=payload.guild_id, user_id=str(payload.user.id))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(GuildSync(bot))
