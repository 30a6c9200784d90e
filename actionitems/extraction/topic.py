"""What a conversation talks about, read from all its messages: the prior for a task whose
own words and context say nothing of its category.

A task done with an unfamiliar verb to an unfamiliar thing ("drag it out on saturday",
"shoot the photos") is the group's work in a conversation about its work (drafts, builds,
releases) and an errand in one about errands (bills, orders, bookings). The messages are
read only when such a task turns up, once per conversation.
"""

from collections.abc import Iterable
from functools import cached_property
from itertools import chain

from actionitems.extraction.category import word_categories


class Topic:
    def __init__(self, messages: Iterable[frozenset[str]]) -> None:
        """``messages``: the words of each message, read on the first question."""
        self._messages = messages

    @cached_property
    def about_work(self) -> bool:
        """Whether its messages name the group's work at least as often as errands (each
        word once a message)."""
        # Two counts over a list cost less than a Counter of every category.
        named = list(word_categories(chain.from_iterable(self._messages)))
        return named.count("project") >= named.count("general")
