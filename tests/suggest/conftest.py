from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coder.demo import build_demo
from coder.store import Project


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo project, built once and analysed once; tests work on copies."""
    from coder.nlp.analysis import analyse_project

    path = tmp_path_factory.mktemp("demo") / "demo.ctdb"
    project = build_demo(path)
    for _ in analyse_project(project):
        pass
    project.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Project:
    copy = tmp_path / "demo.ctdb"
    shutil.copy(demo_file, copy)
    project = Project.open(copy)
    yield project
    project.close()


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parents[1] / "cli" / "data"


@pytest.fixture(scope="session")
def trained_file(demo_file: Path, tmp_path_factory) -> Path:
    """The demo project with a trained model, trained once; tests work on copies."""
    from coder.suggest.model import train_model

    path = tmp_path_factory.mktemp("trained") / "trained.ctdb"
    shutil.copy(demo_file, path)
    with Project.open(path) as project:
        train_model(project)
    return path


@pytest.fixture
def trained(trained_file: Path, tmp_path: Path) -> Project:
    copy = tmp_path / "trained.ctdb"
    shutil.copy(trained_file, copy)
    project = Project.open(copy)
    yield project
    project.close()
