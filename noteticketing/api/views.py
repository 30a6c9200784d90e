"""The API's own public endpoints: health, schema and docs."""

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, JsonResponse
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer


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

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:  # DRF's answer to an unknown ``?format=``: a 400 in JSON, as elsewhere
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
            raise ValidationError({"format": "Must be json or yaml."}) from None
