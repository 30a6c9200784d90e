"""Personas shared by the suite.

``owner`` owns the guild (so holds every permission), ``manager`` has every
permission flag, ``member`` has none, and ``outsider`` belongs to another guild.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from guilds.models import PERMISSION_NAMES, Channel, Guild
from tests.factories import ChannelFactory, GuildFactory, MemberFactory, api_key_for

pytest_plugins = ["tests.fakediscord.fixtures"]


@dataclass
class Persona:
    user_id: str
    key: str
    client: APIClient


def _persona(user_id: str) -> Persona:
    client = APIClient()
    key = api_key_for(user_id)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return Persona(user_id=user_id, key=key, client=client)


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    """Rate-limit counters must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def guild(db) -> Guild:
    return GuildFactory(name="My Discord Server", owner_id="owner0001")


@pytest.fixture
def channels(guild) -> list[Channel]:
    return [
        ChannelFactory(guild=guild, name=name, position=position)
        for position, name in enumerate(["general", "dev-chat", "announcements"])
    ]


@pytest.fixture
def owner(guild) -> Persona:
    MemberFactory(guild=guild, user_id="owner0001", roles=["owner"])
    return _persona("owner0001")


@pytest.fixture
def manager(guild) -> Persona:
    MemberFactory(
        guild=guild,
        user_id="manager01",
        roles=["admin", "moderator"],
        **dict.fromkeys(PERMISSION_NAMES, True),
    )
    return _persona("manager01")


@pytest.fixture
def member(guild) -> Persona:
    MemberFactory(guild=guild, user_id="member001", roles=["member"])
    return _persona("member001")


@pytest.fixture
def outsider(db) -> Persona:
    other = GuildFactory(name="Other Server", owner_id="outsider1")
    MemberFactory(guild=other, user_id="outsider1")
    return _persona("outsider1")


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()
