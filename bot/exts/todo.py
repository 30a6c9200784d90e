"""/todo: list, add, move and assign action items."""

from datetime import date
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from actionitems.models import Status
from bot.access import Refused
from bot.db import db
from bot.item_buttons import item_view
from bot.items import item_add, item_assign, item_choices, item_set_status, items_list
from bot.render import item_line, item_list
from bot.todo_refresh import request_refresh

StatusName = Literal["pending", "in_progress", "completed", "archived"]
PriorityName = Literal["low", "medium", "high"]
CategoryName = Literal["meeting", "project", "bug", "general"]


def _user(interaction: discord.Interaction) -> str:
    return str(interaction.user.id)


def _home_channel_id(interaction: discord.Interaction) -> int:
    """Items belong to a channel, never a thread: a command in a thread files under its parent."""
    channel = interaction.channel
    if isinstance(channel, discord.Thread) and channel.parent_id:
        return channel.parent_id
    return interaction.channel_id


def _due(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"`{text}` is not a date; write it as YYYY-MM-DD.") from None


async def item_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    rows = await db(
        item_choices, guild_id=interaction.guild_id, user_id=_user(interaction), typed=current
    )
    return [app_commands.Choice(name=f"{pid} — {text}"[:100], value=pid) for pid, text in rows]


@app_commands.guild_only()
class Todo(commands.GroupCog, group_name="todo", group_description="Action items"):
    def __init__(self, bot: commands.Bot):
        self.bot = bot

    @app_commands.command(name="list", description="List action items (open ones by default)")
    @app_commands.describe(mine="Only the items assigned to you")
    async def list_(
        self,
        interaction: discord.Interaction,
        status: StatusName | None = None,
        priority: PriorityName | None = None,
        channel: discord.TextChannel | None = None,
        mine: bool = False,
    ) -> None:
        found = await db(
            items_list,
            guild_id=interaction.guild_id,
            user_id=_user(interaction),
            status=status,
            priority=priority,
            channel_id=channel.id if channel else None,
            mine=mine,
        )
        await interaction.response.send_message(item_list(found.items, found.total), ephemeral=True)

    @app_commands.command(name="add", description="Add an action item in this channel")
    @app_commands.describe(due="Due date, YYYY-MM-DD")
    async def add(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, 500],
        priority: PriorityName = "medium",
        category: CategoryName = "general",
        assignee: discord.Member | None = None,
        due: str | None = None,
    ) -> None:
        item = await db(
            item_add,
            guild_id=interaction.guild_id,
            channel_id=_home_channel_id(interaction),
            user_id=_user(interaction),
            text=text,
            priority=priority,
            category=category,
            assignee=str(assignee.id) if assignee else None,
            due=_due(due),
        )
        await interaction.response.send_message(
            f"Added {item_line(item)}", view=item_view([item.public_id])
        )
        request_refresh(self.bot, interaction.guild_id)

    async def _move(self, interaction: discord.Interaction, item_id: str, status: str) -> None:
        item = await db(
            item_set_status,
            guild_id=interaction.guild_id,
            user_id=_user(interaction),
            item_id=item_id,
            status=status,
        )
        await interaction.response.send_message(item_line(item))
        request_refresh(self.bot, interaction.guild_id)

    @app_commands.command(name="done", description="Mark an action item done")
    @app_commands.autocomplete(item=item_autocomplete)
    async def done(self, interaction: discord.Interaction, item: str) -> None:
        await self._move(interaction, item, Status.COMPLETED)

    @app_commands.command(name="start", description="Mark an action item in progress")
    @app_commands.autocomplete(item=item_autocomplete)
    async def start(self, interaction: discord.Interaction, item: str) -> None:
        await self._move(interaction, item, Status.IN_PROGRESS)

    @app_commands.command(name="archive", description="Archive an action item")
    @app_commands.autocomplete(item=item_autocomplete)
    async def archive(self, interaction: discord.Interaction, item: str) -> None:
        await self._move(interaction, item, Status.ARCHIVED)

    @app_commands.command(name="assign", description="Assign an action item to someone")
    @app_commands.autocomplete(item=item_autocomplete)
    async def assign(
        self, interaction: discord.Interaction, item: str, user: discord.Member
    ) -> None:
        changed = await db(
            item_assign,
            guild_id=interaction.guild_id,
            user_id=_user(interaction),
            item_id=item,
            assignee=str(user.id),
        )
        await interaction.response.send_message(item_line(changed))
        request_refresh(self.bot, interaction.guild_id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Todo(bot))
