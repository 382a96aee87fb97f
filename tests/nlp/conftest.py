from __future__ import annotations

import pytest

from coder.nlp import load_pipeline
from tests.cli.conftest import data, mini_project  # noqa: F401  (shared CLI fixtures)


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline Codeertafel uses (the shipped one on a plain install)."""
    return load_pipeline()
