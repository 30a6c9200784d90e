"""What the LLM extractor tells the model: the labelling rules and the conversation."""

import json
from collections.abc import Sequence
from datetime import UTC

from actionitems.extraction.types import CATEGORIES, PRIORITIES, Message

SYSTEM_PROMPT = f"""\
You find action items in a Discord conversation.

An action item is concrete work that somebody is asked to do, commits to do, or the group
agrees must be done after the message is written: requests ("can you review my PR"),
commitments ("I'll write the release notes tonight"), agreed decisions that need work,
explicit markers ("TODO: ...", "AI: Sam to ...").
Not action items: reports of work already done, questions for information, opinions, jokes,
sarcasm, hypotheticals, vague wishes with no owner, acknowledgements, restatements or
reminders or recaps of an item already stated. A reply that only volunteers for an earlier
request is not a new item: it makes the volunteer the earlier item's assignee. A task
cancelled or done later is still an item at its anchor message.

Anchor each item on the one message where the task is first stated. One message may hold
several items: list each with the same message_id.

Fields of an item:
- message_id: the id of the anchor message, exactly as given.
- text: the task as a short imperative sentence saying what is to be done ("it" and "that"
  replaced by what they stand for), without greetings, the member asked, or when it is due
  and how urgent it is (due and priority say those); a member the work is about is named
  by their name ("Send the invoice to kenji").
- summary: at most 10 words.
- priority: one of {", ".join(PRIORITIES)}. high for urgent wording (ASAP, urgent, blocker,
  critical, "prod is down", "right now") or a due date within one day of the message; low
  when explicitly deferred ("no rush", "when you get a chance", "low prio", "eventually");
  medium otherwise.
- category: one of {", ".join(CATEGORIES)}. bug: fixing a defect, crash, error, outage,
  regression, wrong date or typo. meeting: scheduling, preparing, running or following up a
  meeting or call. project: building, writing, reviewing, shipping or deploying the group's
  work. general: everything else (errands, purchases, admin, social, favours).
- assignee: the member id who ends up doing it (the author for "I'll...", the mentioned
  member for "<@id> can you...", a later volunteer or taker), or null when nobody owns it.
- due: the UTC date YYYY-MM-DD the work is due, resolved from the anchor message's own
  timestamp ("today", "tonight", "EOD" = that date; "tomorrow"; "by Friday"; "next week" =
  the following Monday), or null. Only the anchor message sets it; "asap" gives no date; a
  task about a dated meeting (sending its invite) has no due date.

Answer with a JSON object only: {{"items": [{{"message_id": "...", "text": "...",
"summary": "...", "priority": "...", "category": "...", "assignee": null, "due": null}}]}}.
Answer {{"items": []}} when there is none.
"""


def conversation_prompt(
    messages: Sequence[Message], *, members: dict[str, str], channel_name: str = ""
) -> str:
    """The conversation as a JSON document the model can quote ids from."""
    conversation = {
        "channel": channel_name,
        "members": members,
        "messages": [_message(message) for message in messages],
    }
    return json.dumps(conversation, ensure_ascii=False, indent=1)


def _message(message: Message) -> dict:
    timestamp = message.timestamp.astimezone(UTC) if message.timestamp.tzinfo else message.timestamp
    return {
        "id": message.id,
        "author": message.author_id,
        "author_name": message.author_name,
        # The weekday saves the model a calendar calculation when resolving "by Friday".
        "ts": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ (%A)"),
        "mentions": list(message.mentions),
        "reply_to": message.reply_to,
        "content": message.content,
    }
