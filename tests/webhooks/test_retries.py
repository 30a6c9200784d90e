"""The retry schedule: exponential backoff with jitter over about three days."""

from datetime import UTC, datetime, timedelta

import pytest

from webhooks.retries import MAX_ATTEMPTS, nominal_delay, parse_retry_after, retry_delay

NOW = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)


def test_delays_grow_exponentially_then_hold():
    minutes = [nominal_delay(n) / timedelta(minutes=1) for n in range(1, MAX_ATTEMPTS)]

    assert minutes == [1, 3, 9, 27, 81, 243, 660, 660, 660, 660, 660, 660]


def test_the_whole_schedule_spans_about_three_days():
    total = sum((nominal_delay(n) for n in range(1, MAX_ATTEMPTS)), timedelta())

    assert timedelta(days=2.9) < total < timedelta(days=3.1)


@pytest.mark.parametrize("attempts", range(1, MAX_ATTEMPTS))
def test_jitter_stays_within_a_fifth_either_way(attempts):
    nominal = nominal_delay(attempts)

    assert retry_delay(attempts, rand=lambda: 0.0) == nominal * 0.8
    assert retry_delay(attempts, rand=lambda: 0.5) == nominal
    assert retry_delay(attempts, rand=lambda: 0.999999) < nominal * 1.2


def test_jitter_spreads_retries():
    assert len({retry_delay(3) for _ in range(20)}) > 1


def test_it_gives_up_after_the_last_attempt():
    assert retry_delay(MAX_ATTEMPTS) is None
    assert retry_delay(MAX_ATTEMPTS - 1) is not None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", timedelta(seconds=120)),
        (" 30 ", timedelta(seconds=30)),
        ("Thu, 15 Jan 2026 12:30:00 GMT", timedelta(hours=2)),
        ("Thu, 15 Jan 2026 09:00:00 GMT", timedelta(0)),
        ("999999999999", timedelta(hours=24)),
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date_and_capped(header, expected):
    assert parse_retry_after(header, now=NOW) == expected
