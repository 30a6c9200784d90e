"""The extraction engine: conversations in, action-item candidates out.

Plain Python with no Django imports, so it can be benchmarked, evaluated on a
corpus file and reused by any caller.
"""

from actionitems.extraction.rules import RulesExtractor
from actionitems.extraction.types import Candidate, Extractor, Message

__all__ = ["Candidate", "Extractor", "Message", "RulesExtractor"]
