"""/sweep: start a sweep now, or see when the last and next ones are."""

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import TRIGGER, Refused, member_for, require
from bot.db import db
from guilds.models import Channel
from sweeps.models import Sweep
from sweeps.services import ACTIVE, SweepAlreadyActive, sweep_request


def sweep_now(*, guild_id: int, user_id: str, channel_id: int | None = None) -> Sweep:
    member = member_for(guild_id=guild_id, user_id=user_id)
    require(member, TRIGGER)
    monitored = Channel.objects.filter(
        guild_id=guild_id, monitored=True, deleted_at__isnull=True, parent__isnull=True
    )
    channels = None
    if channel_id is not None:
        channels = list(monitored.filter(id=channel_id))
        if not channels:
            raise Refused(f"<#{channel_id}> is not a monitored channel.")
    elif not monitored.exists():
        raise Refused("No channel is monitored yet: add one with `/config monitor add`.")
    try:
        return sweep_request(
            guild=member.guild, trigger=Sweep.Trigger.BOT, triggered_by=user_id, channels=channels
        )
    except SweepAlreadyActive:
        raise Refused("A sweep of this server is already queued or running.") from None


def _when(moment) -> str:
    return f"<t:{int(moment.timestamp())}:R>" if moment else "never"


def sweep_status(*, guild_id: int, user_id: str) -> str:
    member = member_for(guild_id=guild_id, user_id=user_id)
    config = member.guild.config
    monitored = Channel.objects.filter(guild_id=guild_id, monitored=True, deleted_at__isnull=True)
    active = Sweep.objects.filter(guild_id=guild_id, status__in=ACTIVE).first()
    last = (
        Sweep.objects.filter(guild_id=guild_id, finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )
    next_at = config.next_sweep_time if config.active else None
    lines = [
        f"Sweeps are **{'on' if config.active else 'off'}**, every "
        f"{config.sweep_interval_hours} h, over {monitored.count()} monitored channels.",
        f"Last sweep: {_when(config.last_sweep_time)}"
        + (
            f" ({last.status}: {last.messages_processed} messages, {last.action_items_found} items)"
            if last
            else ""
        ),
        f"Next sweep: {_when(next_at) if next_at else ('soon' if config.active else 'off')}",
    ]
    if active:
        lines.append(f"Now: `{active.public_id}` is {active.status}.")
    return "\n".join(lines)


@app_commands.guild_only()
class SweepCommands(commands.GroupCog, group_name="sweep", group_description="Sweeps"):
    def __init__(self, bot: commands.Bot):
        self.bot = bot

    @app_commands.command(name="now", description="Sweep the monitored channels now")
    @app_commands.describe(channel="Only this monitored channel")
    async def now(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        sweep = await db(
            sweep_now,
            guild_id=interaction.guild_id,
            user_id=str(interaction.user.id),
            channel_id=channel.id if channel else None,
        )
        await interaction.response.send_message(
            f"Sweep `{sweep.public_id}` queued; the digest follows when it is done."
        )

    @app_commands.command(name="status", description="When the last and next sweeps are")
    async def status(self, interaction: discord.Interaction) -> None:
        text = await db(
            sweep_status, guild_id=interaction.guild_id, user_id=str(interaction.user.id)
        )
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(SweepCommands(bot))
