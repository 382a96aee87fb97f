"""Fixtures for the transcript reader tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coder.ingest import ParsedTranscript, read_transcript
from tests.ingest.ingest_helpers import FIXTURES


@pytest.fixture
def read() -> Callable[[str], ParsedTranscript]:
    """Read a fixture by file name."""

    def _read(name: str) -> ParsedTranscript:
        return read_transcript(FIXTURES / name)

    return _read
