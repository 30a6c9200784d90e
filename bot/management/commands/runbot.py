"""``python manage.py runbot``: the Discord gateway client, until SIGTERM or SIGINT.

discord.py reconnects by itself (resuming the session when it can); a stop signal
closes the connection cleanly, after any to-do refresh under way has finished.
"""

import asyncio
import signal

import discord
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bot.client import NoteTicketingBot, point_at


def _dev_guild_id() -> int | None:
    value = settings.DISCORD_DEV_GUILD_ID
    if not value:
        return None
    if not value.isdigit():
        raise CommandError(f"DISCORD_DEV_GUILD_ID must be a guild id (digits), not {value!r}.")
    return int(value)


class Command(BaseCommand):
    help = "Run the Discord bot: slash commands, buttons, reactions and guild sync."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-sync-commands",
            action="store_true",
            help="do not register slash commands with Discord, even when they changed",
        )

    def handle(self, *args, no_sync_commands: bool = False, **options):
        if not settings.DISCORD_TOKEN:
            raise CommandError(
                "DISCORD_TOKEN is not set: the bot needs a Discord bot token "
                "(see README). Nothing to run."
            )
        bot = NoteTicketingBot(
            gateway_url=settings.DISCORD_GATEWAY_URL or None,
            dev_guild_id=_dev_guild_id(),
            state_dir=settings.VAR_DIR,
            sync_commands=not no_sync_commands,
        )
        try:
            asyncio.run(self.run(bot))
        except discord.LoginFailure:
            raise CommandError("Discord refused DISCORD_TOKEN (401): check the token.") from None
        except discord.PrivilegedIntentsRequired:
            raise CommandError(
                "Discord refused the privileged intents: enable Server Members and Message "
                "Content for the application in the Developer Portal."
            ) from None
        self.stdout.write("Bot stopped.")

    async def run(self, bot: NoteTicketingBot) -> None:
        point_at(settings.DISCORD_API_BASE)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, lambda: asyncio.ensure_future(bot.close()))
        async with bot:
            await bot.start(settings.DISCORD_TOKEN, reconnect=True)
