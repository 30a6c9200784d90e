"""When a failed delivery is tried again: exponential backoff with jitter over ~3 days.

Delays grow 1, 3, 9, 27, 81, 243 minutes, then hold at 11 hours; each is jittered by
±20 % so that endpoints failing together do not retry in lockstep. Thirteen attempts
in all span three days (2.4 to 3.6 with the jitter).
"""

import random
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

BASE = timedelta(minutes=1)
FACTOR = 3
CAP = timedelta(hours=11)
MAX_ATTEMPTS = 13
JITTER = 0.2
# A Retry-After is honoured up to this; beyond it the receiver is asking for too much.
RETRY_AFTER_CAP = timedelta(hours=24)


def nominal_delay(attempts: int) -> timedelta:
    """The delay before try ``attempts + 1``, without jitter."""
    return min(BASE * FACTOR ** (attempts - 1), CAP)


def retry_delay(attempts: int, *, rand=random.random) -> timedelta | None:
    """The wait after ``attempts`` failed tries, or None when it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    factor = 1 + JITTER * (2 * rand() - 1)
    return nominal_delay(attempts) * factor


def parse_retry_after(value: str | None, *, now: datetime) -> timedelta | None:
    """``Retry-After`` as seconds or an HTTP date, capped; None when absent or malformed."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        delay = timedelta(seconds=int(value[:9]))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delay = when - now
    return max(timedelta(0), min(delay, RETRY_AFTER_CAP))
