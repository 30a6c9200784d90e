"""Registering the slash commands with Discord only when their definitions changed.

Discord limits how often commands may be registered, and a global registration takes a
while to reach every client, so the bot does not re-register on every start: it hashes
the payload it would send and compares with the hash stored after the last registration
to the same application and scope (a file under ``VAR_DIR``).
"""

import hashlib
import json
import logging
from pathlib import Path

import discord
from discord import app_commands

logger = logging.getLogger(__name__)


def tree_payload(tree: app_commands.CommandTree, guild: discord.Object | None) -> list[dict]:
    """What ``tree.sync(guild=guild)`` would send."""
    return [command.to_dict(tree) for command in tree._get_all_commands(guild=guild)]


def payload_hash(payload: list[dict]) -> str:
    ordered = sorted(payload, key=lambda command: (command.get("type", 1), command["name"]))
    return hashlib.sha256(json.dumps(ordered, sort_keys=True).encode()).hexdigest()


def _stamp_path(state_dir: Path, application_id: int, guild: discord.Object | None) -> Path:
    scope = f"guild-{guild.id}" if guild else "global"
    return state_dir / f"commands-{application_id}-{scope}.sha256"


async def sync_commands(
    tree: app_commands.CommandTree,
    *,
    application_id: int,
    state_dir: Path,
    dev_guild_id: int | None = None,
) -> bool:
    """Register the commands (to the development guild when given, copying the global
    ones there; globally otherwise) unless they are what was registered last. True when
    they were sent."""
    guild = discord.Object(id=dev_guild_id) if dev_guild_id else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest = payload_hash(tree_payload(tree, guild))
    stamp = _stamp_path(state_dir, application_id, guild)
    if stamp.exists() and stamp.read_text().strip() == digest:
        logger.info("Slash commands unchanged; not registering them again")
        return False
    await tree.sync(guild=guild)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest + "\n")
    logger.info("Registered slash commands %s", f"in guild {guild.id}" if guild else "globally")
    return True
