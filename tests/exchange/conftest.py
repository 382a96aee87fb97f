"""Fixtures for the REFI-QDA and agreement tests: real project files in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.store import Project
from tests.conftest import opened_copy

FIXTURES = Path(__file__).parent / "fixtures"
# Real files from other tools live outside the repository (their licences vary).
SAMPLES = Path(__file__).parents[2] / ".." / "shared" / "refi-samples"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, built once; tests work on copies (see ``demo``)."""
    from coder.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.ctdb"
    build_demo(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Project]:
    with opened_copy(demo_file, tmp_path) as project:
        yield project


@pytest.fixture
def fresh(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "fresh.ctdb")
    yield project
    project.close()


def snapshot(project: Project) -> tuple:
    """Everything an import may change, to assert that a failed one changed nothing."""
    return (
        [(d.name, d.attributes) for d in project.documents()],
        [(c.name, c.colour, c.definition) for c in project.codes()],
        [(c.document_id, c.start, c.end, c.code_id, c.coder) for c in project.codings()],
        [(m.target_kind, m.target_id, m.text) for m in project.memos()],
        project.coders(),
        project.history(),
    )
