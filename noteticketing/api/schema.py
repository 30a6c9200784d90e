"""OpenAPI description: response shapes per view, and what every operation shares.

Every operation can answer with the error envelope and carries the rate-limit and
request-id headers; the postprocessing hook adds those once instead of on each view.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers

from noteticketing.api.fields import SNOWFLAKE_PATTERN, USER_ID_SCHEMA_PATTERN

ERROR_STATUSES = {
    "400": "Invalid request parameters",
    "401": "Missing, invalid, revoked or expired API key",
    "403": "The key's user lacks the needed permission",
    "404": "Not found, or a guild the key's user is not a member of",
    "405": "Method not allowed",
    "409": "Conflict with the current state",
    "413": "Request body too large",
    "415": "Unsupported media type",
    "429": "Rate limit exceeded",
    "500": "Internal server error",
    "503": "Service temporarily unavailable",
}

_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details", "timestamp", "request_id"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object", "additionalProperties": True},
                "timestamp": {"type": "string", "format": "date-time"},
                "request_id": {"type": "string"},
            },
        }
    },
}

_HEADERS = {
    "X-RateLimit-Limit": "Requests allowed in the current window",
    "X-RateLimit-Remaining": "Requests left in the current window",
    "X-RateLimit-Reset": "Unix time at which the window resets",
    "X-Request-ID": "This request's id, also in error bodies",
}


def document(serializer, *, many_key=None, counts=(), request=None, status=200, **extra):
    """``extend_schema`` for our response shapes: an object, or a keyed list.

    ``counts`` names the integer fields beside a list (``total``, ``limit``, ``offset``).
    """
    if status == 204:
        responses = {204: OpenApiResponse(description="Done; no content")}
    elif many_key:
        fields = {many_key: serializer(many=True)}
        fields |= {name: serializers.IntegerField() for name in counts}
        name = serializer.__name__.removesuffix("Serializer") + "List"
        responses = {status: inline_serializer(name=name, fields=fields)}
    else:
        responses = {status: serializer}
    return extend_schema(request=request, responses=responses, **extra)


PATH_PATTERNS = {
    "guild_id": SNOWFLAKE_PATTERN,
    "channel_id": SNOWFLAKE_PATTERN,
    "user_id": USER_ID_SCHEMA_PATTERN,
    "item_id": "^[0-9a-f]{12}$",
    "webhook_id": "^wh_[0-9a-f]{16}$",
    "delivery_id": "^whd_[0-9a-f]{16}$",
}
# One id of each kind, shown in the docs; the schemathesis test seeds objects with exactly these.
PATH_EXAMPLES = {
    "guild_id": "123456789012345678",
    "channel_id": "234567890123456789",
    "user_id": "345678901234567890",
    "item_id": "abc123def456",
    "webhook_id": "wh_0123456789abcdef",
    "delivery_id": "whd_0123456789abcdef",
}


def add_shared_parts(result, generator, request, public):
    """Postprocessing hook: id patterns, error envelopes and shared headers everywhere."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
    headers = {
        name: {"description": text, "schema": {"type": "string"}} for name, text in _HEADERS.items()
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in PATH_PATTERNS:
                    parameter["schema"]["pattern"] = PATH_PATTERNS[parameter["name"]]
                    parameter["example"] = PATH_EXAMPLES[parameter["name"]]
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
            for response in responses.values():
                response.setdefault("headers", {}).update(headers)
    return result
