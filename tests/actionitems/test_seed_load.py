from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from actionitems.models import ActionItem, Status
from guilds.models import ApiKey, Channel, GuildMember

GUILD_ID = 880_000_000_000_000_001


def _seed(items: int, **options) -> list[str]:
    out = StringIO()
    call_command("seed_load", guild_id=str(GUILD_ID), items=items, batch=40, stdout=out, **options)
    return out.getvalue().splitlines()


@pytest.mark.django_db(transaction=True)
def test_it_builds_a_usable_guild_and_tops_it_up():
    lines = _seed(100, seed=1)

    items = ActionItem.objects.filter(guild_id=GUILD_ID)
    assert items.count() == 100
    assert [line.split(" (")[0] for line in lines[:3]] == [
        "items 40/100",
        "items 80/100",
        "items 100/100",
    ]
    assert len(set(items.values_list("fingerprint", flat=True))) == 100
    assert set(items.values_list("status", flat=True)) == set(Status.values)
    assert set(items.values_list("priority", flat=True)) == {1, 2, 3}
    assert items.filter(assigned_to__isnull=False).exists()
    assert items.filter(assigned_to__isnull=True).exists()
    ordered = list(items.order_by("id").values_list("created_at", flat=True))
    assert ordered == sorted(ordered)
    assert Channel.objects.filter(guild_id=GUILD_ID).count() == 20
    assert GuildMember.objects.get(guild_id=GUILD_ID, user_id="loadowner").can_manage_action_items

    key = lines[-1]
    assert ApiKey.objects.get(prefix=key.split("_")[1]).tier == "enterprise"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = client.get(f"/v1/guilds/{GUILD_ID}/action-items?status=pending").json()
    assert body["total"] == items.filter(status=Status.PENDING).count()

    _seed(130, seed=2)
    _seed(130, seed=3)

    assert items.count() == 130
    new_total = client.get(f"/v1/guilds/{GUILD_ID}/action-items?status=pending").json()["total"]
    assert new_total == items.filter(status=Status.PENDING).count()


def test_it_refuses_a_bad_guild_id(db):
    with pytest.raises(CommandError, match="--guild-id"):
        call_command("seed_load", guild_id="abc", items=10, stdout=StringIO())
