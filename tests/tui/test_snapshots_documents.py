"""Snapshots of the Documents, Passages and Memos screens at 80×24 and 120×35
(regenerate with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.coded_project import code_and_annotate
from tests.tui.fakes import make_app

SIZES = {"80x24": (80, 24), "120x35": (120, 35)}


@pytest.fixture
def attributed_project(project_path: Path) -> Path:
    return code_and_annotate(project_path)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_documents_screen(snap_compare, attributed_project: Path, size: str) -> None:
    assert snap_compare(make_app(attributed_project), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_passages_screen(snap_compare, attributed_project: Path, size: str) -> None:
    assert snap_compare(
        make_app(attributed_project),
        terminal_size=SIZES[size],
        press=["f10", "c", *"knelpunten", "enter"],
    )


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_memos_screen(snap_compare, attributed_project: Path, size: str) -> None:
    assert snap_compare(make_app(attributed_project), terminal_size=SIZES[size], press=["f11"])
