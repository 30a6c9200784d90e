"""Model instances from a hand-written SELECT, for the lookups every API request makes.

Django compiles a queryset into SQL each time it runs it. For the membership lookup
every guild-scoped request makes (the member, its guild and the guild's config) that
costs about 1.5 ms of CPU, against 0.3 ms to send a fixed SQL text and build the
three instances. ``Table`` writes a model's column list for such SQL, and
``Table.instance`` turns its share of a row back into a model with the converters
the ORM itself applies, so SQLite and PostgreSQL give the values a queryset would.
``Table.insert`` is the same for the one row every read of items writes, its audit
entry: ``save()`` costs twice what a fixed INSERT does.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connections
from django.db.models import Model


@dataclass(frozen=True)
class Table:
    """One model's columns in a SELECT, under ``alias``."""

    model: type[Model]
    alias: str
    _converters: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def fields(self) -> list:
        return list(self.model._meta.concrete_fields)

    @property
    def width(self) -> int:
        return len(self.fields)

    @cached_property
    def _attnames(self) -> list[str]:
        return [f.attname for f in self.fields]

    @cached_property
    def _pk_index(self) -> int:
        return self.fields.index(self.model._meta.pk)

    def sql(self) -> str:
        """``FROM``-clause text: the model's table under its alias."""
        return f'"{self.model._meta.db_table}" {self.alias}'

    def columns(self) -> str:
        return ", ".join(f'{self.alias}."{f.column}"' for f in self.fields)

    def instance(self, row: tuple, start: int, using: str = "default") -> Model | None:
        """The model in ``row[start:start + width]``; None when its primary key is NULL
        (the missing side of an outer join)."""
        values = list(row[start : start + self.width])
        if values[self._pk_index] is None:
            return None
        convert(values, self._converters_for(using), connections[using])
        return self.model.from_db(using, self._attnames, values)

    def insert(self, instance: Model, using: str = "default") -> None:
        """Insert a new ``instance`` and set its primary key, preparing each value as
        ``save()`` does; no signals are sent."""
        connection = connections[using]
        fields = self._written_fields
        values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
        table, pk = self.model._meta.db_table, self.model._meta.pk
        returning = connection.features.can_return_columns_from_insert
        sql = f'{self._insert_sql} RETURNING "{pk.column}"' if returning else self._insert_sql
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            if returning:
                instance.pk = cursor.fetchone()[0]
            else:
                instance.pk = connection.ops.last_insert_id(cursor, table, pk.column)
        instance._state.adding = False
        instance._state.db = using

    @cached_property
    def _written_fields(self) -> list:
        return [f for f in self.fields if not f.primary_key]

    @cached_property
    def _insert_sql(self) -> str:
        columns = ", ".join(f'"{f.column}"' for f in self._written_fields)
        marks = ", ".join(["%s"] * len(self._written_fields))
        return f'INSERT INTO "{self.model._meta.db_table}" ({columns}) VALUES ({marks})'

    def _converters_for(self, using: str) -> list:
        """Per column, the backend's and the field's converters, as the ORM's compiler
        collects them."""
        if using not in self._converters:
            connection = connections[using]
            found = []
            for index, model_field in enumerate(self.fields):
                column = model_field.get_col(self.alias)
                converters = connection.ops.get_db_converters(column)
                converters += model_field.get_db_converters(connection)
                if converters:
                    found.append((index, converters, column))
            self._converters[using] = found
        return self._converters[using]


def convert(values: list, converters, connection) -> None:
    """Convert ``values`` in place as the ORM's compiler does: ``converters`` holds, per
    converted column, its index, its converters and its expression."""
    for index, found, expression in converters:
        for converter in found:
            values[index] = converter(values[index], expression, connection)


def first(sql: str, params: list, *tables: Table, using: str = "default") -> list | None:
    """The models of ``tables`` in the first row ``sql`` selects, or None for no row."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else instances(row, *tables, using=using)


def select(*tables: Table) -> str:
    """The column list of ``tables``, in order, for ``instances``."""
    return ", ".join(table.columns() for table in tables)


def instances(row: tuple, *tables: Table, using: str = "default") -> list[Model | None]:
    """The models of ``tables`` in a row selected with ``select(*tables)``."""
    found, start = [], 0
    for table in tables:
        found.append(table.instance(row, start, using))
        start += table.width
    return found
