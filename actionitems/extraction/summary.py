"""A short topic title for an item, like "Release notes in #dev-chat"."""

_MAX_WORDS = 5


def summary_of(text: str, channel_name: str = "") -> str:
    words = text.rstrip(".!?").split()
    title = " ".join(words[:_MAX_WORDS]) + ("…" if len(words) > _MAX_WORDS else "")
    title = title or "Action item"
    return f"{title} in #{channel_name}" if channel_name else title
