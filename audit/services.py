"""Writing the audit log: one explicit row per recorded event.

Callers write the row inside the transaction of the change it records, so a change
that rolls back leaves no entry and an entry never describes a change that did not
happen. ``user_id`` is the acting user, None when the system acted.
"""

import ipaddress

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actionitems.models import ActionItem
from actionitems.totals import items_changed
from audit.models import AuditLog
from guilds.models import Guild, GuildMember
from noteticketing.rawmodels import Table

Action = AuditLog.Action
# Every read of items writes an entry; see noteticketing.rawmodels for why it is written out.
_AUDIT_LOG = Table(AuditLog, "a")


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
    entry = AuditLog(
        guild=guild,
        action=action,
        user_id=user_id,
        details=details,
        ip_address=_valid_address(ip_address),
    )
    _AUDIT_LOG.insert(entry)
    return entry


@transaction.atomic
def user_data_erase(
    *, guild: Guild, user_id: str, actor: str | None, ip_address: str | None = None
) -> dict:
    """The right to erasure: what this guild keeps about one user, removed.

    Items the user was assigned or created lose their source excerpt and jump link
    (we do not store message authors, so these are the messages that concern them),
    their assignments are cleared and their creator stamp too. Their membership row
    (display name, roles, permission flags) is deleted: if they are still in the
    server, the bot's member sync adds them back from Discord with no granted flags.
    The audit log keeps its entries about them, as the record of what was done.
    """
    now = timezone.now()
    items = ActionItem.objects.filter(guild=guild)
    theirs = items.filter(Q(assigned_to=user_id) | Q(created_by=user_id))
    excerpts = theirs.filter(~Q(excerpt="") | ~Q(jump_url="")).update(
        excerpt="", jump_url="", updated_at=now
    )
    items.filter(created_by=user_id).update(created_by=None, updated_at=now)
    unassigned = items.filter(assigned_to=user_id).update(assigned_to=None, updated_at=now)
    items_changed(guild.id)
    membership_removed = GuildMember.objects.filter(guild=guild, user_id=user_id).delete()[0] > 0
    audit_record(
        guild=guild,
        action=Action.DATA_DELETION,
        user_id=actor,
        details=(
            f"Erased the data of user {user_id}: {unassigned} action items unassigned, "
            f"{excerpts} excerpts removed, "
            + ("membership removed" if membership_removed else "no membership")
        ),
        ip_address=ip_address,
    )
    return {
        "user_id": user_id,
        "guild_id": str(guild.id),
        "action_items_unassigned": unassigned,
        "excerpts_removed": excerpts,
        "membership_removed": membership_removed,
    }
