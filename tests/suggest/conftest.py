from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.demo import build_demo
from coder.store import Project
from tests.conftest import opened_copy


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo project, built once and analysed once; tests work on copies."""
    from coder.nlp.analysis import analyse_project

    path = tmp_path_factory.mktemp("demo") / "demo.ctdb"
    project = build_demo(path)
    for _ in analyse_project(project):
        pass
    # embedded once too: copies (and the command line run on them) read the cache
    from coder.suggest.meaning import attach_meaning, usable_encoder
    from coder.suggest.units import project_units

    encoder = usable_encoder()
    if encoder is not None:
        attach_meaning(project, project_units(project), encoder)
        # and the codebook's examples, which training reads (coder.suggest.codebook_examples)
        from coder.nlp.embeddings import embed_texts
        from coder.suggest.codebook_examples import example_texts

        embed_texts(project, [t for c in project.codes() for t in example_texts(c)], encoder)
    project.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Project]:
    with opened_copy(demo_file, tmp_path) as project:
        yield project


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
def trained(trained_file: Path, tmp_path: Path) -> Iterator[Project]:
    with opened_copy(trained_file, tmp_path) as project:
        yield project
