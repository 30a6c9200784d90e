"""Redis, the rate-limit counter store, stopped and started under requests.

The API fails open (README, "Rate limits"): while Redis is down, requests are served
unmetered instead of refused, and counting starts again once it is back. Redis here
keeps no snapshot, so its restart begins a fresh window.
"""

import time

import pytest

from tests.faults.servers import RedisServer

LIMIT = 5


@pytest.fixture
def redis(tmp_path):
    with RedisServer(tmp_path) as server:
        yield server


@pytest.fixture
def counted_in_redis(redis, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "noteticketing.cache.PooledRedisCache",
            "LOCATION": redis.url(),
            "KEY_PREFIX": "nt",
        }
    }
    settings.RATELIMIT_TIERS = {"standard": LIMIT, "premium": LIMIT, "enterprise": LIMIT}
    return redis


def _remaining(response) -> str | None:
    assert response.status_code in (200, 429), response.content
    return response.get("X-RateLimit-Remaining")


def test_requests_are_served_unmetered_while_redis_is_down_and_counted_again_after(
    counted_in_redis, owner, caplog
):
    redis = counted_in_redis
    before = [_remaining(owner.client.get("/v1/guilds")) for _ in range(2)]

    redis.stop()
    started = time.monotonic()
    during = [owner.client.get("/v1/guilds") for _ in range(2 * LIMIT)]
    outage_seconds = time.monotonic() - started

    redis.start()
    after = [owner.client.get("/v1/guilds") for _ in range(LIMIT + 1)]

    assert before == ["4", "3"]
    # More than the whole allowance, every one served, none with made-up counts.
    assert [response.status_code for response in during] == [200] * (2 * LIMIT)
    assert all("X-RateLimit-Remaining" not in response for response in during)
    assert "Rate-limit cache unavailable; serving api-key unmetered" in caplog.text
    assert outage_seconds < 5, "a refused connection must not slow requests down"
    assert [_remaining(response) for response in after] == ["4", "3", "2", "1", "0", "0"]
    assert after[-1].status_code == 429
