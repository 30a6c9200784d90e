"""SQL compiled once per query shape must give the rows the ORM gives, for every shape."""

from datetime import date
from itertools import product

import pytest

from actionitems.filters import ORDERS, SORT_FIELDS, filter_items
from actionitems.models import ActionItem, Priority, Status
from actionitems.rendering import as_bodies, item_pages, item_row, item_rows
from guilds.models import Guild
from noteticketing.compiled import CompiledShapes
from tests.factories import ActionItemFactory, ChannelFactory, GuildFactory

FILTER_CHOICES = [
    {},
    {"status": Status.PENDING},
    {"priority": int(Priority.HIGH)},
    {"assigned_to": "u1"},
    {"status": Status.IN_PROGRESS, "assigned_to": "u2", "priority": int(Priority.LOW)},
]


@pytest.fixture
def guild_items():
    guild = GuildFactory()
    channels = [ChannelFactory(guild=guild), ChannelFactory(guild=guild)]
    for n in range(40):
        ActionItemFactory(
            guild=guild,
            channel=channels[n % 2],
            status=list(Status)[n % 4],
            priority=list(Priority)[n % 3],
            assigned_to=[None, "u1", "u2"][n % 3],
        )
    ActionItemFactory(channel=ChannelFactory())  # another guild's item
    return guild, channels


@pytest.mark.django_db
def test_every_filter_sort_and_page_matches_the_orm(guild_items):
    guild, channels = guild_items
    filter_choices = [*FILTER_CHOICES, {"channel_id": channels[1].id}]

    for wanted, sort, order in product(filter_choices, SORT_FIELDS, ORDERS):
        sorting = {"sort": sort, "order": order}
        expected_rows = filter_items(item_rows().filter(guild_id=guild.id), **wanted, **sorting)
        for offset, limit in [(0, 50), (3, 7), (38, 5)]:
            page = item_pages(guild.id, wanted, sorting)[offset : offset + limit]

            expected = as_bodies(expected_rows[offset : offset + limit])
            assert as_bodies(page) == expected, (wanted, sorting, offset, limit)


@pytest.mark.django_db
def test_a_shape_is_built_and_compiled_once_then_only_run(guild_items):
    guild, _ = guild_items
    built = []

    def build(**given):
        built.append(given)
        return filter_items(item_rows(), **given)

    shapes = CompiledShapes(build)
    sorting = {"sort": "priority", "order": "asc"}

    for assignee in ["u1", "u2", "u1"]:
        query = shapes.query(shape=sorting, values={"guild_id": guild.id, "assigned_to": assignee})
        rows = query[0:10]
        assert {body["assigned_to"] for body in as_bodies(rows)} == {assignee}

    assert len(built) == 2  # two marker sets, one shape


@pytest.mark.django_db
def test_a_constant_equal_to_a_marker_is_not_mistaken_for_a_value(guild_items):
    guild, _ = guild_items
    ActionItem.objects.filter(guild=guild).update(priority=Priority.LOW)
    built = []

    def build(**given):
        built.append(given)
        return item_rows().filter(guild_id=given["guild_id"], priority__lt=30_011).order_by("id")

    shapes = CompiledShapes(build)

    for _ in range(2):
        rows = shapes.query(shape={}, values={"guild_id": guild.id})[0:100]
        assert len(rows) == 40

    assert len(built) > 2  # never cached: compiled on every call, as the ORM would


@pytest.mark.django_db
def test_values_of_other_types_are_run_through_the_orm(guild_items):
    guild, _ = guild_items
    ActionItem.objects.filter(guild=guild).update(due_date=date(2026, 3, 1))
    shapes = CompiledShapes(
        lambda guild_id, due_date: (
            item_rows().filter(guild_id=guild_id, due_date=due_date).order_by("id")
        )
    )

    rows = shapes.query(shape={}, values={"guild_id": guild.id, "due_date": date(2026, 3, 1)})

    assert len(rows[0:100]) == 40


@pytest.mark.django_db
def test_one_item_is_read_by_its_guild_and_id_only(guild_items):
    guild, _ = guild_items
    item = ActionItem.objects.filter(guild=guild).first()
    other = ActionItem.objects.exclude(guild=guild).get()

    found = as_bodies(item_row(guild.id, item.public_id))

    assert found == as_bodies(item_rows().filter(pk=item.pk))
    assert item_row(guild.id, other.public_id) == []
    assert item_row(other.guild_id, item.public_id) == []


@pytest.mark.django_db
def test_columns_come_back_converted_as_the_orm_converts_them():
    guild = GuildFactory(bot_permissions=["SendMessages", "EmbedLinks"])
    shapes = CompiledShapes(
        lambda **given: Guild.objects.filter(**given).values_list("bot_permissions", "created_at")
    )

    for _ in range(2):  # compiled, then run from the cache
        rows = shapes.query(shape={}, values={"id": guild.id})[0:1]

        assert rows == list(
            Guild.objects.filter(id=guild.id).values_list("bot_permissions", "created_at")
        )
        assert rows[0][0] == ["SendMessages", "EmbedLinks"]
