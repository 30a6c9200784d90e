"""What a sweep posts to Discord: the digest of new items and the live to-do list.

Pure functions from items to embed dicts, within Discord's limits (25 fields and
6,000 characters an embed, 10 embeds a message).
"""

from actionitems.models import ActionItem, Priority

PRIORITY_MARKS = {Priority.HIGH: "🔴", Priority.MEDIUM: "🟡", Priority.LOW: "🟢"}
FIELDS_PER_EMBED = 25
EMBEDS_PER_MESSAGE = 10
TODO_LINES = 40
DIGEST_COLOUR = 0x5865F2


def _line(item: ActionItem, *, privacy: bool) -> str:
    parts = [f"{PRIORITY_MARKS[item.priority]} **{item.priority_label}** · {item.category}"]
    if item.assigned_to and not privacy:
        parts.append(f"<@{item.assigned_to}>")
    elif item.assigned_to:
        parts.append("assigned")
    if item.due_date:
        parts.append(f"due {item.due_date.isoformat()}")
    if item.jump_url:
        parts.append(f"[jump]({item.jump_url})")
    return " · ".join(parts)


def digest_messages(items: list[ActionItem], *, privacy: bool) -> list[list[dict]]:
    """The digest as messages, each a list of embeds; one field per new item."""
    fields = [
        {
            "name": f"`{item.public_id}` {item.text}"[:256],
            "value": _line(item, privacy=privacy)[:1024],
            "inline": False,
        }
        for item in items
    ]
    embeds = [
        {
            "title": "New action items" if start == 0 else "New action items (continued)",
            "color": DIGEST_COLOUR,
            "fields": fields[start : start + FIELDS_PER_EMBED],
        }
        for start in range(0, len(fields), FIELDS_PER_EMBED)
    ]
    return [
        embeds[start : start + EMBEDS_PER_MESSAGE]
        for start in range(0, len(embeds), EMBEDS_PER_MESSAGE)
    ]


def todo_embed(open_items: list[ActionItem], total_open: int, *, privacy: bool) -> dict:
    """The to-do channel's single message: the open items, most urgent first."""
    lines = [
        f"{PRIORITY_MARKS[item.priority]} `{item.public_id}` {item.text[:120]}"
        + (f" — <@{item.assigned_to}>" if item.assigned_to and not privacy else "")
        + (f" (due {item.due_date.isoformat()})" if item.due_date else "")
        for item in open_items[:TODO_LINES]
    ]
    if total_open > len(lines):
        lines.append(f"…and {total_open - len(lines)} more")
    description = "\n".join(lines) if lines else "Nothing open. 🎉"
    return {
        "title": f"To-do ({total_open} open)",
        "color": DIGEST_COLOUR,
        "description": description[:4096],
    }
