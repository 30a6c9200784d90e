"""Posting a sweep's results to Discord, after its transactions have committed.

A failure to post is logged and recorded on the sweep, never raised: the items are
already safe in the database and the next sweep or refresh posts again.
"""

import logging

from actionitems.models import ActionItem, Status
from bot.components import item_rows
from bot.errors import DiscordError, MessageUnavailable
from guilds.models import GuildConfig
from sweeps import discord_io
from sweeps.digest import (
    EMBEDS_PER_MESSAGE,
    FIELDS_PER_EMBED,
    TODO_LINES,
    digest_messages,
    todo_embed,
)
from sweeps.models import Sweep

logger = logging.getLogger(__name__)
OPEN = (Status.PENDING, Status.IN_PROGRESS)


def post_digest(sweep: Sweep, items: list[ActionItem]) -> None:
    config = sweep.guild.config
    if not items or config.sweep_output_channel_id is None:
        return
    per_message = FIELDS_PER_EMBED * EMBEDS_PER_MESSAGE
    try:
        for number, embeds in enumerate(
            digest_messages(items, privacy=config.privacy_mode_enabled)
        ):
            # Done / Start / Assign-to-me buttons for the message's first entries
            shown = items[number * per_message : (number + 1) * per_message]
            components = item_rows([item.public_id for item in shown])
            posted = discord_io.send(
                config.sweep_output_channel_id, embeds=embeds, components=components
            )
            if number == 0:
                Sweep.objects.filter(pk=sweep.pk).update(digest_message_id=int(posted["id"]))
    except DiscordError as error:
        logger.warning("Digest of %s not posted: %s", sweep.public_id, error)


def refresh_todo_message(config: GuildConfig) -> None:
    """Edit the to-do channel's one message in place, or post it when it is gone."""
    if config.todo_channel_id is None:
        return
    open_items = ActionItem.objects.filter(guild_id=config.guild_id, status__in=OPEN)
    ranked = list(open_items.order_by("-priority", "due_date", "created_at")[:TODO_LINES])
    embed = todo_embed(ranked, open_items.count(), privacy=config.privacy_mode_enabled)
    # buttons for the most urgent items; an edit replaces those of items no longer open
    components = item_rows([item.public_id for item in ranked])
    try:
        if config.todo_message_id is not None:
            try:
                discord_io.edit(
                    config.todo_channel_id,
                    config.todo_message_id,
                    embeds=[embed],
                    components=components,
                )
                return
            except MessageUnavailable:
                logger.info("To-do message of guild %s is gone; posting anew", config.guild_id)
        posted = discord_io.send(config.todo_channel_id, embeds=[embed], components=components)
    except DiscordError as error:
        logger.warning("To-do list of guild %s not refreshed: %s", config.guild_id, error)
        return
    GuildConfig.objects.filter(pk=config.pk).update(todo_message_id=int(posted["id"]))
    config.todo_message_id = int(posted["id"])
