"""``limit``/``offset`` paging: out-of-range values are a 400, never clamped."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from noteticketing.compiled import ShapedQuery

MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class PageSize:
    """A list's ``limit`` default and maximum: what ``paginate`` allows and the schema says."""

    default: int
    maximum: int

    def parameters(self) -> list[OpenApiParameter]:
        return [
            OpenApiParameter(
                "limit", int, description=f"1 to {self.maximum}, default {self.default}"
            ),
            OpenApiParameter("offset", int, description="0 or more, default 0"),
        ]


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    limit: int
    offset: int

    def body(self, key: str, rendered: list) -> dict:
        return {key: rendered, "total": self.total, "limit": self.limit, "offset": self.offset}


def _integer_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or not low <= int(raw) <= high:
        raise ValidationError({name: f"Must be an integer from {low} to {high}."})
    return int(raw)


def paginate(
    request: Request,
    queryset: QuerySet | ShapedQuery,
    size: PageSize,
    *,
    count: Callable[[], int] | None = None,
    render: Callable[[QuerySet | list], list] = list,
) -> Page:
    """One page of ``queryset``, as ``render`` makes its rows (model instances by default).

    ``count`` gives the total when counting is costly.
    """
    limit = _integer_param(request, "limit", size.default, 1, size.maximum)
    offset = _integer_param(request, "offset", 0, 0, MAX_OFFSET)
    total = count() if count is not None else queryset.count()
    items = render(queryset[offset : offset + limit]) if offset < total else []
    return Page(items=items, total=total, limit=limit, offset=offset)
