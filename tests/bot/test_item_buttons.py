"""The buttons' custom ids, and the digest carrying them (posted through the fake REST)."""

import pytest

from bot.components import CUSTOM_ID_RE, item_rows
from sweeps.models import Sweep
from sweeps.posting import post_digest
from tests.factories import ActionItemFactory, ChannelFactory


def test_a_row_per_item_for_at_most_five_items():
    ids = [f"{n:012x}" for n in range(7)]
    rows = item_rows(ids)
    assert len(rows) == 5
    assert [b["custom_id"] for b in rows[0]["components"]] == [
        "nt:done:000000000000",
        "nt:start:000000000000",
        "nt:assign:000000000000",
    ]
    for row in rows:
        for button in row["components"]:
            assert CUSTOM_ID_RE.fullmatch(button["custom_id"])
            assert len(button["custom_id"]) <= 100
            assert len(button["label"]) <= 80


@pytest.mark.django_db
def test_the_digest_carries_buttons_for_its_first_entries(fake_discord, settings, guild):
    settings.DISCORD_TOKEN = fake_discord.token
    settings.DISCORD_API_BASE = fake_discord.api_base
    output = ChannelFactory(guild=guild, id=fake_discord.general_id, name="general")
    guild.config.sweep_output_channel = output
    guild.config.save()
    items = [ActionItemFactory(channel=output) for _ in range(6)]
    sweep = Sweep.objects.create(guild=guild, trigger=Sweep.Trigger.API)

    post_digest(sweep, items)

    (digest,) = fake_discord.posted(fake_discord.general_id)
    assert len(digest["embeds"][0]["fields"]) == 6
    firsts = [row["components"][0]["custom_id"] for row in digest["components"]]
    assert firsts == [f"nt:done:{item.public_id}" for item in items[:5]]
