"""How the bot shows items and settings in its replies (plain strings, Discord markdown)."""

from actionitems.models import ActionItem, Priority

PRIORITY_MARKS = {Priority.HIGH: "🔴", Priority.MEDIUM: "🟡", Priority.LOW: "🟢"}
STATUS_WORDS = {
    "pending": "pending",
    "in_progress": "in progress",
    "completed": "done",
    "archived": "archived",
}


def item_line(item: ActionItem) -> str:
    """One line; reads only the item's own fields and ``item.channel`` (loaded by the caller)."""
    parts = [f"{PRIORITY_MARKS[item.priority]} `{item.public_id}` {item.text[:150]}"]
    details = [STATUS_WORDS[item.status], f"<#{item.channel_id}>"]
    if item.assigned_to:
        details.append(f"<@{item.assigned_to}>" if item.assigned_to.isdigit() else item.assigned_to)
    if item.due_date:
        details.append(f"due {item.due_date.isoformat()}")
    return parts[0] + " — " + " · ".join(details)


def item_list(items: list[ActionItem], total: int) -> str:
    if not items:
        return "No action items match."
    lines = [item_line(item) for item in items]
    if total > len(items):
        lines.append(f"…and {total - len(items)} more.")
    return "\n".join(lines)[:2000]
