"""The database cache's table, made by ``migrate`` itself.

Without Redis the rate-limit counters and cached totals live in Django's database cache,
whose table ``migrate`` does not make: a database that was only migrated failed on the
first cache write (``seed_load`` after inserting every row, for one). With ``REDIS_URL``
set there is no database cache and this does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
