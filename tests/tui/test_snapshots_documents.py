"""Snapshots of the Documents, Passages and Memos screens at 80×24 and 120×35
(regenerate with --snapshot-update)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coder.store import Project
from coder.tui.app import make_app

SIZES = {"80x24": (80, 24), "120x35": (120, 35)}


@pytest.fixture
def attributed_project(project_path: Path) -> Path:
    """The test project with a few codings, memos and an attribute of the project's own."""
    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turns = project.segments(document.id)
        wacht = project.find_code("Wachttijden").id
        vast = project.find_code("Vaste contactpersoon").id
        coding = project.add_coding(document.id, turns[1].start, turns[1].end, wacht)
        project.set_coding_memo(coding.id, "Maanden wachten: typerend voor de wijk.")
        project.add_coding(document.id, turns[3].start, turns[3].end, vast)
        project.add_memo("segment", turns[2].id, "Herkenbaar patroon van doorverwijzen.")
        project.set_attributes(document.id, {"wijk": "Lunetten", "gespreksleider": "Anna"})
    # the memo list shows when a memo was written: the same day on every run
    with sqlite3.connect(project_path) as conn:
        stamp = "2025-03-12T10:00:00+00:00"
        conn.execute("UPDATE memos SET created = ?, modified = ?", (stamp, stamp))
        conn.execute("UPDATE codings SET created = '2025-03-12T09:00:00+00:00'")
    return project_path


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_documents_screen(snap_compare, attributed_project: Path, size: str) -> None:
    assert snap_compare(make_app(attributed_project), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_passages_screen(snap_compare, attributed_project: Path, size: str) -> None:
    assert snap_compare(
        make_app(attributed_project),
        terminal_size=SIZES[size],
        press=["f9", "c", *"knelpunten", "enter"],
    )


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_memos_screen(snap_compare, attributed_project: Path, size: str) -> None:
    assert snap_compare(make_app(attributed_project), terminal_size=SIZES[size], press=["f10"])
