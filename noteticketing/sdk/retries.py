"""When a failed request is tried again, and how long to wait first.

A 429 was refused before the API did anything, so any method is retried once the
``Retry-After`` has passed. A 5xx or a lost connection may have left work done, so
only idempotent methods are retried, with exponential backoff and jitter.
"""

import email.utils
import random
import time

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
BACKOFF_BASE_SECONDS = 0.5
BACKOFF_MAX_SECONDS = 8.0
# A longer Retry-After (an hourly window spent) raises RateLimitError rather than sleeping.
MAX_RETRY_AFTER_SECONDS = 120.0


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff(attempt: int, rand: float | None = None) -> float:
    """The wait before retry number ``attempt`` (0 for the first): 0.5 s doubling, jittered."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
    return ceiling * (0.5 + 0.5 * (random.random() if rand is None else rand))


def retry_wait(
    method: str, status: int | None, retry_after: float | None, attempt: int
) -> float | None:
    """Seconds to wait before trying again, or ``None`` to give up.

    ``status`` is ``None`` for a connection error or timeout; ``attempt`` counts the
    retries already made, and the caller stops at its ``max_retries``.
    """
    if status == 429:
        if retry_after is None:
            return backoff(attempt)
        return retry_after if retry_after <= MAX_RETRY_AFTER_SECONDS else None
    if method.upper() not in IDEMPOTENT_METHODS:
        return None
    if status is None or status >= 500:
        if status == 503 and retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER_SECONDS)
        return backoff(attempt)
    return None
