"""actionitems/reactions.py: one reacted message becomes one item, once."""

from datetime import UTC, datetime

import pytest

from actionitems.models import ActionItem
from actionitems.reactions import ReactedMessage, action_item_from_reaction
from actionitems.services import extracted_fingerprint

pytestmark = pytest.mark.django_db


def message(content: str, **kwargs) -> ReactedMessage:
    fields = {
        "id": 7001,
        "channel_id": 555,
        "author_id": "1001",
        "author_name": "Alice",
        "content": content,
        "timestamp": datetime(2025, 3, 3, 10, tzinfo=UTC),
        "mentions": {},
    } | kwargs
    return ReactedMessage(**fields)


def test_an_extracted_task_keeps_the_extractors_fields_and_a_jump_link(guild, channels):
    text = "<@1002> can you fix the login bug by Friday? It's urgent"
    item, created = action_item_from_reaction(
        channel=channels[0], message=message(text, mentions={"1002": "Bob"}), reacted_by="1003"
    )
    assert created
    assert item.source == "reaction"
    assert item.created_by == "1003"
    assert item.source_message_id == 7001
    assert item.jump_url == f"https://discord.com/channels/{guild.id}/555/7001"
    assert item.excerpt == text
    assert item.category == "bug"
    assert item.assigned_to == "1002"
    assert item.due_date is not None
    assert item.fingerprint == extracted_fingerprint(source_message_id=7001, text=item.text)


def test_a_message_without_a_task_still_becomes_one(channels):
    item, created = action_item_from_reaction(
        channel=channels[0], message=message("the lunch menu"), reacted_by="1003"
    )
    assert created
    assert item.text == "the lunch menu"


def test_a_second_reaction_adds_nothing(channels):
    first, _ = action_item_from_reaction(
        channel=channels[0], message=message("please update the docs"), reacted_by="1003"
    )
    again, created = action_item_from_reaction(
        channel=channels[0], message=message("please update the docs"), reacted_by="1004"
    )
    assert not created
    assert again.pk == first.pk
    assert ActionItem.objects.count() == 1


def test_privacy_mode_keeps_no_excerpt_and_redacts(guild, channels):
    guild.config.privacy_mode_enabled = True
    guild.config.save()
    channels[0].guild = guild
    item, _ = action_item_from_reaction(
        channel=channels[0],
        message=message("email bob@example.com the contract please"),
        reacted_by="1003",
    )
    assert item.excerpt == ""
    assert "bob@example.com" not in item.text


@pytest.mark.parametrize(
    ("privacy", "text"),
    [(False, "Send the contract to Carol"), (True, "Send the contract to [someone]")],
)
def test_a_member_the_task_is_about_is_named_only_outside_privacy_mode(
    guild, channels, privacy, text
):
    guild.config.privacy_mode_enabled = privacy
    guild.config.save()
    channels[0].guild = guild
    reacted = message(
        "<@1002> pls send the contract to <@1004>", mentions={"1002": "Bob", "1004": "Carol"}
    )
    item, _ = action_item_from_reaction(channel=channels[0], message=reacted, reacted_by="1003")
    assert item.text == text
    assert item.summary == f"{text} in #{channels[0].name}"
