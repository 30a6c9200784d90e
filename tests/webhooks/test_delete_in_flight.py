"""Deleting an endpoint while one of its deliveries is being attempted."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.webhooks.test_delivery import _emit
from webhooks import services, transport
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services import delivery_attempt, endpoint_delete


def _gone(endpoint: WebhookEndpoint) -> bool:
    return not (
        WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
        or WebhookDelivery.objects.filter(endpoint_id=endpoint.pk).exists()
        or WebhookAttempt.objects.filter(delivery__endpoint_id=endpoint.pk).exists()
    )


def test_an_endpoint_deleted_while_its_delivery_is_sent_leaves_nothing_to_record(
    guild, endpoint, django_capture_on_commit_callbacks, monkeypatch
):
    delivery = _emit(guild, django_capture_on_commit_callbacks)

    def deleted_meanwhile(*args):
        endpoint_delete(endpoint=endpoint)
        return transport.Outcome(status=200)

    monkeypatch.setattr(services.transport, "post", deleted_meanwhile)
    delivery.refresh_from_db()

    assert (
        delivery_attempt(delivery_id=delivery.pk, lease=delivery.next_attempt_at.isoformat())
        is None
    )
    assert _gone(endpoint)


@pytest.mark.django_db(transaction=True)
def test_a_delete_waits_for_an_attempt_being_recorded_then_removes_it_too(guild, endpoint):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: SQLite locks the whole database")
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, event="sweep.failed", payload={})
    recording, release, failures = threading.Event(), threading.Event(), []

    def record_an_attempt():
        # What ``_record`` does: the endpoint's lock, then the attempt row, then commit.
        try:
            with transaction.atomic():
                WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
                WebhookAttempt.objects.create(delivery=delivery, created_at=timezone.now())
                recording.set()
                release.wait(10)
        finally:
            connection.close()

    def delete():
        try:
            endpoint_delete(endpoint=WebhookEndpoint.objects.get(pk=endpoint.pk))
        except Exception as error:  # noqa: BLE001 - the failure is what the test reports
            failures.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=record_an_attempt)
    worker.start()
    assert recording.wait(10)
    deleting = threading.Thread(target=delete)
    deleting.start()
    deleting.join(0.5)
    assert deleting.is_alive(), "the delete went ahead while the attempt was being recorded"

    release.set()
    worker.join(10)
    deleting.join(10)

    assert failures == []
    assert _gone(endpoint)
