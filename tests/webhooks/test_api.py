"""The webhooks API: shapes, errors and permissions (the matrix is in tests/api)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guilds.models import GuildMember
from tests.factories import GuildFactory
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import MAX_ENDPOINTS_PER_GUILD

URL = "https://93.184.215.14/hooks/in"


def _base(guild) -> str:
    return f"/v1/guilds/{guild.id}/webhooks"


def _create(persona, guild, **body):
    body = {"url": URL, "events": ["action_item.created"]} | body
    return persona.client.post(_base(guild), body, format="json")


def test_creating_answers_201_with_the_secret_once(owner, guild):
    response = _create(owner, guild, events=["action_item.created", "sweep.completed"])

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "url",
        "events",
        "active",
        "disabled_reason",
        "disabled_at",
        "failing_since",
        "created_at",
        "updated_at",
        "secret",
    }
    assert body["id"].startswith("wh_")
    assert body["secret"].startswith("whsec_")
    assert (body["url"], body["events"], body["active"]) == (
        URL,
        ["action_item.created", "sweep.completed"],
        True,
    )
    listed = owner.client.get(_base(guild)).json()
    fetched = owner.client.get(f"{_base(guild)}/{body['id']}").json()
    assert listed["total"] == 1
    assert "secret" not in listed["webhooks"][0]
    assert "secret" not in fetched
    assert body["secret"] not in str(listed) + str(fetched)


def test_rotating_gives_a_new_secret(owner, guild):
    created = _create(owner, guild).json()

    response = owner.client.post(f"{_base(guild)}/{created['id']}/rotate-secret")

    assert response.status_code == 200
    assert response.json()["secret"].startswith("whsec_")
    assert response.json()["secret"] != created["secret"]
    assert WebhookEndpoint.objects.get().secret == response.json()["secret"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": []}, "events"),
        ({"events": ["nope"]}, "events[0]"),
        ({"events": "ping"}, "events"),
        ({"events": ["ping", "ping"]}, "events"),
        ({"url": 5}, "url"),
        ({"url": "x" * 2001}, "url"),
        ({"secret": "mine"}, "secret"),
    ],
)
def test_bad_bodies_are_400s_naming_the_field(owner, guild, body, field):
    response = _create(owner, guild, **body)

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == field


def test_a_guild_has_a_limited_number_of_webhooks(owner, guild):
    for _ in range(MAX_ENDPOINTS_PER_GUILD):
        assert _create(owner, guild).status_code == 201

    response = _create(owner, guild)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CONFLICT"


def test_patch_changes_what_is_given_and_reenabling_clears_the_failure(owner, guild):
    created = _create(owner, guild).json()
    WebhookEndpoint.objects.update(active=False, disabled_reason="Gone")

    response = owner.client.patch(
        f"{_base(guild)}/{created['id']}",
        {"events": ["config.updated"], "active": True},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["events"], body["active"], body["disabled_reason"]) == (
        ["config.updated"],
        True,
        "",
    )
    assert body["url"] == URL


def test_patch_refuses_an_unsafe_url(owner, guild):
    created = _create(owner, guild).json()

    response = owner.client.patch(
        f"{_base(guild)}/{created['id']}", {"url": "https://10.0.0.1/"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"]["field"] == "url"
    assert WebhookEndpoint.objects.get().url == URL


def test_disabling_through_the_api_fails_pending_deliveries(owner, guild):
    created = _create(owner, guild).json()
    endpoint = WebhookEndpoint.objects.get()
    pending = WebhookDelivery.objects.create(endpoint=endpoint, event="ping", payload={})

    response = owner.client.patch(
        f"{_base(guild)}/{created['id']}", {"active": False}, format="json"
    )

    assert response.json()["active"] is False
    pending.refresh_from_db()
    assert (pending.status, pending.next_attempt_at) == ("failed", None)


def test_delete_removes_the_endpoint_and_its_deliveries(owner, guild):
    created = _create(owner, guild).json()
    WebhookDelivery.objects.create(endpoint=WebhookEndpoint.objects.get(), event="ping", payload={})

    response = owner.client.delete(f"{_base(guild)}/{created['id']}")

    assert response.status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_ids_are_checked_and_scoped_to_the_guild(owner, guild):
    other = GuildFactory()
    GuildMember.objects.create(guild=other, user_id=owner.user_id)
    foreign = WebhookEndpoint.objects.create(guild=other, url=URL, events=["ping"], secret="s")

    assert owner.client.get(f"{_base(guild)}/{foreign.public_id}").status_code == 404
    malformed = owner.client.get(f"{_base(guild)}/nope")
    assert malformed.status_code == 400
    assert malformed.json()["error"]["details"]["field"] == "webhookId"


def test_the_test_route_queues_a_ping_for_that_endpoint_alone(owner, guild):
    created = _create(owner, guild, events=["sweep.failed"]).json()

    response = owner.client.post(f"{_base(guild)}/{created['id']}/test")

    assert response.status_code == 202
    body = response.json()
    assert (body["event"], body["status"], body["attempts"]) == ("ping", "pending", [])
    assert body["event_id"].startswith("evt_")
    assert WebhookDelivery.objects.get().payload["webhook_id"] == created["id"]


def test_a_disabled_endpoint_cannot_be_pinged(owner, guild):
    created = _create(owner, guild).json()
    WebhookEndpoint.objects.update(active=False)

    response = owner.client.post(f"{_base(guild)}/{created['id']}/test")

    assert response.status_code == 409


def _delivery_with_attempts(endpoint, attempts: int, status="failed") -> WebhookDelivery:
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="ping", payload={"guild_id": "1"}, status=status
    )
    for number in range(attempts):
        WebhookAttempt.objects.create(delivery=delivery, response_status=500 + number)
    return delivery


def test_deliveries_are_listed_newest_first_with_their_attempts(owner, guild):
    created = _create(owner, guild).json()
    endpoint = WebhookEndpoint.objects.get()
    first = _delivery_with_attempts(endpoint, 2)
    second = _delivery_with_attempts(endpoint, 1, status="succeeded")

    response = owner.client.get(f"{_base(guild)}/{created['id']}/deliveries?limit=1")

    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 1, 0)
    assert [d["id"] for d in body["deliveries"]] == [second.public_id]
    older = owner.client.get(f"{_base(guild)}/{created['id']}/deliveries?offset=1").json()
    assert older["deliveries"][0]["id"] == first.public_id
    assert [a["response_status"] for a in older["deliveries"][0]["attempts"]] == [500, 501]
    assert set(older["deliveries"][0]["attempts"][0]) == {
        "created_at",
        "succeeded",
        "response_status",
        "duration_ms",
        "response_excerpt",
        "error",
    }
    bad = owner.client.get(f"{_base(guild)}/{created['id']}/deliveries?limit=0")
    assert bad.json()["error"]["details"]["field"] == "limit"


def test_listing_deliveries_takes_the_same_queries_whatever_the_page(owner, guild):
    created = _create(owner, guild).json()
    endpoint = WebhookEndpoint.objects.get()
    url = f"{_base(guild)}/{created['id']}/deliveries?limit=100"
    _delivery_with_attempts(endpoint, 1)
    with CaptureQueriesContext(connection) as one:
        owner.client.get(url)
    for _ in range(15):
        _delivery_with_attempts(endpoint, 3)
    with CaptureQueriesContext(connection) as many:
        assert len(owner.client.get(url).json()["deliveries"]) == 16

    assert len(many) == len(one)


def test_redelivering_reopens_a_finished_delivery(owner, guild):
    created = _create(owner, guild).json()
    delivery = _delivery_with_attempts(WebhookEndpoint.objects.get(), 3)

    response = owner.client.post(
        f"{_base(guild)}/{created['id']}/deliveries/{delivery.public_id}/redeliver"
    )

    assert response.status_code == 202
    assert (response.json()["status"], response.json()["attempt_count"]) == ("pending", 0)
    assert response.json()["event_id"] == delivery.event_id
    again = owner.client.post(
        f"{_base(guild)}/{created['id']}/deliveries/{delivery.public_id}/redeliver"
    )
    assert again.status_code == 409


def test_redelivery_to_a_disabled_endpoint_or_unknown_delivery_is_refused(owner, guild):
    created = _create(owner, guild).json()
    delivery = _delivery_with_attempts(WebhookEndpoint.objects.get(), 1)
    base = f"{_base(guild)}/{created['id']}/deliveries"

    assert owner.client.post(f"{base}/whd_0000000000000000/redeliver").status_code == 404
    assert owner.client.post(f"{base}/bogus/redeliver").status_code == 400
    WebhookEndpoint.objects.update(active=False)
    assert owner.client.post(f"{base}/{delivery.public_id}/redeliver").status_code == 409


def test_members_without_configure_cannot_even_read(member, guild):
    response = member.client.get(_base(guild))

    assert response.status_code == 403
    assert "can_configure_bot" in response.json()["error"]["message"]
