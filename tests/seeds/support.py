"""Helpers for the seed tests: where the seed files are, and what "verbatim" allows."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from accsm_portal.core.models import Source

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def source(stem: str) -> Source:
    return Source.objects.get(reference=stem)


def assert_text_is_the_seed_file(seed_source: Source) -> None:
    """The stored text is the seed file, byte for byte (skipped where the seeds are absent)."""
    path = SEEDS_DIR / f"{seed_source.reference}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not present on this machine")
    assert seed_source.text == path.read_text(encoding="utf-8")


def _readings(text: str) -> list[str]:
    # The pages wrap lines inside phrases and write links as [text](#): a phrase copied from
    # them may leave out the wrap and the link brackets, and nothing else.
    unlinked = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)
    return [v for t in (text, unlinked) for v in (t, t.replace("\n", ""), t.replace("\n", " "))]


def is_verbatim(value: str, text: str) -> bool:
    """True when `value` is a non-empty excerpt of `text`, as the page displays it."""
    return bool(value) and any(value in reading for reading in _readings(text))


def cited_sources(record) -> set[str]:
    """The references of the sources a record cites."""
    return {citation.source.reference for citation in record.citations}
