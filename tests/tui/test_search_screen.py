"""The search screen: typing goes to the search field, results show whole names and wrap."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from coder.store import Project
from coder.tui.screens.picker import PickerScreen
from coder.tui.screens.search import SearchScreen, column_widths
from tests.tui.conftest import add_document
from tests.tui.fakes import make_app
from tests.tui.pilot import settle

LONG_NAME = "Dialoogtafel Hoograven met ouders, jongeren en het buurtteam (tweede ronde)"


async def text_search(app, pilot, query: str) -> SearchScreen:  # type: ignore[no-untyped-def]
    await pilot.press("f5")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#search-mode", Select).value = "text"
    await pilot.press(*query, "enter")
    await settle(app, pilot)
    return screen


@pytest.mark.asyncio
async def test_a_search_term_typed_after_a_search_codes_nothing(
    project_path: Path, store: Project
) -> None:
    """The measured bug: after enter, "wachten" typed for the next search ran the result
    keys (a: select all, c: code) and coded every hit."""
    app = make_app(project_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = await text_search(app, pilot, "wacht")
        assert len(screen.hits) == 3
        query = screen.query_one("#search-query", Input)
        assert app.focused is query  # the focus stays in the search field
        await pilot.press("ctrl+u", *"wachten", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)  # no code picker opened
        assert query.value == "wachten"
        assert len(screen.hits) == 2  # the new search ran
        assert screen.selected == set()
        assert store.codings() == []
        assert store.history() == []


@pytest.mark.asyncio
async def test_letters_typed_in_the_results_go_to_the_search_field(
    project_path: Path, store: Project
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = await text_search(app, pilot, "wacht")
        await pilot.press("down")
        assert app.focused is screen.results
        await pilot.press("space")  # a key of the results: marks the hit
        assert screen.selected == {0}
        await pilot.press("ctrl+u")  # not a letter: the field is not cleared from here
        await pilot.press("w")  # not a key of the results: the start of a search term
        query = screen.query_one("#search-query", Input)
        assert app.focused is query
        assert query.value == "wachtw"
        await pilot.press(*"achten")
        assert query.value == "wachtwachten"
        assert not isinstance(app.screen, PickerScreen)
        assert store.codings() == []


@pytest.mark.asyncio
async def test_result_keys_are_off_while_typing(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        screen = await text_search(app, pilot, "wacht")
        shown = {
            b.binding.action
            for b in screen.active_bindings.values()
            if b.enabled and b.node is screen
        }
        assert "select_all" not in shown and "toggle_hit" not in shown
        await pilot.press("down")
        await pilot.pause()
        shown = {
            b.binding.action
            for b in screen.active_bindings.values()
            if b.enabled and b.node is screen
        }
        assert {"select_all", "toggle_hit"} <= shown


@pytest.mark.asyncio
async def test_results_show_whole_names_and_wrap(project_path: Path) -> None:
    with Project.open(project_path) as project:
        add_document(
            project,
            LONG_NAME,
            [("Ouder van een jongere uit de wijk", "Wij moesten eindeloos wachten. " * 5, None)],
            {},
        )
    app = make_app(project_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await text_search(app, pilot, "eindeloos wachten")
        table = screen.query_one(DataTable)
        assert len(screen.hits) == 5
        assert str(table.get_cell_at((0, 1))) == LONG_NAME  # the whole name, not cut
        assert str(table.get_cell_at((0, 2))) == "Ouder van een jongere uit de wijk"
        row = table.get_row_at(0)
        assert "Wij moesten" in str(row[3])  # the context before the hit, whole
        assert table.rows[table.coordinate_to_cell_key((0, 0)).row_key].height > 1
        _, _, fragment = screen._widths
        assert fragment >= 24


def test_column_widths_give_the_fragment_room_on_a_narrow_screen() -> None:
    document, speaker, fragment = column_widths(80, [LONG_NAME], ["Moeder"])
    assert fragment >= 24 and document >= 14
    assert 1 + document + speaker + fragment + 8 + 2 <= 80
    wide = column_widths(160, [LONG_NAME], ["Moeder"])
    assert wide[0] == 30 and wide[1] == 8
