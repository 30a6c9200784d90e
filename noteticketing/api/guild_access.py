"""Who may do what under ``/guilds/{guildId}/``.

A key acts as its user. A guild the user is not a member of answers 404 as if it
did not exist; a member without the needed permission gets 403.
"""

import re

from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.views import APIView

from audit.models import AuditLog
from audit.services import audit_record
from guilds.models import GuildMember
from guilds.selectors import current_member
from noteticketing.api.client_ip import client_address
from noteticketing.api.fields import is_snowflake, parse_snowflake
from noteticketing.fields import USER_ID_PATTERN

_ITEM_ID_RE = re.compile(r"\A[0-9a-f]{12}\Z")


def path_snowflake(value: str, field: str) -> int:
    """A Discord id from the path: malformed is a 400, beyond 64 bits cannot exist (404)."""
    if not is_snowflake(value):
        raise ValidationError({field: "Must be a Discord id: a string of digits."})
    number = parse_snowflake(value)
    if number is None:
        raise NotFound()
    return number


def path_item_id(value: str) -> str:
    if not _ITEM_ID_RE.match(value):
        raise ValidationError({"itemId": "Must be an action item id: 12 hex digits."})
    return value


def path_user_id(value: str) -> str:
    if not re.match(USER_ID_PATTERN, value):
        raise ValidationError({"userId": "Must be a user id: 1 to 32 letters, digits, '_' or '-'."})
    return value


def member_of(guild_id: int, user_id: str) -> GuildMember:
    member = current_member(guild_id=guild_id, user_id=user_id)
    if member is None:
        raise NotFound("Guild not found")
    return member


class GuildScopedView(APIView):
    """A view under one guild: resolves ``self.member`` and checks the method's permission.

    ``permissions`` maps an HTTP method to the permission it needs; methods not
    listed need only membership.
    """

    permissions: dict[str, str] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        guild_id = path_snowflake(kwargs["guild_id"], "guildId")
        self.member = member_of(guild_id, request.user.user_id)
        self.guild = self.member.guild
        needed = self.permissions.get(request.method)
        if needed and not self.member.has_permission(needed):
            raise PermissionDenied(f"This needs the {needed} permission")

    def require(self, permission: str) -> None:
        if not self.member.has_permission(permission):
            raise PermissionDenied(f"This needs the {permission} permission")

    def record_access(self, details: str) -> None:
        """A ``data_access`` audit entry for what this request read."""
        audit_record(
            guild=self.guild,
            action=AuditLog.Action.DATA_ACCESS,
            user_id=self.request.user.user_id,
            details=details,
            ip_address=client_address(self.request),
        )
