"""Realistic team chatter for the fake's channels: requests, volunteers, replies, noise.

``conversation(n, cast, seed)`` returns message specs for ``FakeDiscord.add_messages``.
About a third carry an action item (an ask with a mention, a due date or an urgency word,
a volunteer replying "I'll take it"); the rest is the small talk that surrounds them.
"""

import random

# {a} is the author's teammate, mentioned as <@id> so the fake fills ``mentions``.
ASKS = [
    "<@{a}> can you fix the login redirect bug by Friday?",
    "<@{a}> please review the billing PR before tomorrow's standup",
    "URGENT: prod deploy is failing on the migrations step, <@{a}> can you look ASAP?",
    "Someone needs to update the onboarding docs for the new API keys",
    "<@{a}> could you send the Q3 numbers to finance by EOD",
    "TODO: rotate the staging database password this week",
    "We still need a volunteer to write the release notes for 2.4",
    "<@{a}> can you book the room for Thursday's retro?",
    "blocker: the CI runners are out of disk, need someone to clean them up today",
    "<@{a}> please triage the three new support tickets when you get a chance",
    "action item: draft the incident postmortem by next Monday",
    "Can someone check why the nightly export job timed out?",
]
VOLUNTEERS = [
    "I'll take it",
    "On it!",
    "I can do that by tomorrow",
    "I'll handle the docs part",
    "Sure, I'll pick this up after lunch",
]
CHATTER = [
    "morning all",
    "anyone seen the new dashboard? looks great",
    "lol",
    "brb coffee",
    "thanks!",
    "that makes sense",
    "I think the meeting moved to 3pm",
    "+1",
    "nice work on the release everyone",
    "is the VPN slow for anyone else?",
    "haha yes",
    "I pushed a small fix for the typo in the footer",
    "lunch?",
    "good point, let's discuss in standup",
    "ok",
    "the build is green again",
]


def conversation(n: int, cast: list[dict], *, seed: int = 0) -> list[dict]:
    """``n`` message specs spoken by ``cast`` (user objects); replies point into the batch."""
    rng = random.Random(seed)
    specs: list[dict] = []
    last_ask: int | None = None
    for index in range(n):
        author = rng.choice(cast)
        roll = rng.random()
        if roll < 0.25:
            teammate = rng.choice([user for user in cast if user is not author] or cast)
            specs.append({"author": author, "content": rng.choice(ASKS).format(a=teammate["id"])})
            last_ask = index
        elif roll < 0.35 and last_ask is not None:
            specs.append(
                {"author": author, "content": rng.choice(VOLUNTEERS), "reply_to_index": last_ask}
            )
            last_ask = None
        else:
            specs.append({"author": author, "content": rng.choice(CHATTER)})
    return specs
