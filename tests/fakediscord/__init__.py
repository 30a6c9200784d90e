"""A local fake of Discord's REST API for tests: see server.py (HTTP) and state.py (data)."""

from tests.fakediscord.server import API_PREFIX, FakeDiscord
from tests.fakediscord.state import ApiError, Fault, RecordedRequest

__all__ = ["API_PREFIX", "ApiError", "FakeDiscord", "Fault", "RecordedRequest"]
