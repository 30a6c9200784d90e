"""The list and detail bodies come from rows, not the serializer; they must not differ."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from actionitems.models import ActionItem, Category, Priority, Status
from actionitems.rendering import as_bodies, item_rows
from actionitems.serializers import ActionItemSerializer
from tests.factories import ActionItemFactory, ChannelFactory

MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
)


def _serialized(queryset):
    return [dict(item) for item in ActionItemSerializer(queryset, many=True).data]


class RowsRenderLikeTheSerializer(TestCase):
    @settings(max_examples=60, deadline=None)
    @given(
        text=st.text(
            st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
            min_size=1,
            max_size=500,
        ),
        priority=st.sampled_from(list(Priority)),
        category=st.sampled_from(list(Category)),
        status=st.sampled_from(list(Status)),
        assigned_to=st.none() | st.from_regex(r"\A[0-9]{17,19}\Z"),
        due_date=st.none() | st.dates(min_value=date(2000, 1, 1)),
        created_at=MOMENTS,
        completed_at=st.none() | MOMENTS,
    )
    def test_every_field_matches(self, **fields):
        item = ActionItemFactory(**fields)

        rows = item_rows().filter(pk=item.pk)

        assert as_bodies(rows) == _serialized(ActionItem.objects.filter(pk=item.pk))


@pytest.mark.django_db
def test_a_page_keeps_the_querysets_order():
    channel = ChannelFactory()
    for _ in range(5):
        ActionItemFactory(guild=channel.guild, channel=channel)
    rows = item_rows().order_by("-id")

    assert as_bodies(rows) == _serialized(ActionItem.objects.order_by("-id"))
