"""A REFI-QDA import from the workbench shows what came in and what was left out and
why, in the interface's language, as text; the same report the command line prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, TextArea

from coder.exchange.reasons import REASONS
from coder.exchange.refi import import_refi
from coder.store import Project
from coder.tui.i18n import set_language
from coder.tui.screens.documents import DocumentsScreen
from coder.tui.screens.import_summary import ImportSummaryScreen, report_lines
from tests.exchange.test_refi_import import SOURCES, TEXT_1, qde, qdpx
from tests.tui.fakes import make_app
from tests.tui.pilot import settle

LOCALE = Path(__file__).parents[2] / "coder" / "tui" / "locale"


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    """A project from another tool, with parts that cannot come in (a PDF, sets, an
    unknown element, selections outside the text, a code that is not there)."""
    return qdpx(
        tmp_path / "vreemd.qdpx", qde(SOURCES), {"Sources/Interview Anna.txt": TEXT_1.encode()}
    )


def test_every_reason_has_its_words_in_both_languages() -> None:
    for lang in ("nl", "en"):
        messages = json.loads((LOCALE / f"{lang}.json").read_text(encoding="utf-8"))
        for key, template in REASONS.items():
            text = messages[f"import.reason.{key}"]
            names = sorted(re.findall(r"\{(\w+)\}", template))
            assert sorted(re.findall(r"\{(\w+)\}", text)) == names, (lang, key)


def test_english_lines_are_the_command_lines(tmp_path: Path, foreign: Path) -> None:
    target = tmp_path / "leeg.ctdb"
    with Project.create(target) as project:
        report = import_refi(project, foreign)
    try:
        set_language("en")
        assert report_lines(report) == report.lines()
        set_language("nl")
        dutch = report_lines(report)
        assert len(dutch) == len(report.lines())
        assert "  overgeslagen: 1 × onbekend element <Gadget>" in dutch
        assert not any("not supported" in line for line in dutch)
    finally:
        set_language("nl")


@pytest.mark.asyncio
async def test_import_from_the_workbench_shows_its_report(
    project_path: Path, store: Project, foreign: Path
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(100, 35)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*str(foreign), "enter")
        await pilot.pause()
        app.screen.query_one(TextArea).text = ""  # no attributes for these documents
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ImportSummaryScreen)
        shown = str(app.screen.query_one("#import-summary").render())
        # what came in, as stored
        anna, rules = store.document("Interview Anna"), store.document("Regels")
        codings = store.codings(document_id=anna.id) + store.codings(document_id=rules.id)
        lines = shown.splitlines()
        assert lines[0] == "vreemd.qdpx geïmporteerd (gemaakt met Tool X 1.0):"
        assert "  documenten: 2 nieuw, 0 al in het project" in lines
        assert f"  coderingen: {len(codings)}" in lines
        assert "  codeurs: Anna B, Bert" in lines
        assert f"  memo's: {len(store.memos())}" in lines  # the project had none
        assert len(store.memos()) > 0
        # what was left out, and why, in Dutch
        for line in (
            "  overgeslagen: 1 × PDFSource (alleen tekstbronnen worden ondersteund)",
            "  overgeslagen: 1 × verzamelingen van bronnen of codes (niet ondersteund)",
            "  overgeslagen: 1 × onbekend element <Gadget>",
            "  overgeslagen: 1 × coderingen van een code die niet in het codeboek staat",
        ):
            assert line in lines, shown
        assert "skipped" not in shown and "not supported" not in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen)
        assert app.screen.query_one(DataTable).row_count == 4
