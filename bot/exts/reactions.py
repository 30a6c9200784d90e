"""Reacting with the guild's emoji (📝 unless configured) to a message in a monitored
channel makes it an action item at once; the bot answers with a ✅ reaction.

Anyone in the server may do it: the message is in a channel the next sweep reads anyway,
and the reaction only asks for it now (actionitems/reactions.py keys the item as a sweep
would, so the sweep does not add it again).
"""

import logging
from datetime import datetime

import discord
from discord.ext import commands

from actionitems.reactions import ReactedMessage, action_item_from_reaction
from bot.db import db
from bot.todo_refresh import request_refresh
from guilds.models import Channel

logger = logging.getLogger(__name__)
CONFIRM = "✅"


def reaction_channel(*, guild_id: int, channel_id: int, emoji: str) -> Channel | None:
    """The monitored channel (guild and config loaded) when ``emoji`` is the guild's."""
    channel = (
        Channel.objects.select_related("guild__config")
        .filter(
            guild_id=guild_id,
            id=channel_id,
            monitored=True,
            deleted_at__isnull=True,
            guild__left_at__isnull=True,
        )
        .first()
    )
    if channel is None or not hasattr(channel.guild, "config"):
        return None
    return channel if channel.guild.config.reaction_emoji == emoji else None


def _name(user: dict) -> str:
    return user.get("global_name") or user.get("username") or str(user["id"])


def reacted_message(data: dict, channel_id: int) -> ReactedMessage:
    return ReactedMessage(
        id=int(data["id"]),
        channel_id=channel_id,
        author_id=str(data["author"]["id"]),
        author_name=_name(data["author"]),
        content=data.get("content", ""),
        timestamp=datetime.fromisoformat(data["timestamp"]),
        mentions={str(user["id"]): _name(user) for user in data.get("mentions", [])},
    )


class Reactions(commands.Cog):
    def __init__(self, bot: commands.Bot):
        self.bot = bot

    def _home_channel_id(self, channel_id: int) -> int:
        """Items of a thread belong to its parent channel, as the sweeps file them."""
        channel = self.bot.get_channel(channel_id)
        if isinstance(channel, discord.Thread) and channel.parent_id:
            return channel.parent_id
        return channel_id

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if payload.guild_id is None or payload.user_id == self.bot.user.id:
            return
        if payload.member is not None and payload.member.bot:
            return
        channel = await db(
            reaction_channel,
            guild_id=payload.guild_id,
            channel_id=self._home_channel_id(payload.channel_id),
            emoji=str(payload.emoji),
        )
        if channel is None:
            return
        try:
            data = await self.bot.http.get_message(payload.channel_id, payload.message_id)
        except discord.HTTPException as error:
            logger.warning("Reacted message %s unreadable: %s", payload.message_id, error)
            return
        item, created = await db(
            action_item_from_reaction,
            channel=channel,
            message=reacted_message(data, payload.channel_id),
            reacted_by=str(payload.user_id),
        )
        logger.info(
            "Reaction on %s: item %s (new: %s)", payload.message_id, item.public_id, created
        )
        try:
            await self.bot.http.add_reaction(payload.channel_id, payload.message_id, CONFIRM)
        except discord.HTTPException as error:
            logger.warning("Could not confirm item %s: %s", item.public_id, error)
        if created:
            request_refresh(self.bot, payload.guild_id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Reactions(bot))
