"""An action item made at once from one message someone reacted to.

The message is run through the configured extractor on its own; when the extractor
finds nothing, the person's reaction still says "this is a task", so the whole message
becomes the item. Its key (message id + text) is the one a sweep would give the same
candidate, so a later sweep of the channel does not add it again.
"""

from dataclasses import dataclass

from django.db import IntegrityError

from actionitems.extraction import Candidate, Message
from actionitems.extractor import configured_extractor
from actionitems.models import ActionItem, Priority, Source
from actionitems.privacy import redact_item
from actionitems.services import action_item_create, extracted_fingerprint
from guilds.models import Channel

EXCERPT_LENGTH = 280


@dataclass(frozen=True)
class ReactedMessage:
    """What the bot knows of the message: ids are Discord's, as strings for the extractor."""

    id: int
    channel_id: int  # where the message lives (a thread's own id for a thread)
    author_id: str
    author_name: str
    content: str
    timestamp: object  # datetime
    mentions: dict[str, str]  # user id -> display name


def _candidate(message: ReactedMessage, channel_name: str) -> Candidate:
    extracted = configured_extractor().extract(
        [
            Message(
                id=str(message.id),
                author_id=message.author_id,
                author_name=message.author_name,
                content=message.content,
                timestamp=message.timestamp,
                mentions=tuple(message.mentions),
            )
        ],
        members={message.author_id: message.author_name, **message.mentions},
        channel_name=channel_name,
    )
    if extracted:
        return max(extracted, key=lambda candidate: candidate.confidence)
    return Candidate(
        message_id=str(message.id),
        text=message.content.strip(),
        summary="",
        priority="medium",
        category="general",
        assignee=None,
        due=None,
        confidence=1.0,
    )


def action_item_from_reaction(
    *, channel: Channel, message: ReactedMessage, reacted_by: str
) -> tuple[ActionItem, bool]:
    """The item for the message and whether it is new; ``channel`` is the monitored channel
    (with ``guild__config`` loaded) that owns the item."""
    config = channel.guild.config
    candidate = _candidate(message, channel.name)
    privacy = config.privacy_mode_enabled
    text, summary = candidate.text, candidate.summary
    if privacy:
        names = [message.author_name, *message.mentions.values()]
        text, summary = redact_item(text, summary, names)
    text = text[:500] or "(empty message)"
    fingerprint = extracted_fingerprint(source_message_id=message.id, text=text)
    existing = ActionItem.objects.filter(guild_id=channel.guild_id, fingerprint=fingerprint)
    if item := existing.select_related("channel").first():
        return item, False
    try:
        item = action_item_create(
            guild=channel.guild,
            channel=channel,
            text=text,
            summary=summary[:200],
            priority=Priority.from_label(candidate.priority),
            category=candidate.category,
            assigned_to=candidate.assignee or None,
            due_date=candidate.due,
            created_by=reacted_by,
            source=Source.REACTION,
            source_message_id=message.id,
            jump_url=(
                f"https://discord.com/channels/{channel.guild_id}/{message.channel_id}/{message.id}"
            ),
            excerpt="" if privacy else message.content[:EXCERPT_LENGTH],
            confidence=candidate.confidence,
        )
    except IntegrityError:  # two reactions at once: the other one made it
        return existing.select_related("channel").get(), False
    return item, True
