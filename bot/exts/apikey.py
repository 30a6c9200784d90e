"""/apikey: a member's own API keys. A new key is shown once, privately."""

import discord
from discord import app_commands
from discord.ext import commands
from django.utils import timezone

from bot.access import Refused, member_for
from bot.db import db
from guilds.models import ApiKey
from guilds.services import api_key_create, api_key_revoke

MAX_LISTED = 20


def key_create(*, guild_id: int, user_id: str, name: str = "") -> tuple[ApiKey, str]:
    member_for(guild_id=guild_id, user_id=user_id)
    return api_key_create(user_id=user_id, name=name[:100], actor=user_id)


def _state(key: ApiKey, now) -> str:
    if key.revoked_at:
        return "revoked"
    if key.expires_at and key.expires_at <= now:
        return "expired"
    return "active"


def keys_text(*, user_id: str) -> str:
    now = timezone.now()
    keys = list(ApiKey.objects.filter(user_id=user_id)[:MAX_LISTED])
    if not keys:
        return "You have no API keys. Make one with `/apikey create`."
    return "\n".join(
        f"`ntk_{key.prefix}_…` {key.name or '(no name)'} — {_state(key, now)}, "
        f"made <t:{int(key.created_at.timestamp())}:d>"
        for key in keys
    )


def key_revoke(*, user_id: str, prefix: str) -> ApiKey:
    prefix = prefix.removeprefix("ntk_").split("_")[0]
    key = ApiKey.objects.filter(user_id=user_id, prefix=prefix).first()
    if key is None:
        raise Refused("You have no API key with that prefix.")
    return api_key_revoke(key=key, actor=user_id)


def key_choices(*, user_id: str, typed: str) -> list[tuple[str, str]]:
    keys = ApiKey.objects.filter(user_id=user_id, revoked_at__isnull=True)
    typed = typed.removeprefix("ntk_")
    if typed:
        keys = keys.filter(prefix__startswith=typed)
    return list(keys.values_list("prefix", "name")[:25])


async def key_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    rows = await db(key_choices, user_id=str(interaction.user.id), typed=current)
    return [
        app_commands.Choice(name=f"ntk_{prefix}_… {name}"[:100], value=prefix)
        for prefix, name in rows
    ]


@app_commands.guild_only()
class ApiKeys(commands.GroupCog, group_name="apikey", group_description="Your API keys"):
    def __init__(self, bot: commands.Bot):
        self.bot = bot

    @app_commands.command(name="create", description="Make an API key (shown once)")
    async def create(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 0, 100] = ""
    ) -> None:
        key, text = await db(
            key_create, guild_id=interaction.guild_id, user_id=str(interaction.user.id), name=name
        )
        await interaction.response.send_message(
            f"Your new API key{f' **{key.name}**' if key.name else ''}:\n```\n{text}\n```\n"
            "Copy it now: it is not shown again. Use it as `Authorization: Bearer <key>`.",
            ephemeral=True,
        )

    @app_commands.command(name="list", description="List your API keys")
    async def list_(self, interaction: discord.Interaction) -> None:
        text = await db(keys_text, user_id=str(interaction.user.id))
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="revoke", description="Revoke one of your API keys")
    @app_commands.autocomplete(key=key_autocomplete)
    async def revoke(self, interaction: discord.Interaction, key: str) -> None:
        revoked = await db(key_revoke, user_id=str(interaction.user.id), prefix=key)
        await interaction.response.send_message(
            f"`ntk_{revoked.prefix}_…` is revoked.", ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ApiKeys(bot))
