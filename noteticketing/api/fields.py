"""Serializer fields that accept JSON as written, without Python's loose coercions.

``"true"`` is not a boolean, ``4.0`` or ``"4"`` is not an integer, and a Discord id
is a string of digits that fits in 64 bits.
"""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from noteticketing.fields import USER_ID_PATTERN

MAX_SNOWFLAKE = 2**63 - 1
SNOWFLAKE_PATTERN = "^[1-9][0-9]{0,18}$"
USER_ID_SCHEMA_PATTERN = "^[A-Za-z0-9_-]{1,32}$"
_SNOWFLAKE_RE = re.compile(r"\A[1-9][0-9]{0,18}\Z")


def is_snowflake(value: object) -> bool:
    """Written as a Discord id: up to 19 digits, no leading zero."""
    return isinstance(value, str) and _SNOWFLAKE_RE.match(value) is not None


def parse_snowflake(value: object) -> int | None:
    """The id as an integer, or None when it is not one that can exist.

    Well-formed ids beyond 64 bits cannot name anything we store; callers answer
    them as not found rather than letting them overflow a database column.
    """
    if not is_snowflake(value) or int(value) > MAX_SNOWFLAKE:
        return None
    return int(value)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be an integer."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string and holds no NUL characters."""

    default_error_messages = {"invalid": "Must be a string.", "nul": "Must not contain NUL."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if "\x00" in data:
            self.fail("nul")
        return super().to_internal_value(data)


@extend_schema_field({"type": "string", "pattern": SNOWFLAKE_PATTERN, "example": "987654321"})
class SnowflakeField(serializers.Field):
    """A Discord id: a string of digits in JSON, an integer in the database."""

    default_error_messages = {"invalid": "Must be a Discord id: a string of digits."}

    def to_internal_value(self, data) -> int:
        number = parse_snowflake(data)
        if number is None:
            self.fail("invalid")
        return number

    def to_representation(self, value) -> str:
        return str(value)


class UserIdField(serializers.RegexField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid": "Must be a user id: 1 to 32 letters, digits, '_' or '-'."}
        )
        super().__init__(USER_ID_PATTERN, max_length=32, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ChoiceLabelField(serializers.ChoiceField):
    """A choice that must arrive as a JSON string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo is a 400 rather than silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({unknown[0]: "Unknown field."})
        return super().to_internal_value(data)
