"""Fixtures of the fuzz tests: one folder and one empty project per test module."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from coder.store import Project

# The example database is off (see fuzzing.py); hypothesis still keeps caches in its
# home folder, which would be .hypothesis/ in the repository. Keep them out of it.
_HOME = tempfile.TemporaryDirectory(prefix="hypothesis-")
set_hypothesis_home_dir(_HOME.name)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # One folder for all examples: hypothesis runs many examples per test function.
    with tempfile.TemporaryDirectory(prefix="fuzz-") as name:
        yield Path(name)


@pytest.fixture(scope="module")
def template(folder: Path) -> Path:
    """An empty project; each example imports into a fresh copy (``fresh_copy``)."""
    path = folder / "template.ctdb"
    Project.create(path).close()
    return path
