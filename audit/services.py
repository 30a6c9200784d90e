"""Writing the audit log: one explicit row per recorded event.

Callers write the row inside the transaction of the change it records, so a change
that rolls back leaves no entry and an entry never describes a change that did not
happen. ``user_id`` is the acting user, None when the system acted.
"""

import ipaddress

from audit.models import AuditLog
from guilds.models import Guild

Action = AuditLog.Action


def _valid_address(value: str | None) -> str | None:
    """A forwarded header can carry anything; only a real address is kept."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def audit_record(
    *,
    guild: Guild | None,
    action: str,
    user_id: str | None,
    details: str,
    ip_address: str | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        guild=guild,
        action=action,
        user_id=user_id,
        details=details,
        ip_address=_valid_address(ip_address),
    )
