"""Export from the palette, and the agreement of two coders."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, Label, Select

from coder.store import Project
from coder.tui.screens.agreement import AgreementScreen
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.export import ExportScreen, default_suffix
from tests.tui.fakes import make_app
from tests.tui.pilot import SIZE, palette, settle


def test_default_suffix_comes_from_the_registry() -> None:
    assert default_suffix("csv") == ".csv"
    assert default_suffix("quotes") == ".md"
    assert default_suffix("qdpx") == ".qdpx"
    assert default_suffix("transcripts") == ""  # a folder


@pytest.mark.asyncio
async def test_export_csv_from_the_palette(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turn = project.segments(document.id)[1]
        project.add_coding(document.id, turn.start, turn.end, project.find_code("Wachttijden").id)
    output = tmp_path / "uit" / "coderingen.csv"
    output.parent.mkdir()
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(app, pilot, "exporteren")
        assert isinstance(app.screen, ExportScreen)
        dialog = app.screen
        assert dialog.query_one(Select).value == "csv"
        # what needs a view's input (the codes of passages, two coders) is offered there
        assert "qdpx" in dialog.formats
        assert "passages" not in dialog.formats and "agreement" not in dialog.formats
        assert dialog.query_one(Input).value.endswith(".csv")
        dialog.query_one(Input).value = str(output)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert "Wachttijden" in output.read_text(encoding="utf-8-sig")
        # the summary in the interface's language
        assert any(n.message.startswith("1 coderingen geschreven") for n in app._notifications)
        assert not any("Wrote" in n.message for n in app._notifications)
        # again: the file exists, so without "overwrite" it is an error shown in the dialog
        app.push_screen(ExportScreen(tmp_path, "studie"))
        await pilot.pause()
        dialog = app.screen
        dialog.query_one(Input).value = str(output)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        error = dialog.query_one("#export-error", Label)
        assert error.display and str(output.name) in str(error.render())
        # the dialog names its own checkbox, not the command line's --force
        assert "Bestaand bestand overschrijven" in str(error.render())
        assert "--force" not in str(error.render())
        assert not any("--" in n.message for n in app._notifications)
        dialog.query_one(Checkbox).value = True
        dialog.query_one(Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)


@pytest.mark.asyncio
async def test_agreement_of_two_coders(project_path: Path) -> None:
    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turns = project.segments(document.id)
        wacht = project.find_code("Wachttijden").id
        vast = project.find_code("Vaste contactpersoon").id
        for index in (1, 2):
            project.add_coding(
                document.id, turns[index].start, turns[index].end, wacht, coder="tester"
            )
        project.add_coding(document.id, turns[1].start, turns[1].end, wacht, coder="anna")
        project.add_coding(document.id, turns[3].start, turns[3].end, vast, coder="anna")
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(app, pilot, "overeenstemming")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        assert screen.query_one("#coder-a", Select).value == "tester"
        assert screen.query_one("#coder-b", Select).value == "anna"
        table = screen.query_one("#agreement-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[0] for row in rows] == [
            "Knelpunten/Wachttijden",
            "Werkzame factoren/Vaste contactpersoon",
            "Totaal",
        ]
        assert rows[0][1:5] == ["5", "2", "1", "80.0%"]
        assert rows[1][5:] == ["0.00", "0.00"]  # chance-level: one coder never used it
        differences = screen.query_one("#disagreements-table", DataTable)
        assert differences.row_count == 2
        differences.focus()
        await pilot.press("down", "enter")  # turn 4: only anna coded Vaste contactpersoon
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.transcript.current.index == 3


@pytest.mark.asyncio
async def test_agreement_with_undefined_measures(project_path: Path) -> None:
    with Project.open(project_path) as project:
        document = project.document("Interview Overvecht")
        wacht = project.find_code("Wachttijden").id
        for coder in ("tester", "anna"):
            for turn in project.segments(document.id):
                project.add_coding(document.id, turn.start, turn.end, wacht, coder=coder)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(AgreementScreen())
        await pilot.pause()
        table = app.screen.query_one("#agreement-table", DataTable)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[4:] == ["100.0%", "n.v.t.", "n.v.t."]


@pytest.mark.asyncio
async def test_export_the_agreement_of_the_two_coders_shown(
    project_path: Path, tmp_path: Path
) -> None:
    """``e`` on the agreement screen: the registry's agreement format, for the coders shown."""
    import csv

    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turns = project.segments(document.id)
        wacht = project.find_code("Wachttijden").id
        for coder, index in (("tester", 1), ("tester", 2), ("anna", 1)):
            project.add_coding(
                document.id, turns[index].start, turns[index].end, wacht, coder=coder
            )
    output = tmp_path / "overeenstemming.csv"
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(AgreementScreen())
        await pilot.pause()
        app.screen.query_one("#agreement-table", DataTable).focus()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert dialog.query_one(Select).value == "agreement"
        assert "passages" not in dialog.formats
        assert dialog.query_one(Input).value.endswith("-tester-anna-agreement.csv")
        dialog.query_one(Input).value = str(output)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AgreementScreen)
        assert any(
            n.message.startswith("De overeenstemmingstabel van 1 codes") for n in app._notifications
        )
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    assert [(r["code"], r["coded_by_a"], r["coded_by_b"]) for r in rows] == [
        ("Knelpunten/Wachttijden", "2", "1"),
        ("overall", "2", "1"),
    ]
