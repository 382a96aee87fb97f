"""One language at a time: the Dutch interface shows no English and no command-line
options, the English one no Dutch; exports and their errors speak the interface's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from coder.errors import OutputError
from coder.export.formats import FORMATS, SUMMARIES, Written
from coder.store import Project
from coder.tui.i18n import set_language
from coder.tui.screens.export import ExportScreen, output_error_text, written_text
from tests.tui.fakes import make_app
from tests.tui.pilot import settle
from tests.tui.test_hostile_text import screen_text

TUI = Path(__file__).parents[2] / "coder" / "tui"
CLI_OPTION = re.compile(r"(?<![\w-])--[a-z]")
# English words of the interface that a Dutch screen must not show (project data is Dutch)
ENGLISH = re.compile(
    r"\b(Search|Wrote|codings|Dismiss|Maximize|Theme|Export|Cancel|Apply|Remove|Select|"
    r"selected|hits|turns|Speaker|Total|Frequencies|Progress|Help|Keys|Marks|Quit|Commands|"
    r"Codebook|Coding|Overview|Documents|Undo|Redo|Filter by)\b"
)
# Dutch words of the interface that an English screen must not show
DUTCH = re.compile(
    r"\b(Zoeken|Opdrachten|Afsluiten|beurten|Coderen|Sneltoetsen|Overzicht|Codeboek|"
    r"Geen|toepassen|Annuleren|Exporteren|Documenten|Treffer)\b"
)


def catalogues() -> dict[str, dict[str, str]]:
    return {
        lang: json.loads((TUI / "locale" / f"{lang}.json").read_text(encoding="utf-8"))
        for lang in ("nl", "en")
    }


def test_formats_summaries_and_errors_are_in_both_catalogues() -> None:
    for lang, messages in catalogues().items():
        for name in FORMATS:
            line = messages[f"export.format.{name}"]
            assert not CLI_OPTION.search(line), (lang, name, line)
        for kind in SUMMARIES:
            assert f"export.wrote.{kind}" in messages, (lang, kind)
        for reason in OutputError.MESSAGES:
            assert f"export.error.{reason}" in messages, (lang, reason)
        for key, text in messages.items():
            assert not CLI_OPTION.search(text), (lang, key, text)


def test_written_and_errors_in_the_interface_language(tmp_path: Path) -> None:
    target = tmp_path / "uit.csv"
    written = Written(
        "qdpx", {"path": target, "documents": 2, "codes": 5, "codings": 7, "memos": 1}
    )
    assert str(written).startswith("Wrote 2 documents, 5 codes, 7 codings and 1 memos")
    error = OutputError(target, "exists")
    assert "--force" in str(error)  # the command line's words
    try:
        set_language("nl")
        assert written_text(written).startswith("2 documenten, 5 codes, 7 coderingen")
        assert output_error_text(error) == (
            f"{target} bestaat al: vink ‘Bestaand bestand overschrijven’ aan om het te vervangen"
        )
        suffix = OutputError(target, "suffix", what="tables are", allowed="x", suffixes=".md, .tex")
        assert output_error_text(suffix).endswith("dit formaat wordt geschreven als .md, .tex")
        set_language("en")
        assert written_text(written).startswith("Wrote 2 documents")
        assert "tick ‘Overwrite an existing file’" in output_error_text(error)
    finally:
        set_language("nl")


def coded(project_path: Path) -> Path:
    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turns = project.segments(document.id)
        wacht = project.find_code("Wachttijden").id
        project.add_coding(document.id, turns[1].start, turns[1].end, wacht)
        project.add_coding(document.id, turns[3].start, turns[3].start + 12, wacht)
        project.add_coding(
            document.id, turns[2].start, turns[2].end, wacht, source="model", confidence=0.7
        )
        project.add_memo("segment", turns[2].id, "Herkenbaar.")
    return project_path


async def screens_shown(app, pilot) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The text of the main screens, the help, a search and the export dialog."""
    shown = {}
    await settle(app, pilot)
    shown["documents"] = screen_text(app)
    await pilot.press("enter")
    await settle(app, pilot)
    shown["coding"] = screen_text(app)
    await pilot.press("f1")
    await pilot.pause()
    shown["help"] = screen_text(app)
    await pilot.press("escape", "f4")
    await settle(app, pilot)
    shown["codebook"] = screen_text(app)
    await pilot.press("f5")
    await pilot.pause()
    app.screen.query_one("#search-mode", Select).value = "text"
    await pilot.press(*"wacht", "enter")
    await settle(app, pilot)
    shown["search"] = screen_text(app)
    await pilot.press("f6")
    await settle(app, pilot)
    for tab in ("tab-frequencies", "tab-matrix", "tab-progress"):
        app.screen.query_one("#overview-tabs").active = tab
        await settle(app, pilot)
        shown[f"overview {tab}"] = screen_text(app)
    app.push_screen(ExportScreen(Path("/nergens"), "studie"))
    await pilot.pause()
    shown["export"] = screen_text(app) + "\n".join(app.screen.formats.values())
    app.screen.query_one(Input).value = "/nergens/map/uit.csv"
    await pilot.press("enter")
    await settle(app, pilot)
    shown["export error"] = screen_text(app)
    shown["notifications"] = "\n".join(n.message for n in app._notifications)
    return shown


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("lang", "error", "other_language"),
    [
        ("nl", "De map /nergens/map bestaat niet", ENGLISH),
        ("en", "The folder /nergens/map does not exist", DUTCH),
    ],
)
async def test_one_language_at_a_time(
    project_path: Path, lang: str, error: str, other_language: re.Pattern[str]
) -> None:
    app = make_app(coded(project_path), lang=lang)
    async with app.run_test(size=(120, 35)) as pilot:
        shown = await screens_shown(app, pilot)
    assert error in shown["export error"]
    for name, text in shown.items():
        assert not CLI_OPTION.search(text), (name, CLI_OPTION.search(text), text)
        found = other_language.search(text)
        assert not found, (name, found, text)
