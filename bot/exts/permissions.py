"""/permissions: a member's NoteTicketing permissions, shown or set."""

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import CONFIGURE, Refused, member_for, require
from bot.db import db
from guilds.models import PERMISSION_NAMES, GuildMember
from guilds.services import member_set_permissions


def _describe(member: GuildMember) -> str:
    lines = [f"<@{member.user_id}>:"]
    if member.holds_everything:
        lines.append("(owner or Discord administrator: holds every permission)")
    for name in PERMISSION_NAMES:
        lines.append(f"{'✅' if member.has_permission(name) else '❌'} `{name}`")
    return "\n".join(lines)


def permissions_text(*, guild_id: int, user_id: str, target_id: str) -> str:
    """Anyone may see their own; seeing someone else's is configuration."""
    member = member_for(guild_id=guild_id, user_id=user_id)
    if target_id != user_id:
        require(member, CONFIGURE)
    target = GuildMember.objects.filter(guild_id=guild_id, user_id=target_id).first()
    if target is None:
        raise Refused(f"<@{target_id}> is not a member I know.")
    target.guild = member.guild
    return _describe(target)


def permissions_set(
    *, guild_id: int, user_id: str, target_id: str, permissions: dict[str, bool]
) -> str:
    member = member_for(guild_id=guild_id, user_id=user_id)
    require(member, CONFIGURE)
    if not permissions:
        raise Refused("Say which permissions to set.")
    target = member_set_permissions(
        guild=member.guild, user_id=target_id, permissions=permissions, actor=user_id
    )
    return _describe(target)


@app_commands.guild_only()
class Permissions(commands.GroupCog, group_name="permissions", group_description="Permissions"):
    def __init__(self, bot: commands.Bot):
        self.bot = bot

    @app_commands.command(name="show", description="Show a member's permissions (yours by default)")
    async def show(self, interaction: discord.Interaction, user: discord.Member | None = None):
        text = await db(
            permissions_text,
            guild_id=interaction.guild_id,
            user_id=str(interaction.user.id),
            target_id=str((user or interaction.user).id),
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="set", description="Grant or withdraw a member's permissions")
    async def set_(
        self,
        interaction: discord.Interaction,
        user: discord.Member,
        can_configure_bot: bool | None = None,
        can_manage_action_items: bool | None = None,
        can_view_analytics: bool | None = None,
        can_trigger_sweeps: bool | None = None,
    ):
        given = {
            "can_configure_bot": can_configure_bot,
            "can_manage_action_items": can_manage_action_items,
            "can_view_analytics": can_view_analytics,
            "can_trigger_sweeps": can_trigger_sweeps,
        }
        text = await db(
            permissions_set,
            guild_id=interaction.guild_id,
            user_id=str(interaction.user.id),
            target_id=str(user.id),
            permissions={name: value for name, value in given.items() if value is not None},
        )
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Permissions(bot))
