"""Managing documents in the workbench, and reading coded material back: what the
project stored after key presses, and what the screens show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.documents import DocumentsScreen
from coder.tui.screens.memos import MemosScreen
from coder.tui.screens.passages import PassagesScreen
from tests.tui.coded_project import code_and_annotate
from tests.tui.fakes import make_app
from tests.tui.pilot import palette, settle

pytestmark = pytest.mark.asyncio
SIZE = (120, 35)


def headers(table: DataTable) -> list[str]:
    return [str(column.label) for column in table.columns.values()]


async def replace_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    area = pilot.app.screen.query_one(TextArea)
    area.text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


@pytest.fixture
def coded(project_path: Path) -> Path:
    return code_and_annotate(project_path)


async def test_attribute_columns_rename_attributes_delete_and_undo(coded: Path, store) -> None:
    app = make_app(coded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        table = screen.query_one(DataTable)
        # the project's own keys are columns, after name, turns and progress
        assert headers(table) == [
            "Document",
            "Beurten",
            "Gecodeerd",
            "Regio",
            "Setting",
            "Datum",
            "gespreksleider",
            "wijk",
        ]
        await pilot.press("slash", *"wijk=lunetten", "enter")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("escape")

        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "Dialoogtafel Lunetten"
        await pilot.press("enter")
        await pilot.pause()
        document = store.document("Dialoogtafel Lunetten")

        await pilot.press("a")
        await pilot.pause()
        assert "wijk=Lunetten" in app.screen.query_one(TextArea).text
        await replace_text(pilot, "region=Lunetten\nsetting=dialoogtafel\nthema=wachten")
        assert store.document(document.id).attributes == {
            "region": "Lunetten",
            "setting": "dialoogtafel",
            "thema": "wachten",
        }
        assert "thema" in headers(table) and "wijk" not in headers(table)

        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [d.name for d in store.documents()] == ["Interview Overvecht"]
        assert store.codings() == [] and store.memos() == []
        assert table.row_count == 1

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(store.codings()) == 3 and len(store.memos()) == 1
        assert store.document(document.id).attributes["thema"] == "wachten"
        assert table.row_count == 2


async def choose_file(pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Documents screen: i, then the file's path typed into the import dialog."""
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    await pilot.press(*str(path), "enter")
    await pilot.pause()


async def test_import_asks_for_attributes(project_path: Path, store, tmp_path: Path) -> None:
    transcript = tmp_path / "nieuw.txt"
    transcript.write_text("Moeder: Het duurde lang.\n\nJongere: Ja.\n", encoding="utf-8")
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await choose_file(pilot, transcript)
        offered = app.screen.query_one(TextArea).text
        assert "region=" in offered and "setting=" in offered  # the project's keys
        await replace_text(pilot, "region=Zuilen\nsetting=\nregio=Zuilen-Oost")
        await settle(app, pilot)
        assert store.document("nieuw").attributes == {"region": "Zuilen", "regio": "Zuilen-Oost"}


async def test_a_name_taken_says_how_to_rename_here(
    project_path: Path, store, tmp_path: Path
) -> None:
    transcript = tmp_path / "Dialoogtafel Hoograven.txt"
    transcript.write_text("Moeder: Het duurde lang.\n\nJongere: Ja.\n", encoding="utf-8")
    before = len(store.documents())
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await choose_file(pilot, transcript)
        await pilot.press("ctrl+s")  # no attributes
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        failed = [m for m in messages if "already exists" in m]
        assert failed and "(r in Documenten)" in failed[0], messages
        assert "--name" not in " ".join(messages)  # the workbench speaks of its own keys
    assert len(store.documents()) == before


