"""Public identifiers: opaque, random, and recognisable by their prefix."""

import secrets


def new_action_item_id() -> str:
    return secrets.token_hex(6)


def new_prefixed_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"


def new_request_id() -> str:
    return f"req_{secrets.token_hex(6)}"
