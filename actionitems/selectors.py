"""Read paths for one action item that the write endpoints share."""

from actionitems.models import ActionItem
from guilds.models import Channel
from noteticketing.rawmodels import Table, first, select

_ITEM, _CHANNEL = Table(ActionItem, "i"), Table(Channel, "c")
# Every change of an item starts here; see noteticketing.rawmodels for why it is written out.
_GUILD_ITEM_SQL = (
    f"SELECT {select(_ITEM, _CHANNEL)} FROM {_ITEM.sql()}"
    f" JOIN {_CHANNEL.sql()} ON c.id = i.channel_id"
    " WHERE i.guild_id = %s AND i.public_id = %s"
)


def guild_item(*, guild_id: int, public_id: str) -> ActionItem | None:
    """The guild's item of ``public_id`` with its channel loaded, or None."""
    found = first(_GUILD_ITEM_SQL, [guild_id, public_id], _ITEM, _CHANNEL)
    if found is None:
        return None
    item, channel = found
    item.channel = channel
    return item
