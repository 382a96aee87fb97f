"""The pseudonymisation screen (issue #17): the review of a document runs with the real
pipeline in a worker; decisions made with keys are stored in the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from coder.deid.detect import ORGANISATION, PERSON
from coder.store import Project
from coder.store.deid import ADD, KEEP, DeidDecision
from coder.tui.app import CodeertafelApp
from coder.tui.reviewing import ACCEPTED, ADDED, DROPPED, OPEN
from coder.tui.screens.deid import DeidScreen
from coder.tui.screens.deid_dialogs import AddNameScreen, WriteCopyScreen
from coder.tui.widgets.findings_view import DROPPED_STYLE, KIND_STYLES, MARKED_STYLE
from tests.tui.conftest import add_document
from tests.tui.fakes import make_app
from tests.tui.pilot import SIZE, palette, settle

pytestmark = pytest.mark.asyncio
DOCUMENT = "Gesprek Samira"
TURNS = [
    ("Gespreksleider", "Hoe ging het toen met Samira?", None),
    ("Moeder", "Samira zat thuis, en toen belde ik Veilig Thuis in Lombok.", None),
    ("Mentor", "Ik zag samira's moeder pas in januari 2023, ze was toen veertien.", None),
    ("Moeder", "Toen kwam juf ellen langs, van de Regenboogschool.", None),
    ("Samira", "Meneer Bakker belde me op 06-12345678.", None),
]
IDENTIFYING = ("Samira", "samira", "Bakker", "Lombok", "06-12345678")  # none in a copy


@pytest.fixture
def names_project(project_path: Path) -> Path:
    """The test project with a document full of names (the others have hardly any)."""
    with Project.open(project_path) as project:
        add_document(project, DOCUMENT, TURNS, {"setting": "interview"})
    return project_path


async def open_review(app: CodeertafelApp, pilot) -> DeidScreen:  # type: ignore[no-untyped-def]
    """F8, wait for the review, and show the document with the names."""
    await pilot.pause()
    await pilot.press("f8")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, DeidScreen)
    documents = screen.documents_table
    names = [str(documents.get_row_at(row)[0]) for row in range(documents.row_count)]
    documents.move_cursor(row=names.index(DOCUMENT))
    await pilot.pause()
    screen.findings_table.focus()
    await pilot.pause()
    return screen


def shown(screen: DeidScreen) -> dict[str, tuple[str, int, str]]:
    """The findings list as shown: text → (kind, count, status)."""
    return {row.text: (row.kind, row.count, row.status(screen.accepted)) for row in screen.rows}


async def go_to(screen: DeidScreen, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    position = [row.text for row in screen.rows].index(text)
    screen.findings_table.move_cursor(row=position)
    await pilot.pause()
    assert screen.row is not None and screen.row.text == text


def decisions(path: Path) -> list[DeidDecision]:
    with Project.open(path) as project:
        return project.deid_decisions()


async def test_the_findings_of_a_document_are_listed_and_marked_by_kind(
    names_project: Path,
) -> None:
    app = make_app(names_project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        assert screen.document_id == app.project.document(DOCUMENT).id
        found = shown(screen)
        assert found["Samira"] == (PERSON, 3, OPEN)  # "Samira", "Samira", "samira's": one name
        assert found["Veilig Thuis"] == (ORGANISATION, 1, OPEN)
        assert {"Lombok", "januari 2023", "veertien", "Bakker", "06-12345678"} <= set(found)
        assert "ellen" not in found  # missed by the detector: added in another test
        table = screen.findings_table
        assert table.row_count == len(screen.rows)
        assert "Samira" in str(table.get_row_at(0)) and "persoon" in str(table.get_row_at(0))
        # the documents list counts per kind
        documents = screen.documents_table
        row = documents.get_row_at(documents.cursor_row)
        assert str(row[2]) == "PER 4 LOC 1 ORG 2 DATE 1 AGE 1 CONTACT 1"
        # the transcript marks each finding in the style of its kind
        view = screen.view
        body = view.turn_body(view.rows[1])
        styles = {(s.start, s.end): s.style for s in body.spans}
        text = view.rows[1].text
        start = text.index("Veilig Thuis")
        assert styles[(start, start + len("Veilig Thuis"))] == KIND_STYLES[ORGANISATION]
        assert styles[(0, len("Samira"))] == KIND_STYLES[PERSON]
        # the finding under the cursor is marked; enter steps to its next occurrence
        assert view.marked is not None and view.marked.turn == 0
        assert MARKED_STYLE in [s.style for s in view.turn_body(view.rows[0]).spans]
        await pilot.press("enter")
        assert view.marked.turn == 1 and view.current.index == 1
        await pilot.press("enter", "enter")
        assert view.marked.turn == 0  # round again
        # the speaker label that is a name is marked too
        label = view.turn_speaker(view.rows[4], view.rich_style)
        assert [span.style for span in label.spans] == [KIND_STYLES[PERSON]]


async def test_drop_a_finding_and_undo_it(names_project: Path) -> None:
    app = make_app(names_project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await go_to(screen, pilot, "Veilig Thuis")
        after = screen.rows[screen.findings_table.cursor_row + 1].text
        await pilot.press("d")
        await settle(app, pilot)
        assert decisions(names_project) == [DeidDecision("Veilig Thuis", "", KEEP)]
        assert shown(screen)["Veilig Thuis"] == ("", 1, DROPPED)  # listed, to be undone
        assert screen.row is not None and screen.row.text == after  # on to the next
        assert [row.text for row in screen.rows].count("Veilig Thuis") == 1  # not found
        view = screen.view
        struck = [s for s in view.turn_body(view.rows[1]).spans if s.style == DROPPED_STYLE]
        assert [view.rows[1].text[s.start : s.end] for s in struck] == ["Veilig Thuis"]
        # undo: the name is identifying again, and found again
        await go_to(screen, pilot, "Veilig Thuis")
        await pilot.press("u")
        await settle(app, pilot)
        assert decisions(names_project) == []
        assert shown(screen)["Veilig Thuis"] == (ORGANISATION, 1, OPEN)
        assert screen.row is not None and screen.row.text == "Veilig Thuis"


async def test_accept_marks_a_finding_as_seen_without_storing(names_project: Path) -> None:
    app = make_app(names_project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        first, second = screen.rows[0].text, screen.rows[1].text
        await pilot.press("a")
        await pilot.pause()
        assert shown(screen)[first][2] == ACCEPTED
        assert "✓" in str(screen.findings_table.get_row_at(0)[3])
        assert screen.row is not None and screen.row.text == second
        assert decisions(names_project) == []  # identifying is the default
        await pilot.press("up", "u")
        await pilot.pause()
        assert shown(screen)[first][2] == OPEN


async def test_add_a_missed_name_through_the_dialog(names_project: Path) -> None:
    app = make_app(names_project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddNameScreen)
        assert dialog.query_one(Select).value == PERSON  # a person unless chosen otherwise
        await pilot.press(*"ellen", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert decisions(names_project) == [DeidDecision("ellen", PERSON, ADD)]
        assert shown(screen)["ellen"] == (PERSON, 1, ADDED)
        assert screen.row is not None and screen.row.text == "ellen"  # the cursor on it
        # with another kind
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Select).value = ORGANISATION
        app.screen.query_one(Input).value = "Gespreksleider"
        await pilot.press("enter")
        await settle(app, pilot)
        assert DeidDecision("Gespreksleider", ORGANISATION, ADD) in decisions(names_project)
        # undo the first addition: not found any more
        await go_to(screen, pilot, "ellen")
        await pilot.press("u")
        await settle(app, pilot)
        assert decisions(names_project) == [DeidDecision("Gespreksleider", ORGANISATION, ADD)]
        assert "ellen" not in shown(screen)
        # escape leaves the dialog without storing anything
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Bram", "escape")
        await settle(app, pilot)
        assert len(decisions(names_project)) == 1


async def test_the_screen_from_the_palette_in_english(names_project: Path) -> None:
    app = make_app(names_project, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(app, pilot, "pseudonymise")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DeidScreen)
        assert str(screen.query_one(".screen-title").render()) == "Pseudonymise"
        table = screen.query_one("#deid-findings", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Text", "Kind", "×", "Decision"]


async def test_write_the_pseudonymised_copy_and_its_key(
    names_project: Path, tmp_path: Path
) -> None:
    output, key = tmp_path / "anoniem.ctdb", tmp_path / "sleutel.csv"
    app = make_app(names_project)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await go_to(screen, pilot, "Veilig Thuis")
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WriteCopyScreen)
        assert dialog.query_one("#copy-output", Input).value.endswith("studie-pseudoniem.ctdb")
        dialog.query_one("#copy-output", Input).value = str(output)
        dialog.query_one("#copy-key", Input).value = str(key)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
    raw = output.read_bytes()
    for name in IDENTIFYING:
        assert name.encode() not in raw, name
    with Project.open(output) as copy:
        text = copy.text(copy.document("Gesprek [PERSOON-1]").id)
        assert "[PERSOON-1] zat thuis, en toen belde ik Veilig Thuis in [PLAATS-1]." in text
    rows = key.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "original,kind,pseudonym" and "Samira,PER,[PERSOON-1]" in rows
    with Project.open(names_project) as project:  # the original is unchanged
        assert "Samira" in project.text(project.document(DOCUMENT).id)


async def test_export_pseudonymised_from_the_export_dialog(
    names_project: Path, tmp_path: Path
) -> None:
    from textual.widgets import Checkbox, Label

    from coder.tui.screens.export import ExportScreen

    output, key = tmp_path / "archief", tmp_path / "sleutel.csv"
    app = make_app(names_project)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(app, pilot, "exporteren")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        assert not dialog.query_one("#export-key-row").display  # asked for when it counts
        dialog.query_one("#export-format", Select).value = "transcripts"
        dialog.query_one("#export-path", Input).value = str(output)
        dialog.query_one("#export-pseudonymise", Checkbox).value = True
        await pilot.pause()
        assert dialog.query_one("#export-key-row").display
        assert dialog.query_one("#export-key", Input).value.endswith("studie-sleutel.csv")
        # the key cannot be the export itself, nor left out
        for typed, message in ((str(output), "verschillende bestanden"), ("", "sleutelbestand")):
            dialog.query_one("#export-key", Input).value = typed
            dialog.query_one("#export-path", Input).focus()
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.screen is dialog
            assert message in str(dialog.query_one("#export-error", Label).render())
        assert not output.exists() and not key.exists()
        dialog.query_one("#export-key", Input).value = str(key)
        dialog.query_one("#export-key", Input).focus()
        await pilot.press("enter")  # from the key's field as from the path's
        await settle(app, pilot)
        assert not isinstance(app.screen, ExportScreen)
        assert any(f"Sleutel in {key}" in n.message for n in app._notifications)
    files = sorted(output.iterdir())
    assert not any("Samira" in f.name for f in files)
    written = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert "[PERSOON-1] zat thuis" in written
    for name in IDENTIFYING:
        assert name not in written, name
    assert "Samira,PER,[PERSOON-1]" in key.read_text(encoding="utf-8-sig").splitlines()
    with Project.open(names_project) as project:  # the project itself is unchanged
        assert "Samira" in project.text(project.document(DOCUMENT).id)
