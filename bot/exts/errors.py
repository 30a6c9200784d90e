"""What a person sees when a command cannot do what they asked.

A ``Refused`` (bot/access.py) is a sentence for them, shown privately; anything else is
logged with its traceback and answered with an apology, so no interaction is left
"thinking" forever.
"""

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.access import Refused

logger = logging.getLogger(__name__)


async def tell(interaction: discord.Interaction, message: str, *, ephemeral: bool = True) -> None:
    """Answer the interaction, or follow up when it was already answered (or deferred)."""
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=ephemeral)
    else:
        await interaction.response.send_message(message, ephemeral=ephemeral)


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    original = getattr(error, "original", error)
    if isinstance(original, Refused):
        message = str(original)
    elif isinstance(error, app_commands.NoPrivateMessage):
        message = "This command works in a server only."
    elif isinstance(error, app_commands.TransformerError):
        message = f"I could not read `{error.value}` as {error.type.name.lower()}."
    else:
        logger.exception("Command %s failed", interaction.command, exc_info=original)
        message = "Something went wrong on my side; it has been logged."
    try:
        await tell(interaction, message)
    except discord.HTTPException:
        logger.warning("Could not tell %s about an error", interaction.user.id)


class Errors(commands.Cog):
    def __init__(self, bot: commands.Bot):
        self.bot = bot
        self.previous = bot.tree.on_error
        bot.tree.on_error = on_app_command_error

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self.previous


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Errors(bot))
