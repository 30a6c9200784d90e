"""The Redis cache's counters: what django-ratelimit relies on, against a real Redis."""

import os
import uuid

import pytest

from noteticketing.cache import PooledRedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs a Redis server (CI has one)"
)


@pytest.fixture
def cache():
    return PooledRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_incr_counts_up_a_key_that_exists(cache):
    cache.add("counter", 1, timeout=60)

    assert cache.incr("counter") == 2
    assert cache.incr("counter", 5) == 7
    assert cache.get("counter") == 7


def test_incr_of_a_missing_key_is_a_value_error_and_creates_nothing(cache):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("absent")

    assert cache.get("absent") is None


def test_incr_keeps_the_keys_expiry(cache):
    cache.add("window", 1, timeout=30)

    cache.incr("window")

    client = cache._cache.get_client()
    remaining = client.ttl(cache.make_and_validate_key("window"))
    assert 0 < remaining <= 30
