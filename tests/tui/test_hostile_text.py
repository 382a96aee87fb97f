"""Issue #13: text from transcripts and projects is shown as text on every screen.

Bracketed transcriber notes ("[lacht]"), a closing tag ("[/]") and an action link
("[@click=app.quit]hier[/]") in code names, document names, speakers, turns, attribute
values, memos and quotes must show literally, not vanish, not become clickable and not
crash the app. A crash report must not print local variables (they hold transcript text).
"""

from __future__ import annotations

import io
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, Label, Select
from textual.widgets._toast import Toast

from coder.store import Project
from coder.tui.app import CodeertafelApp
from coder.tui.screens.agreement import AgreementScreen
from coder.tui.screens.codebook import CodebookScreen
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.documents import DocumentsScreen
from coder.tui.screens.overview import OverviewScreen
from coder.tui.screens.search import SearchScreen
from coder.tui.widgets.codebook_tree import CodebookTree
from tests.hostile import (
    ESCAPE_CODE,
    LAUGH_CODE,
    MARKUP_CODE,
    MARKUP_DOCUMENT,
    TURNS,
    make_hostile_project,
)
from tests.tui.fakes import fixed_clusters, make_app
from tests.tui.pilot import palette, settle

pytestmark = pytest.mark.asyncio
WIDE = (220, 60)
MARKUP_TURN = TURNS[0][1]
SECOND_CODER = "[/]ander [lacht]"


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_hostile_project(tmp_path_factory.mktemp("hostile-tui") / "vijandig.ctdb")
    with Project.open(path, coder=SECOND_CODER) as project:
        # for the fixed suggester; as subcodes, so both hostile codes are cluster targets
        project.add_code("Wachttijden", parent_id=project.find_code(LAUGH_CODE).id)
        project.add_code("Vaste contactpersoon", parent_id=project.find_code(MARKUP_CODE).id)
        document = project.document(MARKUP_DOCUMENT)
        turn = project.segments(document.id)[0]
        project.add_coding(document.id, turn.start, turn.end, project.find_code(LAUGH_CODE).id)
    with sqlite3.connect(path) as connection:  # a colour that is a style, not a colour
        connection.execute("UPDATE codes SET colour = 'link https://example.invalid'")
    connection.close()
    return path


