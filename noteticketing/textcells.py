"""Columns as the API's text, made by the database: ids, dates and UTC times.

The list endpoints and the exports both write rows whose cells are text in the
API's formats; having the database produce that text spares building a Python
object per value.
"""

from django.db.models import CharField, F, Func, QuerySet
from django.db.models.functions import Cast


class _IsoText(Func):
    """A date, or a time in UTC with ``Z``, as ISO 8601 text made by the database."""

    output_field = CharField()
    in_utc = False
    postgresql_format = "YYYY-MM-DD"
    sqlite_format = "%Y-%m-%d"

    def as_sql(self, compiler, connection, **extra):
        # SQLite keeps times as UTC text already.
        value, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {value})", [self.sqlite_format, *params]

    def as_postgresql(self, compiler, connection, **extra):
        value, params = compiler.compile(self.source_expressions[0])
        if self.in_utc:
            value = f"({value} AT TIME ZONE 'UTC')"
        return f"to_char({value}, %s)", [*params, self.postgresql_format]


class DateText(_IsoText):
    """``2024-01-15``."""


class UtcTimeText(_IsoText):
    """``2024-01-15T12:00:00Z``, whole seconds: the API's ``DATETIME_FORMAT``."""

    in_utc = True
    postgresql_format = 'YYYY-MM-DD"T"HH24:MI:SS"Z"'
    sqlite_format = "%Y-%m-%dT%H:%M:%SZ"


def id_text(field: str) -> Cast:
    """A numeric id as the string the API sends."""
    return Cast(F(field), output_field=CharField())


def text_values(queryset: QuerySet, columns: list[str], cells: dict) -> QuerySet:
    """``columns`` of each row as a tuple; a column named in ``cells`` is that
    expression, any other the model field of its name."""
    # Aliases must not shadow the model's fields, hence the prefix.
    named = {f"cell_{name}": cells.get(name, F(name)) for name in columns}
    return queryset.annotate(**named).values_list(*named)
