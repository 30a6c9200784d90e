"""Fixed-window request counters in the cache, through django-ratelimit.

django-ratelimit counts with cache ``add`` then ``incr``, so a counter is atomic on
Redis and always expires. When the cache cannot be reached the API fails open:
requests are served unmetered (and logged) rather than refused, because an outage
of the counter store should not take the API down with it.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from noteticketing.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Usage:
    limit: int
    count: int
    reset_at: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)

    @property
    def retry_after(self) -> int:
        return max(1, self.reset_at - int(time.time()))

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


def _usage(
    request: HttpRequest, bucket: str, identity: str, limit: int, period: int, increment: bool
) -> Usage | None:
    try:
        usage = get_usage(
            request,
            group=bucket,
            key=lambda group, req: identity,
            rate=(limit, period),
            increment=increment,
        )
    except CACHE_ERRORS:
        logger.warning("Rate-limit cache unavailable; serving %s unmetered", bucket, exc_info=True)
        return None
    if usage is None or usage["time_left"] < 0:
        return None
    # django-ratelimit's window includes its end second (``time_left`` 0 still counts in
    # it), so the next window, and a request a client retries, starts one second later.
    reset_at = int(time.time()) + usage["time_left"] + 1
    return Usage(limit=limit, count=usage["count"], reset_at=reset_at)


def consume_key_request(request: HttpRequest, key_prefix: str, tier: str) -> Usage | None:
    """Count one request against the key's hourly allowance for its tier."""
    limit = settings.RATELIMIT_TIERS[tier]
    period = settings.RATELIMIT_WINDOW_SECONDS
    return _usage(request, "api-key", key_prefix, limit, period, increment=True)


def record_auth_failure(request: HttpRequest, address: str) -> None:
    """Count a failed authentication; the one that reaches the allowance blocks the address.

    The block is a single cache entry, so the check every request makes before
    looking at its key (``auth_block``) is one read.
    """
    limit = settings.AUTH_FAILURES_PER_WINDOW
    period = settings.AUTH_FAILURE_WINDOW_SECONDS
    usage = _usage(request, "auth-failure", address, limit, period, increment=True)
    if usage is None or usage.count < usage.limit:
        return
    try:
        _cache().set(_block_key(address), usage.reset_at, timeout=usage.retry_after)
    except CACHE_ERRORS:
        logger.warning("Rate-limit cache unavailable; %s not blocked", address, exc_info=True)


def auth_block(address: str) -> Usage | None:
    """The block on ``address`` while its failed authentications are over the allowance."""
    try:
        reset_at = _cache().get(_block_key(address))
    except CACHE_ERRORS:
        logger.warning("Rate-limit cache unavailable; serving unmetered", exc_info=True)
        return None
    if reset_at is None:
        return None
    limit = settings.AUTH_FAILURES_PER_WINDOW
    return Usage(limit=limit, count=limit, reset_at=reset_at)


def _cache():
    return caches[settings.RATELIMIT_USE_CACHE]


def _block_key(address: str) -> str:
    return f"auth-blocked:{address}"
