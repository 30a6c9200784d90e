"""Done, Start and Assign-to-me buttons on digest entries, to-do messages and replies.

Registered with the bot by the extension bot/exts/buttons.py.

A ``DynamicItem`` matches the ``custom_id`` template of bot/components.py, so a click
works on any message that carries the buttons, posted before or after a restart.
"""

import re

import discord

from actionitems.models import Status
from bot import components
from bot.access import Refused
from bot.db import db
from bot.exts.errors import tell
from bot.items import item_assign, item_set_status
from bot.todo_refresh import request_refresh

STATUS_OF = {"done": Status.COMPLETED, "start": Status.IN_PROGRESS}
SAID = {"done": "marked done", "start": "started", "assign": "assigned to you"}


class ItemButton(discord.ui.DynamicItem[discord.ui.Button], template=components.CUSTOM_ID_TEMPLATE):
    def __init__(self, action: str, item_id: str):
        spec = components.item_button(action, item_id)
        super().__init__(
            discord.ui.Button(
                label=spec["label"],
                style=discord.ButtonStyle(spec["style"]),
                emoji=spec["emoji"]["name"],
                custom_id=spec["custom_id"],
            )
        )
        self.action = action
        self.item_id = item_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> "ItemButton":
        return cls(match["action"], match["item_id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if interaction.guild_id is None:
            return
        user_id = str(interaction.user.id)
        try:
            if self.action == "assign":
                await db(
                    item_assign,
                    guild_id=interaction.guild_id,
                    user_id=user_id,
                    item_id=self.item_id,
                    assignee=user_id,
                )
            else:
                await db(
                    item_set_status,
                    guild_id=interaction.guild_id,
                    user_id=user_id,
                    item_id=self.item_id,
                    status=STATUS_OF[self.action],
                )
        except Refused as refusal:
            await tell(interaction, str(refusal))
            return
        await tell(interaction, f"`{self.item_id}` {SAID[self.action]}.")
        request_refresh(interaction.client, interaction.guild_id)


def item_view(item_ids: list[str]) -> discord.ui.View:
    """A view carrying the buttons of up to five items, one row each."""
    view = discord.ui.View(timeout=None)
    for row, item_id in enumerate(item_ids[: components.MAX_ROWS]):
        for action in components.ACTIONS:
            button = ItemButton(action, item_id)
            button.item.row = row
            view.add_item(button)
    return view
