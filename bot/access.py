"""Who may do what from Discord: the API's rules (noteticketing/api/guild_access.py),
answered with a sentence for the person instead of a 403."""

from actionitems.models import ActionItem
from guilds.models import GuildMember
from guilds.selectors import current_member

MANAGE = "can_manage_action_items"
CONFIGURE = "can_configure_bot"
TRIGGER = "can_trigger_sweeps"


class Refused(Exception):
    """The action is not allowed or not possible; the message is shown to the person."""


def member_for(*, guild_id: int, user_id: str) -> GuildMember:
    """The member with guild and config loaded; not knowing them is a refusal."""
    member = current_member(guild_id=guild_id, user_id=user_id)
    if member is None:
        raise Refused("I don't know you as a member of this server yet; try again in a minute.")
    return member


def require(member: GuildMember, permission: str) -> None:
    if not member.has_permission(permission):
        raise Refused(f"You need the `{permission}` permission for this.")


def require_status_change(member: GuildMember, item: ActionItem) -> None:
    """Managers move any item; an assignee may still move their own."""
    if item.assigned_to is not None and item.assigned_to == member.user_id:
        return
    if not member.has_permission(MANAGE):
        raise Refused(f"You need the `{MANAGE}` permission, or to be the item's assignee.")
