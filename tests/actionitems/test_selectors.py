"""The one-item lookup the write endpoints share, written as SQL, must give what the ORM
gives, and only within the guild."""

from datetime import date

import pytest

from actionitems.models import ActionItem
from actionitems.selectors import guild_item
from tests.factories import ActionItemFactory


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


@pytest.mark.django_db
def test_the_item_and_its_channel_equal_the_orms():
    made = ActionItemFactory(due_date=date(2026, 3, 6), assigned_to="u2", text="ünïcode 'task'")

    item = guild_item(guild_id=made.guild_id, public_id=made.public_id)

    expected = ActionItem.objects.select_related("channel").get(pk=made.pk)
    assert _values(item) == _values(expected)
    assert _values(item.channel) == _values(expected.channel)


@pytest.mark.django_db
def test_another_guilds_item_or_an_unknown_id_is_none():
    made, other = ActionItemFactory(), ActionItemFactory()

    assert guild_item(guild_id=other.guild_id, public_id=made.public_id) is None
    assert guild_item(guild_id=made.guild_id, public_id="0" * 12) is None
