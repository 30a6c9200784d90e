"""The extractor the settings choose, built once per process."""

from functools import cache

from django.conf import settings

from actionitems.extraction import Extractor
from actionitems.extraction.llm import LLMConfig, LLMExtractor
from actionitems.extraction.rules import RulesExtractor


@cache
def configured_extractor() -> Extractor:
    rules = RulesExtractor()
    if settings.EXTRACTOR != "llm":
        return rules
    config = LLMConfig(
        base_url=settings.LLM_BASE_URL,
        model=settings.LLM_MODEL,
        api_key=settings.LLM_API_KEY,
        timeout_seconds=settings.LLM_TIMEOUT_SECONDS,
    )
    return LLMExtractor(config, fallback=rules)
