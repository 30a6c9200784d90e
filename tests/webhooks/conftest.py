"""Fixtures for webhook tests: a real receiver, loopback allowed, and a subscribed endpoint."""

import base64
import hashlib
import hmac
from collections.abc import Iterator

import pytest

from tests.webhooks.receiver import Receiver
from webhooks.models import Event, WebhookEndpoint
from webhooks.signing import new_secret

ALL_EVENTS = [event.value for event in Event]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture
def loopback(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    return settings


@pytest.fixture
def endpoint(guild, receiver, loopback) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        guild=guild, url=f"{receiver.url}/hook", events=ALL_EVENTS, secret=new_secret()
    )


def github_signature(secret: str, body: bytes) -> str:
    """How a receiver checks ``X-Webhook-Signature``, written independently of the sender."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def standard_signature(secret: str, headers: dict[str, str], body: bytes) -> str:
    """The Standard Webhooks check: HMAC of ``id.timestamp.body`` keyed with whsec_'s bytes."""
    key = base64.b64decode(secret.split("_", 1)[1])
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
