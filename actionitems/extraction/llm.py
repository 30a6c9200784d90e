"""The LLM extractor: asks an OpenAI-compatible chat-completions server for the items.

Any failure to get a usable answer (transport error, timeout, non-2xx status, a body
that is not the expected JSON) hands the conversation to the fallback extractor, so a
flaky model server degrades extraction instead of stopping it. A valid answer with no
items is an answer, not a failure.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from actionitems.extraction.llm_items import UnparseableResponse, parse_items
from actionitems.extraction.llm_prompt import SYSTEM_PROMPT, conversation_prompt
from actionitems.extraction.types import Candidate, Extractor, Message

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    # Left out of the repr so a logged or printed config never shows the key.
    api_key: str = field(default="", repr=False)
    timeout_seconds: float = 20.0


class LLMExtractor:
    def __init__(self, config: LLMConfig, fallback: Extractor) -> None:
        self.config = config
        self.fallback = fallback

    def extract(
        self,
        messages: Sequence[Message],
        *,
        members: dict[str, str],
        channel_name: str = "",
    ) -> list[Candidate]:
        if not messages:
            return []
        try:
            content = self._complete(
                conversation_prompt(messages, members=members, channel_name=channel_name)
            )
            return parse_items(content, messages=messages, members=members)
        except (httpx.HTTPError, httpx.InvalidURL, UnparseableResponse) as error:
            logger.warning(
                "LLM extraction failed (%s: %s); using %s",
                type(error).__name__,
                error,
                type(self.fallback).__name__,
            )
        return self.fallback.extract(messages, members=members, channel_name=channel_name)

    def _complete(self, conversation: str) -> str:
        """The assistant's reply to the conversation, raising on any failure to get one."""
        response = httpx.post(
            self.config.base_url.rstrip("/") + "/chat/completions",
            headers=self._headers(),
            json={
                "model": self.config.model,
                "temperature": 0,
                "response_format": {"type": "json_object"},
                "messages": [
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": conversation},
                ],
            },
            timeout=self.config.timeout_seconds,
        )
        response.raise_for_status()
        return _reply_content(response)

    def _headers(self) -> dict[str, str]:
        if not self.config.api_key:
            return {}
        return {"Authorization": f"Bearer {self.config.api_key}"}


def _reply_content(response: httpx.Response) -> str:
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, LookupError, TypeError) as error:
        raise UnparseableResponse(f"not a chat completion: {error!r}") from error
    if not isinstance(content, str):
        raise UnparseableResponse(f"the reply has no text content: {content!r}")
    return content
