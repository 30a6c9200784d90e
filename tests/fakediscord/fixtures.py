"""pytest fixtures for the fake Discord.

``fake_discord`` is a running FakeDiscord with a guild and a ``#general`` channel
(``fake.guild_id``, ``fake.general_id``); the test adds whatever else it needs.
"""

from collections.abc import Iterator

import pytest

from tests.fakediscord.server import FakeDiscord


@pytest.fixture
def fake_discord() -> Iterator[FakeDiscord]:
    with FakeDiscord() as fake:
        guild = fake.add_guild("My Discord Server")
        fake.guild_id = int(guild["id"])
        fake.general_id = int(fake.add_channel(guild["id"], "general")["id"])
        yield fake
