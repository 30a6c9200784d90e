"""Registers the persistent item buttons (bot/item_buttons.py) with the bot."""

from discord.ext import commands

from bot.item_buttons import ItemButton


async def setup(bot: commands.Bot) -> None:
    bot.add_dynamic_items(ItemButton)


async def teardown(bot: commands.Bot) -> None:
    bot.remove_dynamic_items(ItemButton)
