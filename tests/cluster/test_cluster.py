"""Clustering the demo's bottlenecks: deterministic, labelled, promotable, written out."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from coder.cluster.items import select_items
from coder.cluster.model import DAVIES_BOULDIN, EMBEDDINGS, SILHOUETTE
from coder.cluster.run import cluster_document_table, cluster_project, promote_cluster
from coder.errors import CoderError
from coder.store import Project
from tests.cli.conftest import run_coder


def knelpunten(project: Project) -> list[int]:
    group = project.find_code("Knelpunten")
    return [group.id, *project.descendants(group.id)]


def test_items_are_the_coded_quotes(demo: Project) -> None:
    items = select_items(demo, code_ids=knelpunten(demo))
    quotes = {(c.document_id, c.start, c.end) for c in demo.codings(code_ids=knelpunten(demo))}
    assert {(i.document_id, i.start, i.end) for i in items} <= quotes
    assert len(items) >= 0.9 * len(quotes)
    assert all(
        item.lemmas and demo.text(item.document_id)[item.start : item.end] == item.text
        for item in items
    )
    assert all(item.codes & set(knelpunten(demo)) for item in items)


@pytest.mark.parametrize("words_only", [False, True], ids=["embeddings", "words"])
def test_clusters_are_deterministic_and_complete(demo: Project, words_only: bool) -> None:
    first = cluster_project(demo, code_ids=knelpunten(demo), words_only=words_only)
    second = cluster_project(demo, code_ids=knelpunten(demo), words_only=words_only)
    assert np.array_equal(first.assignments, second.assignments)
    assert [c.label for c in first.clusters] == [c.label for c in second.clusters]
    if (
        first.method == EMBEDDINGS
    ):  # the cut of the average-linkage tree with the lowest Davies–Bouldin
        assert not words_only and first.criterion_name == DAVIES_BOULDIN
        assert first.k == min(first.criterion, key=first.criterion.__getitem__)
    else:  # the smallest k within 90 % of the best silhouette
        assert first.criterion_name == SILHOUETTE
        best = max(first.criterion.values())
        assert first.k == min(k for k, v in first.criterion.items() if v >= 0.9 * best)
    assert 2 <= first.k <= 12 and set(first.criterion) == set(range(2, max(first.criterion) + 1))
    assert sorted(i for c in first.clusters for i in c.members) == list(range(len(first.items)))
    sizes = [c.size for c in first.clusters]
    assert sizes == sorted(sizes, reverse=True)
    for cluster in first.clusters:
        assert cluster.label and cluster.representatives
        assert set(cluster.representatives) <= set(cluster.members)
        assert cluster.documents == len({first.items[i].document_id for i in cluster.members})
        assert sum(cluster.spread["region"].values()) == cluster.size
    header, rows = cluster_document_table(demo, first)
    assert header[0] == "cluster" and len(rows) == first.k
    assert sum(sum(r[1:-1]) for r in rows) == len(first.items)


def test_k_override_and_too_little_data(demo: Project, tmp_path: Path) -> None:
    assert cluster_project(demo, code_ids=knelpunten(demo), k=4).k == 4
    with pytest.raises(CoderError, match="--k must be between"):
        cluster_project(demo, code_ids=knelpunten(demo), k=1)
    empty = Project.create(tmp_path / "leeg.ctdb")
    with pytest.raises(CoderError, match="at least 4"):
        cluster_project(empty)
    empty.close()


def test_uncoded_turns_only(demo: Project) -> None:
    result = cluster_project(demo, uncoded=True, k=3)
    coded = demo.codings()
    for item in result.items:
        assert not any(
            c.document_id == item.document_id and c.start < item.end and c.end > item.start
            for c in coded
        )


def test_promote_makes_a_code_with_model_codings(demo: Project) -> None:
    result = cluster_project(demo, code_ids=knelpunten(demo))
    parent = demo.find_code("Knelpunten")
    code = promote_cluster(demo, result, 0, "Nieuw knelpunt", parent.id)
    assert demo.code_path(code.id) == "Knelpunten/Nieuw knelpunt"
    assert code.definition and code.example
    assert demo.codings(code_ids=[code.id]) == []  # suggestions until reviewed
    made = demo.suggestions(code_ids=[code.id])
    assert len(made) == result.clusters[0].size
    assert all(c.source == "model" and c.coder == "model" and 0 <= c.confidence <= 1 for c in made)
    demo.undo()
    assert demo.suggestions(code_ids=[code.id]) == []
    with pytest.raises(CoderError):
        demo.code(code.id)


def test_cluster_command_writes_files(embedded_demo_file: Path, tmp_path: Path) -> None:
    project = tmp_path / "demo.ctdb"
    shutil.copy(embedded_demo_file, project)
    out, table, plot = tmp_path / "c.csv", tmp_path / "t.csv", tmp_path / "map.png"
    result = run_coder(
        "cluster", project, "--code", "Knelpunten", "-o", out, "--table", table, "--plot", plot
    )
    assert result.code == 0, result.err
    assert "clusters on sentence embeddings (k chosen by Davies–Bouldin over k = 2.." in result.out
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {"document", "segment", "text", "cluster", "cluster_label"} <= set(rows[0])
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run_coder("cluster", project, "--plot", tmp_path / "map.pdf")
    assert bad.code == 1 and "map.pdf" in bad.err
    promoted = run_coder(
        "cluster", project, "--code", "Knelpunten", "--words", "--k", "3", "--promote", "1",
        "--name", "Gevonden",
    )  # fmt: skip
    assert promoted.code == 0 and "is now code Gevonden" in promoted.out
    assert "in 3 clusters on words (k given)" in promoted.out
