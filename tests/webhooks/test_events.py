"""Events are emitted by the services that make a change, whoever calls them, on commit."""

import json

import pytest
from django.db import transaction
from django.utils import timezone

from actionitems.models import Source
from actionitems.services import (
    action_item_create,
    action_item_delete,
    action_item_set_status,
    action_item_update,
)
from sweeps.models import Sweep
from sweeps.services import sweep_fail, sweep_finish
from tests.factories import ActionItemFactory
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.services import render_body

URL = "https://93.184.215.14/in"


@pytest.fixture
def subscribed(guild):
    def make(*events, active=True):
        return WebhookEndpoint.objects.create(
            guild=guild, url=URL, events=list(events), secret="whsec_AAAA", active=active
        )

    return make


def _events() -> list[str]:
    return list(WebhookDelivery.objects.order_by("id").values_list("event", flat=True))


def test_an_item_created_through_the_api_emits_the_spec_body_with_an_id(
    owner, guild, channels, subscribed, django_capture_on_commit_callbacks
):
    endpoint = subscribed("action_item.created")

    with django_capture_on_commit_callbacks() as callbacks:
        response = owner.client.post(
            f"/v1/guilds/{guild.id}/action-items",
            {"channel_id": str(channels[0].id), "text": "Schedule follow-up", "priority": "high"},
            format="json",
        )

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    enqueues = [c for c in callbacks if "_enqueue_on_commit" in c.__qualname__]
    assert len(enqueues) == 1, "the delivery is enqueued once the change commits"
    assert delivery.event == "action_item.created"
    assert delivery.status == "pending"
    body = json.loads(render_body(delivery, timezone.now()))
    assert set(body) == {"id", "event", "guild_id", "action_item", "timestamp"}
    assert body["id"] == delivery.event_id
    assert body["guild_id"] == str(guild.id)
    item = body["action_item"]
    assert item["id"] == response.json()["id"]
    assert (item["text"], item["priority"], item["channel_name"]) == (
        "Schedule follow-up",
        "high",
        "general",
    )
    assert body["timestamp"].endswith("Z")


def test_only_active_subscribed_endpoints_get_a_delivery(guild, channels, subscribed):
    wanted = subscribed("action_item.created", "sweep.completed")
    subscribed("sweep.completed")
    subscribed("action_item.created", active=False)

    action_item_create(guild=guild, channel=channels[0], text="Do it", source=Source.BOT)

    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [wanted.pk]


def test_every_endpoint_shares_the_event_id(guild, channels, subscribed):
    subscribed("action_item.created")
    subscribed("action_item.created")

    action_item_create(guild=guild, channel=channels[0], text="Do it")

    assert WebhookDelivery.objects.count() == 2
    assert WebhookDelivery.objects.values("event_id").distinct().count() == 1


def test_a_rolled_back_change_emits_nothing(guild, channels, subscribed):
    subscribed("action_item.created")

    def create_then_fail() -> None:
        with transaction.atomic():
            action_item_create(guild=guild, channel=channels[0], text="Do it")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        create_then_fail()

    assert not WebhookDelivery.objects.exists()


def test_updates_and_status_changes_are_told_apart(guild, channels, subscribed):
    subscribed("action_item.updated", "action_item.status_changed", "action_item.deleted")
    item = ActionItemFactory(channel=channels[0])

    action_item_update(item=item, text="Changed")
    action_item_set_status(item=item, status="completed")
    action_item_update(item=item, priority=3, status="pending")
    action_item_update(item=item, priority=3)
    action_item_delete(item=item)

    assert _events() == [
        "action_item.updated",
        "action_item.status_changed",
        "action_item.updated",
        "action_item.status_changed",
        "action_item.deleted",
    ]
    payloads = [d.payload for d in WebhookDelivery.objects.order_by("id")]
    assert payloads[0]["changed"] == ["text"]
    assert payloads[1]["previous_status"] == "pending"
    assert payloads[1]["action_item"]["status"] == "completed"
    assert payloads[4]["action_item"]["id"] == item.public_id


def test_config_changes_through_the_api_are_emitted(owner, guild, channels, subscribed):
    subscribed("config.updated")

    owner.client.patch(
        f"/v1/guilds/{guild.id}/config",
        {"sweep_interval_hours": 12, "sweep_output_channel_id": str(channels[2].id)},
        format="json",
    )
    owner.client.patch(f"/v1/guilds/{guild.id}/config", {"sweep_interval_hours": 12}, format="json")

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.payload["changed"] == ["sweep_interval_hours", "sweep_output_channel_id"]
    assert delivery.payload["config"]["sweep_output_channel_id"] == str(channels[2].id)


def test_finished_and_failed_sweeps_are_emitted(guild, subscribed):
    subscribed("sweep.completed", "sweep.failed")
    done = Sweep.objects.create(guild=guild, status="running", started_at=timezone.now())
    sweep_finish(sweep=done, outcomes=[])
    crashed = Sweep.objects.create(guild=guild, status="running")

    sweep_fail(sweep_id=crashed.pk, error="Internal error: KeyError")

    assert _events() == ["sweep.completed", "sweep.failed"]
    completed, failed = (d.payload["sweep"] for d in WebhookDelivery.objects.order_by("id"))
    assert completed["id"] == done.public_id
    assert completed["status"] == "completed"
    assert failed["error"] == "Internal error: KeyError"
