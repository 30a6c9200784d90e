"""``migrate`` alone leaves a database every command can use, the cache included."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

cache_table = import_module("noteticketing.api.migrations.0001_cache_table")

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "migrated_cache",
    }
}


# Outside a test transaction: SQLite's schema editor refuses to run inside one.
@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=DATABASE_CACHE)
def test_the_migration_makes_the_database_cache_table():
    assert "migrated_cache" not in connection.introspection.table_names()

    with connection.schema_editor() as editor:
        cache_table.create_cache_table(apps, editor)
    try:
        assert "migrated_cache" in connection.introspection.table_names()
        caches["default"].set("written", "read back")
        assert caches["default"].get("written") == "read back"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE migrated_cache")


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_without_a_database_cache_the_migration_makes_no_table():
    before = set(connection.introspection.table_names())

    with connection.schema_editor() as editor:
        cache_table.create_cache_table(apps, editor)

    assert set(connection.introspection.table_names()) == before
