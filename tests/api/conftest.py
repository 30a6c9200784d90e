"""A guild with one of everything the API can address."""

import pytest

from tests.factories import ActionItemFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint


@pytest.fixture
def world(guild, channels, owner) -> dict[str, str]:
    """The path ids of real objects in ``guild``, keyed by URL parameter name."""
    item = ActionItemFactory(channel=channels[0], assigned_to="member001")
    webhook = WebhookEndpoint.objects.create(
        guild=guild, url="https://93.184.215.14/hook", events=["ping"], secret="whsec_x"
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=webhook, event="ping", payload={}, status="failed", next_attempt_at=None
    )
    return {
        "guild_id": str(guild.id),
        "item_id": item.public_id,
        "channel_id": str(channels[0].id),
        "user_id": "owner0001",
        "webhook_id": webhook.public_id,
        "delivery_id": delivery.public_id,
    }
