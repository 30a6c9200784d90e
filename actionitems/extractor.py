"""The extractor the settings choose, built once per process."""

from functools import cache

from django.conf import settings

from actionitems.extraction import Extractor


@cache
def configured_extractor() -> Extractor:
    from actionitems.extraction.rules import RulesExtractor

    rules = RulesExtractor()
    if settings.EXTRACTOR != "llm":
        return rules
    from actionitems.extraction.llm import LLMConfig, LLMExtractor

    config = LLMConfig(
        base_url=settings.LLM_BASE_URL,
        model=settings.LLM_MODEL,
        api_key=settings.LLM_API_KEY,
        timeout_seconds=settings.LLM_TIMEOUT_SECONDS,
    )
    return LLMExtractor(config, fallback=rules)
