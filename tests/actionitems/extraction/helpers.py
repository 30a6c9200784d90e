"""Small conversations written for the tests: a team of four, messages a minute apart.

``extract`` runs the rules alone: these tests pin what the rules read, categories
included; the category model's part is tested in ``test_category_model`` and on the
labelled corpora in ``test_quality``.
"""

from datetime import UTC, datetime, timedelta

from actionitems.extraction import Candidate, Message, RulesExtractor

MEMBERS = {"u1": "mira", "u2": "tobias", "u3": "kenji", "u4": "sol"}
# A Tuesday, so weekday names fall on both sides of the week boundary.
TUESDAY = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def conversation(*lines: tuple, start: datetime = TUESDAY) -> list[Message]:
    """Messages from ``(author, content)`` or ``(author, content, reply_to_index)`` tuples."""
    messages = []
    for i, (author, content, *reply) in enumerate(lines):
        messages.append(
            Message(
                id=f"m{i + 1}",
                author_id=author,
                author_name=MEMBERS[author],
                content=content,
                timestamp=start + timedelta(minutes=i),
                mentions=tuple(m for m in MEMBERS if f"<@{m}>" in content),
                reply_to=f"m{reply[0]}" if reply else None,
            )
        )
    return messages


def extract(*lines: tuple, start: datetime = TUESDAY) -> list[Candidate]:
    messages = conversation(*lines, start=start)
    extractor = RulesExtractor(rules_only=True)
    return extractor.extract(messages, members=MEMBERS, channel_name="dev-chat")


def only(*lines: tuple, start: datetime = TUESDAY) -> Candidate:
    items = extract(*lines, start=start)
    assert len(items) == 1, items
    return items[0]
