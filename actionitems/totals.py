"""The ``total`` of an action-item list, counted once per change of the guild's items.

Counting a filter over a million items is an index-only scan of 100 to 400 ms on
PostgreSQL, far longer than the rest of a list request, yet the number changes only
when the guild's items do. So each guild has a version in the cache, replaced after
every committed write to its items (``items_changed``, called by the services), and
a total is kept with the version it was counted at and used only while that version
is current. A count that races a write is stored under the version the write
replaces, so it is never served. Writes that bypass the services are seen within
``TOTAL_TTL_SECONDS``. When the cache cannot be reached, every total is counted.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from noteticketing.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

TOTAL_TTL_SECONDS = 300


def _version_key(guild_id: int) -> str:
    return f"items-version:{guild_id}"


def item_total(guild_id: int, filters: dict[str, object], queryset: QuerySet) -> int:
    """``queryset.count()``, from the cache while the guild's items are unchanged.

    ``filters`` names the list's filter values; they make the cache key, so they
    must say everything that narrows ``queryset`` beyond the guild.
    """
    version_key = _version_key(guild_id)
    described = "&".join(f"{name}={filters[name] or ''}" for name in sorted(filters))
    total_key = f"items-total:{guild_id}:{described}"
    try:
        found = cache.get_many([version_key, total_key])
        version = found.get(version_key)
        if version is None:
            version = cache.get_or_set(version_key, secrets.token_hex(8), timeout=None)
    except CACHE_ERRORS:
        logger.warning("Cache unavailable; counting the list's total", exc_info=True)
        return queryset.count()
    entry = found.get(total_key)
    if entry is not None and entry[0] == version:
        return entry[1]
    total = queryset.count()
    try:
        cache.set(total_key, (version, total), TOTAL_TTL_SECONDS)
    except CACHE_ERRORS:
        logger.warning("Cache unavailable; list total not kept", exc_info=True)
    return total


def items_changed(guild_id: int) -> None:
    """Retire the guild's cached totals once the current transaction commits."""
    transaction.on_commit(lambda: _new_version(guild_id))


def _new_version(guild_id: int) -> None:
    try:
        cache.set(_version_key(guild_id), secrets.token_hex(8), timeout=None)
    except CACHE_ERRORS:
        logger.warning(
            "Cache unavailable; list totals of guild %s may be stale for up to %s s",
            guild_id,
            TOTAL_TTL_SECONDS,
            exc_info=True,
        )
