"""Sweep a conversation file (the corpus format) through the pipeline, without Discord.

Each conversation becomes the new messages of the guild channel of the same name
(created when the guild has none), then runs the same steps as a Discord sweep
after its fetch: extraction, recording, stats and cursor; no digest is posted.
"""

import json
import zlib
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guilds.models import Channel, Guild
from sweeps.conversation import from_transcript, snowflake_at
from sweeps.models import Sweep
from sweeps.pipeline import record_conversation
from sweeps.services import SweepAlreadyActive, sweep_claim, sweep_finish, sweep_request


class Command(BaseCommand):
    help = "Sweep a transcript file (corpus format) into a guild's action items."

    def add_arguments(self, parser):
        parser.add_argument("--guild", required=True, help="the guild's id")
        parser.add_argument("file", type=Path)

    def handle(self, *args, guild, file, **options):
        target = Guild.objects.filter(id=int(guild) if guild.isdigit() else -1).first()
        if target is None:
            raise CommandError(f"No guild {guild!r}: create it first (e.g. with seed_demo).")
        conversations = _load(file)
        try:
            sweep = sweep_request(guild=target, trigger=Sweep.Trigger.TRANSCRIPT, enqueue=False)
        except SweepAlreadyActive:
            raise CommandError(f"Guild {guild} has a sweep queued or running; try later.") from None
        sweep = sweep_claim(sweep_id=sweep.pk)
        outcomes = []
        for number, raw in enumerate(conversations, 1):
            channel = _channel_for(target, raw["channel"], raw["messages"])
            conversation = from_transcript(channel.id, raw)
            outcome = record_conversation(sweep, channel, channel, conversation)
            outcomes.append(outcome)
            self.stdout.write(
                f"[{number}/{len(conversations)}] #{channel.name}: {outcome.messages} messages, "
                f"{len(outcome.created)} new action items"
            )
        sweep = sweep_finish(sweep=sweep, outcomes=outcomes)
        self.stdout.write(
            f"Sweep {sweep.public_id} {sweep.status}: {sweep.messages_processed} messages, "
            f"{sweep.action_items_found} new action items"
        )


def _load(file: Path) -> list[dict]:
    try:
        conversations = json.loads(file.read_text())["conversations"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{file}: not a transcript file ({error})") from None
    for number, raw in enumerate(conversations, 1):
        missing = {"channel", "members", "messages"} - set(raw if isinstance(raw, dict) else ())
        if missing:
            raise CommandError(f"{file}: conversation {number} lacks {', '.join(sorted(missing))}")
    return conversations


@transaction.atomic
def _channel_for(guild: Guild, name: str, messages: list[dict]) -> Channel:
    channel = Channel.objects.filter(guild=guild, name=name, parent__isnull=True).first()
    if channel is not None:
        return channel
    first = messages[0]["ts"] if messages else "2015-01-01T00:00:00Z"
    started = datetime.fromisoformat(first.replace("Z", "+00:00"))
    made_up_id = snowflake_at(started, zlib.crc32(name.encode()))
    return Channel.objects.create(id=made_up_id, guild=guild, name=name[:100], monitored=True)
