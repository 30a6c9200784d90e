"""Querysets compiled to SQL once per shape, for the hottest read.

Django compiles a queryset into SQL every time it runs it. For a page of action
items (fifteen text cells, a subquery, filters and a sort) that costs more CPU than
the database spends answering. Yet the SQL text depends only on the query's shape,
which filters are present and how it is sorted, not on the values filtered on.
``CompiledShapes`` builds each shape once with marker values in place of the
caller's, finds the markers among the compiled parameters, and from then on sends
that SQL with each call's values in their places. A shape whose markers do not come
through as plain parameters is never cached: it is built and compiled on every call,
as Django would.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from noteticketing.rawmodels import convert

# Two marker sets, so that a constant of the query that happens to equal a marker
# cannot pass for a value: it would not equal the other set's marker too.
_INT_MARKERS = (30_011, 30_517)  # inside every integer field's range
_STR_MARKERS = ("\x1e{}\x1e", "\x1f{}\x1f")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple  # per parameter: (True, value name) or (False, constant)
    converters: tuple  # per converted column: (index, converters, its expression)

    def rows(self, values: dict, limit: int, offset: int, using: str) -> list:
        params = [values[item] if is_value else item for is_value, item in self.slots]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*params, limit, offset])
            rows = cursor.fetchall()
        if self.converters:
            rows = [_converted(row, self.converters, connection) for row in rows]
        return rows


class CompiledShapes:
    """``build(**shape, **values)`` makes the unsliced query; ``query`` gives a
    sliceable source of its rows."""

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._compiled: dict[tuple, _Compiled | None] = {}

    def query(self, *, shape: dict, values: dict, using: str = "default") -> "ShapedQuery":
        return ShapedQuery(self, shape, values, using)

    def rows(self, shape: dict, values: dict, limit: int, offset: int, using: str) -> list:
        key = (using, *sorted(shape.items()), *sorted((n, type(v)) for n, v in values.items()))
        if key not in self._compiled:
            self._compiled[key] = self._compile(shape, values, using)
        compiled = self._compiled[key]
        if compiled is None:
            return list(self._build(**shape, **values)[offset : offset + limit])
        return compiled.rows(values, limit, offset, using)

    def _compile(self, shape: dict, values: dict, using: str) -> _Compiled | None:
        first = self._compile_with(shape, values, using, 0)
        second = self._compile_with(shape, values, using, 1)
        if (
            first is None
            or second is None
            or (first.sql, first.slots) != (second.sql, second.slots)
        ):
            return None
        return first

    def _compile_with(self, shape: dict, values: dict, using: str, n: int) -> _Compiled | None:
        markers = {}
        for index, (name, value) in enumerate(sorted(values.items())):
            if isinstance(value, bool) or not isinstance(value, int | str):
                return None
            if isinstance(value, int):
                markers[name] = _INT_MARKERS[n] + index
            else:
                markers[name] = _STR_MARKERS[n].format(index)
        queryset = self._build(**shape, **markers)
        if queryset.query.is_sliced:
            return None
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        names = {marker: name for name, marker in markers.items()}
        slots = tuple(
            (True, names[param]) if _can_be_marker(param) and param in names else (False, param)
            for param in params
        )
        if {item for is_value, item in slots if is_value} != set(values):
            return None
        selected = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = tuple(
            (index, found, expression)
            for index, (found, expression) in compiler.get_converters(selected).items()
        )
        return _Compiled(f"{sql} LIMIT %s OFFSET %s", slots, converters)


@dataclass(frozen=True)
class ShapedQuery:
    """One query of a ``CompiledShapes``; slicing it runs it for that page."""

    shapes: CompiledShapes
    shape: dict
    values: dict
    using: str

    def __getitem__(self, page: slice) -> list:
        offset, stop = page.start or 0, page.stop
        return self.shapes.rows(self.shape, self.values, stop - offset, offset, self.using)


def _converted(row: tuple, converters: tuple, connection) -> tuple:
    values = list(row)
    convert(values, converters, connection)
    return tuple(values)


def _can_be_marker(value: object) -> bool:
    return isinstance(value, int | str)
