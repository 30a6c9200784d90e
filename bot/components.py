"""The persistent buttons of an action item, as Discord component payloads.

Their ``custom_id``s (``nt:<action>:<item id>``) are all the state a click needs, so
the buttons keep working after the bot restarts: bot/exts/buttons.py matches them with
a ``DynamicItem``. Plain dicts, so the sweep's posting code can attach them too.
"""

import re

ACTIONS = {
    "done": ("Done", 3, "✅"),  # label, button style (3 = green), emoji
    "start": ("Start", 1, "▶️"),  # 1 = blurple
    "assign": ("Assign to me", 2, "🙋"),  # 2 = grey
}
CUSTOM_ID_TEMPLATE = r"nt:(?P<action>done|start|assign):(?P<item_id>[0-9a-f]{12})"
CUSTOM_ID_RE = re.compile(CUSTOM_ID_TEMPLATE)
MAX_ROWS = 5  # Discord's limit of action rows per message


def custom_id(action: str, item_id: str) -> str:
    return f"nt:{action}:{item_id}"


def item_button(action: str, item_id: str) -> dict:
    label, style, emoji = ACTIONS[action]
    return {
        "type": 2,
        "style": style,
        "label": f"{label} · {item_id}",
        "emoji": {"name": emoji},
        "custom_id": custom_id(action, item_id),
    }


def item_rows(item_ids: list[str]) -> list[dict]:
    """One action row of Done / Start / Assign to me per item, for the first five items."""
    return [
        {"type": 1, "components": [item_button(action, item_id) for action in ACTIONS]}
        for item_id in item_ids[:MAX_ROWS]
    ]
