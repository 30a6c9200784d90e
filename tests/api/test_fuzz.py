"""schemathesis against the schema the running application serves at ``/v1/schema``.

Requests go through the real WSGI application in this process (every middleware,
the URL resolver, the views) with the key of a seeded guild's owner. That guild's
objects carry the ids the schema gives as examples, and generated path parameters
are often swapped for them, so operations reach real objects rather than answering
404. Each case runs in a transaction that is rolled back, so whatever one case
deletes is there again for the next.
"""

import re

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from noteticketing.api.schema import PATH_EXAMPLES, PATH_PATTERNS
from tests.factories import (
    ActionItemFactory,
    ChannelFactory,
    GuildFactory,
    MemberFactory,
    api_key_for,
)
from webhooks.models import WebhookDelivery, WebhookEndpoint

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    use_after_free,
    ignored_auth,
]
UNLIMITED = 10**9

app = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/v1/schema?format=json", app)
# The test sends the owner's key itself, as a client would; schemathesis leaves the
# Authorization header alone, and ``ignored_auth`` still probes without it and with a bad one.
schema.config.generation.update(max_examples=30, with_security_parameters=False)


# Body fields naming something that must exist, with what passes for it in the seeded guild.
BODY_VALUES = {
    "channel_id": (PATH_PATTERNS["channel_id"], PATH_EXAMPLES["channel_id"]),
    "url": (r"(?s).{1,2000}", "https://hooks.example.com/notes"),
}


def _swapped(values: dict, real: dict[str, tuple[str, str]]) -> dict:
    """``values`` with each one that keeps to its pattern swapped for the seeded object's.

    Values a negative case made malformed stay as they are, so the case stays negative.
    """
    return {
        name: real[name][1]
        if name in real and isinstance(value, str) and re.fullmatch(real[name][0], value)
        else value
        for name, value in values.items()
    }


@schema.hook
def flatmap_path_parameters(context, parameters):
    """As generated, or with the seeded guild's ids."""
    if not parameters:
        return st.just(parameters)
    real = {name: (PATH_PATTERNS[name], PATH_EXAMPLES[name]) for name in parameters}
    return st.sampled_from([_swapped(parameters, real), parameters])


@schema.hook
def flatmap_body(context, body):
    """As generated, or naming one of the seeded guild's channels and a reachable URL."""
    if not isinstance(body, dict) or not BODY_VALUES.keys() & body.keys():
        return st.just(body)
    return st.sampled_from([_swapped(body, BODY_VALUES), body])


@pytest.fixture
def owner_key(db) -> str:
    """A guild holding one of everything, under the schema's example ids; its owner's key."""
    owner_id = PATH_EXAMPLES["user_id"]
    guild = GuildFactory(id=int(PATH_EXAMPLES["guild_id"]), owner_id=owner_id)
    channel = ChannelFactory(guild=guild, id=int(PATH_EXAMPLES["channel_id"]))
    ChannelFactory(guild=guild)
    MemberFactory(guild=guild, user_id=owner_id, roles=["owner"])
    MemberFactory(guild=guild, user_id="member001")
    ActionItemFactory(channel=channel, public_id=PATH_EXAMPLES["item_id"], assigned_to=owner_id)
    ActionItemFactory(channel=channel, status="completed")
    webhook = WebhookEndpoint.objects.create(
        guild=guild,
        public_id=PATH_EXAMPLES["webhook_id"],
        url="https://93.184.215.14/hook",
        events=["ping"],
        secret="whsec_x",
    )
    WebhookDelivery.objects.create(
        endpoint=webhook,
        public_id=PATH_EXAMPLES["delivery_id"],
        event="ping",
        payload={},
        status="failed",
        next_attempt_at=None,
    )
    return api_key_for(owner_id)


@pytest.fixture
def serving(settings, monkeypatch):
    """No rate limit in the way, no DNS, and requests that leave the test's transaction open."""
    settings.RATELIMIT_TIERS = dict.fromkeys(settings.RATELIMIT_TIERS, UNLIMITED)
    settings.AUTH_FAILURES_PER_WINDOW = UNLIMITED
    # Fuzzed webhook URLs name random hosts; they all resolve to a public address.
    monkeypatch.setattr("webhooks.addresses.resolve", lambda host, port: ["93.184.215.14"])
    # As Django's test client does: the end of a request must not close the connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, owner_key, serving):
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {owner_key}"}, checks=CHECKS)
        transaction.set_rollback(True)
