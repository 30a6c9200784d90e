"""A local fake of Discord for tests: server.py (REST and the running fake), gateway.py (the
websocket a bot logs in to), state.py (data), interactions.py (commands and interactions),
discordpy.py (running a real discord.py client against it)."""

from tests.fakediscord.server import API_PREFIX, FakeDiscord
from tests.fakediscord.state import ApiError, Fault, RecordedRequest

__all__ = ["API_PREFIX", "ApiError", "FakeDiscord", "Fault", "RecordedRequest"]
