import os
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.test import override_settings

from guilds.models import ApiKey
from tests.factories import api_key_for

SMALL_TIERS = {"standard": 3, "premium": 5, "enterprise": 7}


def _window_headers(response) -> tuple[int, int, int]:
    return (
        int(response["X-RateLimit-Limit"]),
        int(response["X-RateLimit-Remaining"]),
        int(response["X-RateLimit-Reset"]),
    )


def test_a_success_carries_the_tiers_headers(owner):
    before = int(time.time())

    response = owner.client.get("/v1/guilds")

    limit, remaining, reset = _window_headers(response)
    assert (limit, remaining) == (1000, 999)
    assert before < reset <= before + 3600


@pytest.mark.parametrize(
    "path", ["/v1/guilds/1/config", "/v1/nowhere", "/v1/guilds/x/action-items"]
)
def test_errors_carry_the_headers_and_count(owner, path):
    owner.client.get("/v1/guilds")

    response = owner.client.get(path)

    assert response.status_code in (400, 404)
    assert _window_headers(response)[:2] == (1000, 998)


@override_settings(RATELIMIT_TIERS=SMALL_TIERS)
def test_the_request_over_the_limit_is_429_and_the_count_is_exact(owner):
    remaining = [owner.client.get("/v1/guilds")["X-RateLimit-Remaining"] for _ in range(3)]

    refused = owner.client.get("/v1/guilds")

    assert remaining == ["2", "1", "0"]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "RATE_LIMITED"
    assert refused["X-RateLimit-Remaining"] == "0"
    assert refused["X-RateLimit-Limit"] == "3"
    assert int(refused["Retry-After"]) == int(refused["X-RateLimit-Reset"]) - int(time.time())


@override_settings(RATELIMIT_TIERS=SMALL_TIERS)
def test_a_refused_request_does_not_reach_the_view(owner, guild, channels):
    for _ in range(3):
        owner.client.get("/v1/guilds")

    refused = owner.client.post(
        f"/v1/guilds/{guild.id}/action-items",
        {"channel_id": str(channels[0].id), "text": "Write the notes"},
        format="json",
    )

    assert refused.status_code == 429
    assert not guild.action_items.exists()


@override_settings(RATELIMIT_TIERS=SMALL_TIERS)
def test_each_key_has_its_own_window(owner, manager):
    for _ in range(3):
        owner.client.get("/v1/guilds")

    assert owner.client.get("/v1/guilds").status_code == 429
    assert manager.client.get("/v1/guilds").status_code == 200


@override_settings(RATELIMIT_TIERS=SMALL_TIERS)
@pytest.mark.parametrize(("tier", "limit"), [("premium", 5), ("enterprise", 7)])
def test_higher_tiers_get_their_own_limit(owner, tier, limit):
    ApiKey.objects.filter(user_id=owner.user_id).update(tier=tier)

    statuses = [owner.client.get("/v1/guilds").status_code for _ in range(limit + 1)]

    assert statuses == [200] * limit + [429]


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="atomic counting is a property of the Redis cache"
)
@override_settings(RATELIMIT_TIERS={"standard": 25, "premium": 10_000, "enterprise": 100_000})
def test_concurrent_requests_against_a_live_server_are_counted_exactly(
    live_server, transactional_db
):
    key = api_key_for("racer001")
    headers = {"Authorization": f"Bearer {key}"}

    def call(_):
        response = httpx.get(f"{live_server.url}/v1/guilds", headers=headers, timeout=30)
        return response.status_code, response.headers.get("X-RateLimit-Remaining")

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(call, range(60)))

    statuses = [status for status, _ in results]
    assert statuses.count(200) == 25
    assert statuses.count(429) == 35
    remaining = sorted(int(left) for status, left in results if status == 200)
    assert remaining == list(range(25))


UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "noteticketing.cache.PooledRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
    }
}


@override_settings(CACHES=UNREACHABLE_CACHE)
def test_the_api_fails_open_when_the_counter_store_is_unreachable(owner, caplog):
    response = owner.client.get("/v1/guilds")

    assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response
    assert "serving api-key unmetered" in caplog.text
