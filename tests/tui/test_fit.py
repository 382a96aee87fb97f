"""Screens that fit: at 80×24 and at 120×35 and wider nothing that informs is hidden —
the transcript keeps room, counts stay beside code names, table headers are distinct,
the filter shows. Snapshots of the main screens at both sizes (regenerate with
--snapshot-update)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import DataTable, Select

from coder.store import Project
from coder.tui.model import column_labels
from coder.tui.screens.export import ExportScreen
from coder.tui.screens.overview import fitted, name_width
from tests.tui.conftest import DIALOOGTAFEL, add_document
from tests.tui.fakes import make_app
from tests.tui.pilot import settle
from tests.tui.test_hostile_text import screen_text

SIZES = [(80, 24), (120, 35)]
LONG_CODE = "Doorverwijzen en doorschuiven (telkens opnieuw je verhaal vertellen)"


@pytest.fixture
def study(project_path: Path) -> Path:
    """Three dialoogtafels (names alike at the start), a long code name, codings."""
    with Project.open(project_path) as project:
        for region in ("Zuilen", "Overvecht"):
            add_document(project, f"Dialoogtafel {region}", DIALOOGTAFEL, {"region": region})
        knelpunten = project.find_code("Knelpunten").id
        long_code = project.add_code(LONG_CODE, parent_id=knelpunten, colour="#B07AA1").id
        wacht = project.find_code("Communicatie tussen hulpverleners").id
        for document in project.documents():
            turns = project.segments(document.id)
            project.add_coding(document.id, turns[1].start, turns[1].end, wacht)
            project.add_coding(document.id, turns[2].start, turns[2].end, long_code)
        project.add_memo("segment", project.segments(1)[2].id, "Herkenbaar patroon.")
    return project_path


def test_column_labels_are_distinct_and_short() -> None:
    names = ["Dialoogtafel Hoograven", "Dialoogtafel Zuilen", "Dialoogtafel Overvecht"]
    assert column_labels(names, 12) == ["D. Hoograven", "D. Zuilen", "D. Overvecht"]
    assert column_labels(["Interview"], 12) == ["Interview"]  # short names stay whole
    alike = ["Focusgroep ouders Kanaleneiland wijkteam", "Focusgroep ouders Kanaleneiland school"]
    labels = column_labels(alike, 16)
    assert len(set(labels)) == 2 and all(len(label) <= 16 for label in labels)
    assert labels[0].endswith("wijkteam") and labels[1].endswith("school")
    same_ends = ["Gesprek met ouders A deel 1", "Gesprek over ouders A deel 1"]
    assert len(set(column_labels(same_ends, 10))) == 2


def test_attribute_headers_are_distinct() -> None:
    from coder.tui.screens.documents_layout import attribute_labels

    assert attribute_labels(["region", "setting", "wijk"]) == {
        "region": "Regio",
        "setting": "Setting",
        "wijk": "wijk",
    }
    # a key typed in Dutch beside the English one that translates to it
    assert attribute_labels(["region", "regio"]) == {"region": "region", "regio": "regio"}
    assert attribute_labels(["Regio", "region"]) == {"Regio": "Regio", "region": "region"}


def test_bar_names_are_as_wide_as_they_need() -> None:
    assert name_width([LONG_CODE], 160) == len(LONG_CODE)  # whole on a wide screen
    assert name_width([LONG_CODE], 80) == 36
    assert fitted(LONG_CODE, 36).endswith("…") and len(fitted(LONG_CODE, 36)) == 36
    assert fitted("Wachttijden", 20) == "Wachttijden".ljust(20)


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES)
async def test_screens_fit(study: Path, size: tuple[int, int]) -> None:
    app = make_app(study)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        # the transcript keeps more than half of an 80-column screen
        assert screen.transcript.size.width >= 50
        # every code in the tree shows its count, however narrow the panel
        tree_text = screen_text(app)
        assert "■ Knelpunten (8)" in tree_text
        assert "… 4" in tree_text  # the long name shortened, not its count
        # a filter gets a line of its own
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"doorverw", "enter")
        await settle(app, pilot)
        shown = screen_text(app)
        assert "(telkens opnieuw je verhaal vertellen)" in shown.replace("\n", " ") or (
            "Doorverwijzen" in shown and size[0] < 100
        )
        title = screen.query_one("#coding-title")
        assert title.size.height == 2
        await pilot.press("f")  # the filter off: one line again
        await pilot.pause()
        assert title.size.height == 1

        await pilot.press("f6")
        await settle(app, pilot)
        app.screen.query_one("#overview-tabs").active = "tab-matrix"
        await settle(app, pilot)
        table = app.screen.query_one("#matrix", DataTable)
        headers = [str(column.label) for column in table.ordered_columns][1:-1]
        assert headers == ["D. Hoograven", "D. Overvecht", "D. Zuilen", "Interview Overvecht"]
        assert len(set(headers)) == len(headers)
        # a long code name wraps in its column instead of being cut
        row = next(
            i for i in range(table.row_count) if "Doorverwijzen" in str(table.get_cell_at((i, 0)))
        )
        assert str(table.get_cell_at((row, 0))).strip() == LONG_CODE
        app.screen.query_one("#overview-tabs").active = "tab-frequencies"
        await settle(app, pilot)
        bars = str(app.screen.query_one("#frequency-bars").render())
        assert "Communicatie tussen hulpverleners " in bars  # not cut at 32 characters


@pytest.mark.asyncio
@pytest.mark.parametrize("size", SIZES)
async def test_codebook_quotes_are_whole(study: Path, size: tuple[int, int]) -> None:
    """Every quote of a code reads in full beside the tree, wrapped, with its place."""
    app = make_app(study)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        with Project.open(study) as project:
            long_code = project.find_code(LONG_CODE).id
        app.screen.code_tree.select_code(long_code)
        await settle(app, pilot)
        quotes = app.screen.query_one("#quotes-list")
        assert quotes.option_count == 4  # three dialoogtafels and the interview
        right = [line.partition("▕")[2] for line in screen_text(app).splitlines()]
        shown = " ".join(re.sub("[\u2580-\u259f]", " ", " ".join(right)).split())  # no bars
        assert f"Dialoogtafel Hoograven · Jongere {DIALOOGTAFEL[2][1]}" in shown, shown


def shot(*steps):  # type: ignore[no-untyped-def]
    """Keys (strings) and callables (given the app) in order, waiting for work after each."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot.app, pilot)
        for step in steps:
            if callable(step):
                step(pilot.app)
            else:
                await pilot.press(*step.split(","))
            await settle(pilot.app, pilot)

    return run_before


def text_search(app) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#search-mode", Select).value = "text"


def matrix_tab(app) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#overview-tabs").active = "tab-matrix"


def export_dialog(app) -> None:  # type: ignore[no-untyped-def]
    app.push_screen(ExportScreen(Path("/tmp/studie"), "studie"))


SCREENS = {
    "coding": shot("enter", "down,down,shift+down"),
    "codebook": shot("f4", "down,down"),
    "overview": shot("f6", matrix_tab),
    "search": shot("f5", text_search, "w,a,c,h,t,enter"),
    "export": shot(export_dialog),
}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x35"])
@pytest.mark.parametrize("name", list(SCREENS))
def test_snapshot(snap_compare, study: Path, name: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(study), terminal_size=size, run_before=SCREENS[name])