async def test_correct_a_turn_from_the_coding_screen(coded: Path, store) -> None:
    app = make_app(coded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("down")  # turn 2: "We moesten maanden wachten op hulp, …"
        await pilot.press("ctrl+e")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("We moesten maanden wachten")
        await replace_text(pilot, area.text.replace("We moesten maanden", "Wij moesten weken"))
        document = store.document("Dialoogtafel Hoograven")
        text = store.text(document.id)
        turn = store.segments(document.id)[1]
        assert text[turn.start : turn.end].startswith("Wij moesten weken wachten op hulp")
        whole = store.codings(code_ids=[store.find_code("Wachttijden").id])[0]
        assert (whole.start, whole.end) == (turn.start, turn.end)
        assert store.history()[0].description == "edit turn text"
        assert app.screen.rows[1].text.startswith("Wij moesten weken wachten")  # redrawn


async def test_passages_of_a_code_and_together_then_jump(coded: Path) -> None:
    app = make_app(coded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f10")  # F9 is the review screen
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PassagesScreen)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"wachttijden", "enter")
        await pilot.pause()
        assert len(screen.passages) == 1
        shown = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "We moesten maanden wachten op hulp, het duurde echt veel te lang." in shown
        assert (
            "Maanden wachten: typerend voor de wijk." in shown
            and "Moeder" in shown
            and "00:12" in shown
        )
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press(*"vaste", "enter")
        await pilot.pause()
        assert [p.text for p in screen.passages] == ["We moesten maanden w"]
        await pilot.press("e")  # export what is shown, through the export registry
        await pilot.pause()
        assert str(app.screen.query_one("#export-format", Select).value) == "passages"
        target = coded.parent / "samen.md"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "> We moesten maanden w" in target.read_text(encoding="utf-8")
        assert isinstance(app.screen, PassagesScreen)
        await pilot.press("minus")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.transcript.current.index == 1


async def test_memo_list_search_and_jump(coded: Path) -> None:
    app = make_app(coded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(app, pilot, "memo's")
        assert isinstance(app.screen, MemosScreen)
        screen = app.screen
        assert len(screen.entries) == 2
        await pilot.press("slash", *"doorverwijzen", "enter")
        await pilot.pause()
        assert [e.text for e in screen.entries] == ["Herkenbaar patroon van doorverwijzen."]
        assert "beurt 3 (Jongere)" in str(
            screen.query_one(OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.transcript.current.index == 2


async def test_codebook_opens_the_passages_of_its_code(coded: Path) -> None:
    app = make_app(coded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        app.screen.code_tree.select_code(app.project.find_code("Werkzame factoren").id)
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PassagesScreen)
        assert len(app.screen.passages) == 2  # with its subcode's


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_documents_screen_keeps_turns_and_progress_in_view(coded: Path, size) -> None:
    app = make_app(coded)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        right_edge = 0
        for key, column in table.columns.items():
            right_edge += column.get_render_width(table)
            if key.value == "progress":
                break
        assert right_edge <= table.scrollable_content_region.width


def visible_text(app) -> str:  # type: ignore[no-untyped-def]
    from tests.tui.test_hostile_text import screen_text

    return " ".join(screen_text(app).split())


async def test_every_attribute_key_in_view_at_80_columns(coded: Path) -> None:
    """Where a column per key does not fit, one column lists every key and its value;
    where they fit, each key has its own, distinct header. Resizing switches."""
    app = make_app(coded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert headers(table) == ["Document", "Beurten", "Gecodeerd", "Kenmerken"]
        right_edge = sum(column.get_render_width(table) for column in table.columns.values())
        assert right_edge <= table.scrollable_content_region.width  # nothing off to the right
        shown = visible_text(app)
        for pair in (
            "Regio: Hoograven",
            "Datum: 2025-03-12",
            "gespreksleider: Anna",
            "wijk: Lunetten",
            "Regio: Overvecht",
            "Setting: interview",
            "Setting: dialoogtafel",  # wrapped onto the next line in its column
        ):
            assert pair in shown, pair

        await pilot.resize_terminal(120, 35)
        await pilot.pause()
        names = headers(table)
        assert names[3:] == ["Regio", "Setting", "Datum", "gespreksleider", "wijk"]
        assert len(set(names)) == len(names)
        assert "Lunetten" in visible_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert headers(table)[3:] == ["Kenmerken"]
