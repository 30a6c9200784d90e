"""Waiting in tests for what another process or thread does."""

import time


def wait_for(condition, seconds: float = 30, what: str = "condition", every: float = 0.1):
    """``condition()``'s first truthy result, polled every ``every`` seconds; an
    AssertionError naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")
