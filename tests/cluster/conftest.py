"""The analysed demo project, with the clustering encoder's embeddings of every turn and
of the Knelpunten quotes cached once per session (encoding them takes a minute), so each
test's copy clusters at once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.store import Project
from tests.conftest import opened_copy
from tests.suggest.conftest import demo_file  # noqa: F401  (the analysed demo project)


@pytest.fixture(scope="session")
def embedded_demo_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    from coder.cluster.embedded import embedding_vectors, load_cluster_encoder
    from coder.cluster.items import select_items
    from coder.nlp.embeddings import embed_texts

    path = tmp_path_factory.mktemp("embedded") / "demo.ctdb"
    shutil.copy(demo_file, path)
    encoder, _ = load_cluster_encoder()
    if encoder is not None:  # without it clustering falls back to words, tested as such
        with Project.open(path) as project:
            texts = [
                project.text(d.id)[s.start : s.end]
                for d in project.documents()
                for s in project.segments(d.id)
            ]
            embed_texts(project, texts, encoder)
            group = project.find_code("Knelpunten")
            quotes = select_items(project, code_ids=[group.id, *project.descendants(group.id)])
            embedding_vectors(project, quotes, encoder)  # the quotes are parts of turns
    return path


@pytest.fixture
def demo(embedded_demo_file: Path, tmp_path: Path) -> Iterator[Project]:
    with opened_copy(embedded_demo_file, tmp_path) as project:
        yield project
