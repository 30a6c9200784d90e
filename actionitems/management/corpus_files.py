"""Corpus files named on a command line, read or refused with a message that names them."""

from pathlib import Path

from django.core.management.base import CommandError

from actionitems.extraction.corpus import Conversation, load_corpus


def read_corpus(path: str | Path) -> list[Conversation]:
    """The conversations of ``path``; a missing file or one that is no corpus is a
    ``CommandError`` naming it, not a traceback."""
    if not Path(path).is_file():
        raise CommandError(f"No such corpus file: {path}")
    try:
        return load_corpus(path)
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"Not a corpus file: {path} ({error!r})") from error
