"""JSON request bodies that are text: what Python's decoder lets through but nothing can store.

``json`` decodes ``"\\ud800"`` to a lone surrogate, which no UTF-8 database column,
log line or response can hold (echoed in an error message, it turned a 400 into a
500), and gives up on deep nesting with a RecursionError rather than a ValueError.
Both are 400s.
"""

import re

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate_at(data) -> str | None:
    """The field path of a string holding a lone surrogate, ``body`` for the top level, or None.

    A surrogate pair decodes to one character, so any surrogate left is a lone one.
    """
    pending = [("", data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path or "body"
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return path or "body"
                pending.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            pending += [(f"{path}[{index}]", item) for index, item in enumerate(value)]
    return None


class JsonParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        field = lone_surrogate_at(data)
        if field is not None:
            raise ValidationError({field: "Must be text: holds a lone surrogate."})
        return data
