"""One sweep from start to end: read each channel and its threads, extract, record, post."""

import logging

from django.utils import timezone

from actionitems.extractor import configured_extractor
from actionitems.models import ActionItem
from bot.errors import ChannelUnavailable, DiscordError, GuildUnavailable
from guilds.models import Channel
from sweeps import discord_io
from sweeps.conversation import Conversation, from_discord
from sweeps.models import Sweep
from sweeps.posting import post_digest, refresh_todo_message
from sweeps.services import (
    ChannelOutcome,
    channel_failed,
    channel_record,
    read_position,
    sweep_channels,
    sweep_claim,
    sweep_finish,
    sweep_heartbeat,
)

logger = logging.getLogger(__name__)


def record_conversation(
    sweep: Sweep,
    channel: Channel,
    cursor_channel: Channel,
    conversation: Conversation,
    read_from: int | None = None,
) -> ChannelOutcome:
    """The steps after fetching, shared by Discord sweeps and transcript sweeps."""
    candidates = configured_extractor().extract(
        conversation.messages, members=conversation.members, channel_name=channel.name
    )
    return channel_record(
        sweep=sweep,
        channel=channel,
        cursor_channel=cursor_channel,
        conversation=conversation,
        candidates=candidates,
        read_from=read_from,
    )


def _sweep_stream(sweep: Sweep, channel: Channel, source: Channel) -> tuple[list[ActionItem], int]:
    """Read ``source`` (the channel or a thread of it) in chunks, recording each chunk.

    Returns the items created and the number of messages read.
    """
    created: list[ActionItem] = []
    messages = 0
    after = read_from = read_position(sweep, source, channel)
    while True:
        payloads = discord_io.fetch_messages(source.id, after)
        if not payloads:
            return created, messages
        conversation = from_discord(source.id, payloads)
        outcome = record_conversation(sweep, channel, source, conversation, read_from)
        sweep_heartbeat(sweep)
        created += outcome.created
        messages += outcome.messages
        after = max(int(payload["id"]) for payload in payloads)
        if len(payloads) < discord_io.FETCH_CHUNK:
            return created, messages


def _thread_row(channel: Channel, thread: dict) -> Channel:
    row, _ = Channel.objects.update_or_create(
        id=int(thread["id"]),
        defaults={
            "guild": channel.guild,
            "parent": channel,
            "name": thread.get("name", "thread")[:100],
            "type": Channel.Type.THREAD,
        },
    )
    return row


def sweep_channel(sweep: Sweep, channel: Channel) -> ChannelOutcome:
    """A channel and its threads; a channel Discord will not give us is recorded, not raised."""
    try:
        created, messages = _sweep_stream(sweep, channel, channel)
        since = sweep.guild.config.last_sweep_time
        for thread in discord_io.fetch_threads(sweep.guild_id, channel.id, since):
            thread_created, thread_messages = _sweep_stream(
                sweep, channel, _thread_row(channel, thread)
            )
            created += thread_created
            messages += thread_messages
    except (ChannelUnavailable, GuildUnavailable) as error:
        logger.warning("Channel %s unavailable in %s: %s", channel.id, sweep.public_id, error)
        return channel_failed(sweep=sweep, channel=channel, error=f"unavailable: {error}")
    except DiscordError as error:
        logger.warning("Discord failed for %s in %s: %s", channel.id, sweep.public_id, error)
        return channel_failed(sweep=sweep, channel=channel, error=f"Discord error: {error}")
    return ChannelOutcome(channel=channel, messages=messages, created=created)


def sweep_run(*, sweep_id: int) -> Sweep | None:
    sweep = sweep_claim(sweep_id=sweep_id)
    if sweep is None:
        return None
    started = timezone.now()
    outcomes = [sweep_channel(sweep, channel) for channel in sweep_channels(sweep)]
    sweep = sweep_finish(sweep=sweep, outcomes=outcomes)
    created = [item for outcome in outcomes for item in outcome.created]
    logger.info(
        "%s: %d channels, %d new items in %.1fs",
        sweep.public_id,
        len(outcomes),
        len(created),
        (timezone.now() - started).total_seconds(),
    )
    post_digest(sweep, created)
    refresh_todo_message(sweep.guild.config)
    return sweep
