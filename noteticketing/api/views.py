"""The API's own public endpoints: health, schema and docs."""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from drf_spectacular.views import SpectacularAPIView
from rest_framework.negotiation import DefaultContentNegotiation


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers; needs no key."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: YAML by default, JSON when asked (``?format=json`` or ``Accept``)."""

    content_negotiation_class = DefaultContentNegotiation
