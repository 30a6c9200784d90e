"""The gateway client: a discord.py ``commands.Bot`` whose behaviour lives in extensions.

Pointed at any Discord-compatible server: REST at ``api_base`` (discord.py reads the
class attribute ``Route.BASE``), the gateway at ``gateway_url`` or, when that is not
given, wherever ``GET /gateway/bot`` says. discord.py connects to the class attribute
``DiscordWebSocket.DEFAULT_GATEWAY`` (and falls back to it after an invalidated
session), so that is what is set. Both are process-wide: one process, one Discord.
"""

import logging
from pathlib import Path

import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.command_sync import sync_commands
from bot.exts import EXTENSIONS
from bot.todo_refresh import TodoRefresher

logger = logging.getLogger(__name__)


def bot_intents() -> discord.Intents:
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.guild_messages = True
    intents.message_content = True
    intents.guild_reactions = True
    return intents


def point_at(api_base: str) -> None:
    Route.BASE = api_base.rstrip("/")


class NoteTicketingBot(commands.Bot):
    def __init__(
        self,
        *,
        gateway_url: str | None = None,
        dev_guild_id: int | None = None,
        state_dir: Path | None = None,
        sync_commands: bool = True,
        **options,
    ):
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.gateway_url = gateway_url
        self.dev_guild_id = dev_guild_id
        self.state_dir = state_dir
        self.should_sync_commands = sync_commands
        self.todo_refresher = TodoRefresher()

    async def setup_hook(self) -> None:
        await self.load_extensions()
        await self.point_gateway()
        if self.should_sync_commands and self.state_dir is not None:
            await sync_commands(
                self.tree,
                application_id=self.application_id,
                state_dir=self.state_dir,
                dev_guild_id=self.dev_guild_id,
            )

    async def load_extensions(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        logger.info("Loaded %d extensions", len(EXTENSIONS))

    async def point_gateway(self) -> None:
        url = self.gateway_url
        if not url:
            _, url, _ = await self.http.get_bot_gateway()
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        logger.info("Gateway: %s", url)

    async def close(self) -> None:
        await self.todo_refresher.wait()
        await super().close()

    async def on_ready(self) -> None:
        logger.info("Ready as %s in %d guilds", self.user, len(self.guilds))
