"""Snapshots of the key screens at 100×30 (regenerate with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.store import Project
from tests.tui.fakes import fixed_clusters, make_app

SIZE = (100, 30)


def pressing(*keys: str):
    """Press ``keys``, then wait for the background work (suggestions) before the shot."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.fixture
def coded_project(project_path: Path) -> Path:
    """The test project with a few codings and a memo, made through the store."""
    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turns = project.segments(document.id)
        wacht = project.find_code("Wachttijden").id
        vast = project.find_code("Vaste contactpersoon").id
        project.add_coding(document.id, turns[1].start, turns[1].end, wacht)
        project.add_coding(document.id, turns[3].start, turns[3].start + 26, vast)
        project.add_coding(
            document.id,
            turns[2].start,
            turns[2].end,
            project.find_code("Communicatie tussen hulpverleners").id,
        )
        project.add_memo("segment", turns[2].id, "Herkenbaar patroon.")
    return project_path


def test_documents_screen(snap_compare, coded_project: Path) -> None:
    assert snap_compare(make_app(coded_project), terminal_size=SIZE)


def test_coding_screen(snap_compare, coded_project: Path) -> None:
    assert snap_compare(
        make_app(coded_project),
        terminal_size=SIZE,
        run_before=pressing("enter", "down", "shift+down"),
    )


def test_codebook_screen(snap_compare, coded_project: Path) -> None:
    assert snap_compare(make_app(coded_project), terminal_size=SIZE, press=["f4", "down"])


def test_help_screen(snap_compare, coded_project: Path) -> None:
    # wait for the suggestions worker: the panel behind the dialog draws when it is done
    assert snap_compare(
        make_app(coded_project), terminal_size=SIZE, run_before=pressing("enter", "f1")
    )


def test_coding_screen_in_english(snap_compare, coded_project: Path) -> None:
    assert snap_compare(
        make_app(coded_project, lang="en"), terminal_size=SIZE, run_before=pressing("enter", "end")
    )


def test_coding_screen_with_suggestions(snap_compare, coded_project: Path) -> None:
    """A turn with a model-made coding (marked "?") and suggestions, one from a definition."""
    with Project.open(coded_project) as project:
        document = project.document("Interview Overvecht")
        turns = project.segments(document.id)
        code = project.find_code("Communicatie tussen hulpverleners").id
        project.add_coding(
            document.id,
            turns[1].start,
            turns[1].end,
            code,
            source="model",
            confidence=0.64,
            coder="model",
        )
    assert snap_compare(
        make_app(coded_project), terminal_size=SIZE, run_before=pressing("down", "enter", "down")
    )


def test_clusters_screen(snap_compare, coded_project: Path) -> None:
    async def run_before(pilot) -> None:
        from textual.widgets import Select

        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        pilot.app.screen.query_one(Select).value = "uncoded"
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(coded_project, clusterer=fixed_clusters)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_pseudonymise_screen(snap_compare, coded_project: Path) -> None:
    """The review of a document with names of every kind, at 120×35."""
    from tests.tui.conftest import add_document
    from tests.tui.test_deid import DOCUMENT, TURNS

    with Project.open(coded_project) as project:
        add_document(project, DOCUMENT, TURNS, {"setting": "interview"})

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        # the second document; enter: to its findings; a: the first is identifying
        await pilot.press("down", "enter", "a")
        await pilot.pause()

    assert snap_compare(make_app(coded_project), terminal_size=(120, 35), run_before=run_before)
