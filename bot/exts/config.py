"""/config: what the bot watches, where it posts, how often, and privacy mode."""

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import CONFIGURE, Refused, member_for, require
from bot.db import db
from bot.todo_refresh import request_refresh
from guilds.models import Channel, GuildConfig
from guilds.services import channel_set_monitored, guild_config_update

OnOff = Literal["on", "off"]


def _channel(guild_id: int, channel_id: int) -> Channel:
    channel = Channel.objects.filter(
        guild_id=guild_id, id=channel_id, deleted_at__isnull=True
    ).first()
    if channel is None:
        raise Refused(f"I don't know <#{channel_id}> yet; try again in a minute.")
    if not channel.is_textual:
        raise Refused(f"<#{channel_id}> is not a text channel.")
    return channel


def _configurable(guild_id: int, user_id: str) -> GuildConfig:
    member = member_for(guild_id=guild_id, user_id=user_id)
    require(member, CONFIGURE)
    return member.guild.config


def config_text(*, guild_id: int, user_id: str) -> str:
    config = member_for(guild_id=guild_id, user_id=user_id).guild.config
    monitored = Channel.objects.filter(guild_id=guild_id, monitored=True, deleted_at__isnull=True)
    mention = lambda channel_id: f"<#{channel_id}>" if channel_id else "not set"  # noqa: E731
    return "\n".join(
        [
            f"Active: **{'on' if config.active else 'off'}**",
            f"Monitored: {' '.join(f'<#{c.id}>' for c in monitored) or 'none'}",
            f"Digest channel: {mention(config.sweep_output_channel_id)}",
            f"To-do channel: {mention(config.todo_channel_id)}",
            f"Sweep interval: {config.sweep_interval_hours} h",
            f"Privacy mode: **{'on' if config.privacy_mode_enabled else 'off'}**",
            f"Reaction: {config.reaction_emoji}",
        ]
    )


def config_monitor(*, guild_id: int, user_id: str, channel_id: int, monitored: bool) -> None:
    config = _configurable(guild_id, user_id)
    channel_set_monitored(
        config=config, channel=_channel(guild_id, channel_id), monitored=monitored, actor=user_id
    )


def config_set(*, guild_id: int, user_id: str, **changes) -> None:
    """``changes``: guild_config_update's keywords; channel ones given as ids."""
    config = _configurable(guild_id, user_id)
    for name in ("todo_channel", "sweep_output_channel"):
        if name in changes:
            changes[name] = _channel(guild_id, changes[name])
    guild_config_update(config=config, actor=user_id, **changes)


@app_commands.guild_only()
class Config(commands.GroupCog, group_name="config", group_description="Bot settings"):
    monitor = app_commands.Group(name="monitor", description="Channels the sweeps read")

    def __init__(self, bot: commands.Bot):
        self.bot = bot

    async def _set(self, interaction: discord.Interaction, said: str, **changes) -> None:
        await db(
            config_set, guild_id=interaction.guild_id, user_id=str(interaction.user.id), **changes
        )
        await interaction.response.send_message(said, ephemeral=True)

    @app_commands.command(name="show", description="Show this server's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        text = await db(
            config_text, guild_id=interaction.guild_id, user_id=str(interaction.user.id)
        )
        await interaction.response.send_message(text, ephemeral=True)

    @monitor.command(name="add", description="Sweep this channel")
    async def monitor_add(self, interaction: discord.Interaction, channel: discord.TextChannel):
        await self._monitor(interaction, channel, True)

    @monitor.command(name="remove", description="Stop sweeping this channel")
    async def monitor_remove(self, interaction: discord.Interaction, channel: discord.TextChannel):
        await self._monitor(interaction, channel, False)

    async def _monitor(self, interaction, channel: discord.TextChannel, monitored: bool) -> None:
        await db(
            config_monitor,
            guild_id=interaction.guild_id,
            user_id=str(interaction.user.id),
            channel_id=channel.id,
            monitored=monitored,
        )
        said = "now monitored" if monitored else "no longer monitored"
        await interaction.response.send_message(f"{channel.mention} is {said}.", ephemeral=True)

    @app_commands.command(name="output", description="Where sweep digests are posted")
    async def output(self, interaction: discord.Interaction, channel: discord.TextChannel):
        await self._set(
            interaction, f"Digests go to {channel.mention}.", sweep_output_channel=channel.id
        )

    @app_commands.command(name="todo", description="Where the live to-do list is kept")
    async def todo(self, interaction: discord.Interaction, channel: discord.TextChannel):
        await self._set(
            interaction, f"The to-do list lives in {channel.mention}.", todo_channel=channel.id
        )
        request_refresh(self.bot, interaction.guild_id)

    @app_commands.command(name="interval", description="Hours between scheduled sweeps")
    async def interval(
        self, interaction: discord.Interaction, hours: app_commands.Range[int, 1, 168]
    ):
        await self._set(interaction, f"Sweeps run every {hours} h.", sweep_interval_hours=hours)

    @app_commands.command(name="privacy", description="Privacy mode: keep no message excerpts")
    async def privacy(self, interaction: discord.Interaction, state: OnOff):
        await self._set(
            interaction, f"Privacy mode is {state}.", privacy_mode_enabled=state == "on"
        )

    @app_commands.command(name="active", description="Turn scheduled sweeps on or off")
    async def active(self, interaction: discord.Interaction, state: OnOff):
        await self._set(interaction, f"Scheduled sweeps are {state}.", active=state == "on")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Config(bot))