@pytest.fixture
def hostile_path(hostile_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "vijandig.ctdb"
    path.write_bytes(hostile_template.read_bytes())
    return path


def screen_text(app: CodeertafelApp) -> str:
    """What the terminal shows now, as plain text."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, force_terminal=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


def assert_shown(app: CodeertafelApp, *texts: str) -> str:
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} is not on the {type(app.screen).__name__}:\n{shown}"
    return shown


TERMINAL_COMMANDS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_no_actions(app: CodeertafelApp) -> None:
    """No rendered segment carries a click action or a link from user text, nor a
    control character or bidi override the terminal would obey."""
    screen = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(file=io.StringIO(), width=app.size[0], force_terminal=True)
    for segment in console.render(screen):
        if segment.control:
            continue  # Textual's own cursor movements
        assert not TERMINAL_COMMANDS.search(segment.text), repr(segment.text)
        style = segment.style
        if style is None:
            continue
        assert "example.invalid" not in (style.link or "")
        assert "app.quit" not in str(style.meta.get("@click", "")), segment


def hostile_clusters(project: Project, **options):  # type: ignore[no-untyped-def]
    """The fixed clusters, with labels made of transcript words in brackets."""
    result = fixed_clusters(project, **options)
    for cluster in result.clusters:
        cluster.label = f"[/]{cluster.id} [lacht] · [@click=app.quit]q[/]"
    return result


async def test_every_screen_shows_user_text_literally(hostile_path: Path) -> None:
    # the palette names the second coder
    app = make_app(hostile_path, lang="en", coder=SECOND_CODER, clusterer=hostile_clusters)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentsScreen)
        assert_shown(app, MARKUP_DOCUMENT, "[/]", "=1+1", "Gesprek␛[2J␛]0;gekaapt␇␛[31m")
        assert_no_actions(app)

        await pilot.press("enter")  # the first document: "[/]Gesprek [lacht]"
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        assert_shown(app, MARKUP_DOCUMENT, "[lacht] ja [/] [@click=app.quit]hier[/]")
        assert_shown(app, "[stilte 5 sec]")
        assert_shown(app, "[onverstaanbaar]", MARKUP_CODE, LAUGH_CODE)
        assert_no_actions(app)
        # a notification quoting a code name
        app.screen.notify(f"Code '{MARKUP_CODE}' [lacht]")
        await pilot.pause()
        toasts = [str(Toast(notification).render()) for notification in app._notifications]
        assert f"Code '{MARKUP_CODE}' [lacht]" in toasts

        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        tree = screen.query_one(CodebookTree)
        tree.focus()
        tree.move_cursor(tree.nodes_by_code[app.project.find_code(LAUGH_CODE).id])
        await settle(app, pilot)
        shown = assert_shown(app, MARKUP_CODE, LAUGH_CODE, MARKUP_DOCUMENT)
        assert "[lacht] ja [/] [@click=app.quit]hier[/]" in shown  # a quote
        assert "<i>schuin<i>" in shown  # the definition
        assert_no_actions(app)
        # the rename dialog starts from the name without its terminal commands
        tree.move_cursor(tree.nodes_by_code[app.project.find_code(ESCAPE_CODE).id])
        await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "Wachttijden"
        assert_no_actions(app)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search-mode", Select).value = "text"
        app.screen.query_one("#search-query", Input).value = "stilte"
        app.screen.query_one("#search-query", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert_shown(app, "hier[/] [onverstaanbaar] [stilte 5 sec]", "[/]Gesprek [lach")
        assert_no_actions(app)

        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert_shown(app, MARKUP_CODE, LAUGH_CODE)
        for tab in ("tab-matrix", "tab-progress"):
            app.screen.query_one("#overview-tabs").active = tab
            await settle(app, pilot)
            assert_shown(app, LAUGH_CODE if tab == "tab-matrix" else MARKUP_DOCUMENT)
            assert_no_actions(app)

        await pilot.press("f7")
        await settle(app, pilot)
        target = app.screen.query_one("#cluster-target", Select)
        target.focus()
        await pilot.press("enter")  # open the list of codes to cluster
        await pilot.pause()
        assert_shown(app, MARKUP_CODE, LAUGH_CODE)
        await pilot.press("escape")
        await pilot.pause()
        target.value = f"code:{app.project.find_code(LAUGH_CODE).id}"
        app.screen.query_one("#cluster-run").press()
        await settle(app, pilot)
        assert_shown(app, "[/]0 [lacht] · [@click=app.quit]q[/]", "[/]1 [lacht]")
        assert_no_actions(app)

        await palette(app, pilot, "agreement")
        await settle(app, pilot)
        assert isinstance(app.screen, AgreementScreen)
        assert_shown(app, SECOND_CODER, LAUGH_CODE)
        assert_no_actions(app)
    assert app.return_code in (0, None)


async def test_error_texts_with_brackets_show_literally(tmp_path: Path) -> None:
    broken = tmp_path / "[b][lacht]kapot[@click=app.quit]q.ctdb"
    broken.write_text("geen database")
    app = make_app(broken)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        compact = re.sub(r"[\s█]", "", screen_text(app))  # the message wraps in the box
        assert "[b][lacht]kapot[@click=app.quit]q.ctdb:notaCodeertafel" in compact
        assert_no_actions(app)
        await pilot.press("q")
    assert app.return_code == 1


async def test_crash_report_has_no_local_variables(project_path: Path) -> None:
    app = make_app(project_path)
    report = ""

    def analyse_turn() -> None:
        # a local holding transcript text; made at run time, so the source lines that a
        # traceback rightly shows do not contain it
        turn_text = f"Mijn zoon zei GEHEIM-{6 * 7}"  # noqa: F841
        raise RuntimeError("kapot")

    with pytest.raises(RuntimeError, match="kapot"):
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            try:
                analyse_turn()
            except RuntimeError as error:
                assert sys.exc_info()[1] is error
                app._handle_exception(error)
            report = "".join(
                segment.text for part in app._exit_renderables for segment in part.segments
            )
    assert "analyse_turn" in report and "kapot" in report  # a useful traceback
    assert "GEHEIM-42" not in report


async def test_labels_never_parse_markup(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for name in ("documents", "coding", "codebook", "search", "overview", "clusters", "deid"):
            await app.action_show(name)
            await settle(app, pilot)
            ours = [w for w in app.screen.query(Label) if w.__module__.startswith("coder.")]
            assert ours and not [w for w in ours if w._render_markup], name
