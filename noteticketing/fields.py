"""Model fields shared by the apps."""

from django.core.validators import RegexValidator
from django.db import models

USER_ID_PATTERN = r"\A[A-Za-z0-9_-]{1,32}\Z"

user_id_validator = RegexValidator(
    USER_ID_PATTERN, "A user id is 1 to 32 letters, digits, '_' or '-'."
)


class UserIdField(models.CharField):
    """A Discord user id, kept as the opaque string the API speaks."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("validators", [user_id_validator])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("max_length") == 32:
            kwargs.pop("max_length")
        return name, path, args, kwargs
