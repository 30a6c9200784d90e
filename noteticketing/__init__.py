"""NoteTicketing: the Django project, and the Python SDK (``noteticketing.Client``).

Nothing here imports Django or Celery, so that the SDK works without settings.
"""

from noteticketing.client import Client
from noteticketing.sdk.errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from noteticketing.sdk.signatures import WebhookVerificationError, verify_webhook

__all__ = [
    "APIConnectionError",
    "APIError",
    "AuthenticationError",
    "Client",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "ValidationError",
    "WebhookVerificationError",
    "verify_webhook",
]
