"""The workbench driven by key presses; checks what the project stored and what is shown.

Each test starts the app once and walks through a few related actions: starting the
app is the slow part, so related checks share a run.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from coder.store import Project
from coder.tui.app import CodeertafelApp
from coder.tui.screens.codebook import CodebookScreen
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.documents import DocumentsScreen
from coder.tui.screens.error import ErrorScreen
from coder.tui.screens.help import HelpScreen
from coder.tui.screens.search import SearchScreen
from tests.tui.fakes import make_app

pytestmark = pytest.mark.asyncio
SIZE = (120, 40)


def codings_of(store: Project, code: str) -> list:
    return store.codings(code_ids=[store.find_code(code).id])


def labels(app: CodeertafelApp) -> list[str]:
    return [str(label.render()) for label in app.screen.query("Label")]


async def open_first_document(app: CodeertafelApp, pilot) -> CodingScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def test_documents_screen_lists_documents_with_progress(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        table = screen.query_one("#documents-table")
        assert table.row_count == 2
        assert "Hoograven" in str(table.get_row_at(0))
        await pilot.press("slash", *"overv", "enter")
        await pilot.pause()
        assert table.row_count == 1
        assert "Interview Overvecht" in str(table.get_row_at(0))


async def test_moving_through_the_transcript(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        view = screen.transcript
        assert len(view.rows) == 5
        assert view.current.speaker == "Gespreksleider"
        await pilot.press("down", "j")
        assert view.current.speaker == "Jongere"
        await pilot.press("k")
        assert view.current.speaker == "Moeder"
        # next uncoded turn (n) and a filter on a code (f)
        await pilot.press("home", "1", "down", "down", "1", "home", "n")
        assert view.current.index == 1
        await pilot.press("n")
        assert view.current.index == 3
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"wacht", "enter")
        await pilot.pause()
        assert [screen.rows[p].index for p in view.shown] == [0, 2]
        await pilot.press("f")  # clears the filter
        assert len(view.shown) == 5
        # the mouse: click a turn, shift+click extends the selection
        await pilot.click("#transcript", offset=(10, 5))  # a line of the second turn
        assert view.current.index == 1
        await pilot.click("#transcript", offset=(10, 10), shift=True)
        assert len(view.selected) == 2


async def test_apply_code_with_picker(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        await pilot.press("down", "c")
        await pilot.pause()
        await pilot.press(*"wacht", "enter")
        await pilot.pause()
        [coding] = codings_of(store, "Wachttijden")
        turn = store.segments(coding.document_id)[1]
        assert (coding.start, coding.end) == (turn.start, turn.end)
        assert [c.path for c in screen.transcript.current.codes] == ["Knelpunten/Wachttijden"]
        # the favourite on key 3 is the third leaf of the codebook
        await pilot.press("down", "down", "3")
        await pilot.pause()
        [coding] = codings_of(store, "Vaste contactpersoon")
        assert store.text(coding.document_id)[coding.start : coding.end].startswith("Daarna kreeg")


async def test_code_several_selected_turns_in_one_operation(
    project_path: Path, store: Project
) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        await pilot.press("down", "shift+down", "shift+down")
        assert len(screen.transcript.selected) == 3
        await pilot.press("1")
        await pilot.pause()
        assert len(codings_of(store, "Wachttijden")) == 3
        assert len(store.history()) == 1
        assert not screen.transcript.selected
        # space toggles single turns
        await pilot.press("home", "space", "end", "space", "2")
        await pilot.pause()
        coded = codings_of(store, "Communicatie tussen hulpverleners")
        assert len(coded) == 2


async def test_remove_coding_and_undo_redo(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        await pilot.press("1", "2")
        await pilot.pause()
        assert len(screen.transcript.current.codes) == 2
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"comm", "enter")
        await pilot.pause()
        assert len(codings_of(store, "Communicatie tussen hulpverleners")) == 0
        assert len(codings_of(store, "Wachttijden")) == 1
        assert len(screen.transcript.current.codes) == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(codings_of(store, "Communicatie tussen hulpverleners")) == 1
        assert len(screen.transcript.current.codes) == 2
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert store.codings() == []
        assert screen.transcript.current.codes == ()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert len(codings_of(store, "Wachttijden")) == 1
        assert len(screen.transcript.current.codes) == 1


async def test_undo_after_reopening_the_app(project_path: Path, store: Project) -> None:
    async with make_app(project_path).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
    assert len(store.codings()) == 1
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.codings() == []
        await pilot.press("ctrl+z")  # nothing left: a notice, no error
        await pilot.pause()
        assert "Niets om ongedaan te maken" in [n.message for n in app._notifications]


async def test_memos_on_turn_document_and_coding(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        await pilot.press("down", "m")
        await pilot.pause()
        await pilot.press(*"lang", "ctrl+s")
        await pilot.pause()
        segment = store.segments(screen.document_id)[1]
        [memo] = store.memos("segment", segment.id)
        assert memo.text == "lang"
        assert screen.transcript.current.memos == 1
        await pilot.press("M")
        await pilot.pause()
        await pilot.press(*"goed", "ctrl+s")
        await pilot.pause()
        assert [m.text for m in store.memos("document", screen.document_id)] == ["goed"]
        await pilot.press("1", "o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"hm", "ctrl+s")
        await pilot.pause()
        [coding] = store.codings()
        assert coding.memo == "hm"


async def test_code_a_span_inside_a_turn(project_path: Path, store: Project) -> None:
    from textual.widgets import TextArea

    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(app, pilot)
        await pilot.press("down", "v")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        await pilot.press("shift+right", "shift+right", "shift+right")  # by word
        assert area.selected_text == "We moesten maanden"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"wacht", "enter")
        await pilot.pause()
        [coding] = store.codings()
        assert store.text(coding.document_id)[coding.start : coding.end] == "We moesten maanden"
        assert app.screen.transcript.current.codes[0].whole is False


async def test_pinned_favourites_and_switching_coder(project_path: Path, store: Project) -> None:
    app = make_app(project_path, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press(*"vaste", "enter")
        await pilot.pause()
        assert screen.favourite_nodes[0].code.name == "Vaste contactpersoon"
        await pilot.press("1")
        await pilot.pause()
        app.switch_coder("bram")
        await pilot.press("down", "1")
        await pilot.pause()
        coded = codings_of(store, "Vaste contactpersoon")
        assert [c.coder for c in coded] == ["anna", "bram"]
    assert store.meta("tui.pinned_codes") == f"[{store.find_code('Vaste contactpersoon').id}]"


async def open_codebook(app, pilot) -> CodebookScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(app.screen, CodebookScreen)
    return app.screen


async def test_codebook_add_rename_merge(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(app, pilot)
        # add a top-level code with a definition
        await pilot.press("A")
        await pilot.pause()
        form = app.screen
        form.query_one("#code-name").value = "Regie"
        form.query_one("#code-definition").value = "Wie beslist"
        await pilot.press("ctrl+s")
        await pilot.pause()
        regie = store.find_code("Regie")
        assert regie.definition == "Wie beslist"
        assert screen.selected_code == regie.id
        # rename it
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = "Zeggenschap"
        await pilot.press("enter")
        await pilot.pause()
        assert store.code(regie.id).name == "Zeggenschap"
        # merge it into Wachttijden, then undo that
        await pilot.press("u")
        await pilot.pause()
        await pilot.press(*"wacht", "enter")
        await pilot.pause()
        assert "Zeggenschap" not in [c.name for c in store.codes()]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert store.code(regie.id).name == "Zeggenschap"
        # move it under Knelpunten, then delete it
        screen.code_tree.select_code(regie.id)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"knel", "enter")
        await pilot.pause()
        assert store.code_path(regie.id) == "Knelpunten/Zeggenschap"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Zeggenschap" not in [c.name for c in store.codes()]


async def test_a_codes_example_quotes_are_edited_one_per_line(
    project_path: Path, store: Project
) -> None:
    waiting = store.find_code("Wachttijden")
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_codebook(app, pilot)
        screen.code_tree.select_code(waiting.id)
        await pilot.press("e")
        await pilot.pause()
        examples = app.screen.query_one("#code-example")
        examples.text = ""
        examples.focus()
        await pilot.press(*"Negen maanden", "enter", "enter", *"Geen plek", "ctrl+s")
        await pilot.pause()
        assert store.code(waiting.id).examples() == ["Negen maanden", "Geen plek"]
        assert store.code(waiting.id).example == "Negen maanden\nGeen plek"
        # escape in the quotes leaves the form without a change
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#code-example").focus()
        await pilot.press(*"Nog een", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert store.code(waiting.id).examples() == ["Negen maanden", "Geen plek"]


async def test_codebook_quotes_jump_to_the_turn(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(app, pilot)
        await pilot.press("end", "1")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        screen.code_tree.select_code(store.find_code("Wachttijden").id)
        await pilot.pause()
        assert [q.speaker for q in screen.quotes] == ["Moeder"]
        screen.query_one("#quotes-list").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.transcript.current.index == 4


async def test_search_text_mode_code_the_hits_and_jump(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press("question_mark")  # typed into the search field, no help screen
        assert isinstance(app.screen, SearchScreen)
        assert screen.query_one("#search-query").value == "?"
        await pilot.press("ctrl+t")  # lemma → text
        assert screen.query_one("#search-mode").value == "text"
        screen.query_one("#search-query").value = "wacht"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.hits) == 3  # wachten (Hoograven), wachtlijst and wachten (Overvecht)
        await pilot.press("down")  # from the search field to the hits
        await pilot.press("space", "space")
        assert screen.selected == {0, 1}
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"wacht", "enter")
        await pilot.pause()
        coded = codings_of(store, "Wachttijden")
        assert len(coded) == 2
        assert len(store.history()) == 1  # one undoable operation
        assert {store.text(c.document_id)[c.start : c.end][:10] for c in coded} == {
            "We moesten",
            "Wat vond j",
        }
        await pilot.press("end", "enter")  # jump to the last hit
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.transcript.current.text.startswith("Het wachten was het ergste")


async def test_failing_search_is_a_notification(
    project_path: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("CODEERTAFEL_PIPELINE", str(tmp_path / "geen-pipeline"))
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*"hulp", "enter")  # lemma mode needs a pipeline
        with contextlib.suppress(WorkerFailed):  # raised to a waiter when it fails
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert any("geen-pipeline" in n.message for n in app._notifications)
        assert not app.screen.query_one("#search-progress").display


async def lemma_search(project_path: Path, query: str) -> list:
    """Search the project from the search screen (F5); the hits."""
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*query, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        return app.screen.hits


async def test_lemma_search_finds_inflections(project_path: Path) -> None:
    from coder.errors import CoderError
    from coder.nlp import pipeline

    try:
        pipeline._choose()
    except CoderError:
        pytest.skip("no Dutch spaCy pipeline here")
    assert len(await lemma_search(project_path, "wachten")) >= 2


async def test_first_lemma_search_analyses_in_the_helper_process(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coder.nlp import analysis
    from coder.tui.screens.search import SearchScreen

    def not_here(self, docs):  # type: ignore[no-untyped-def]
        raise AssertionError("analysed in the workbench process")

    monkeypatch.setattr(analysis._Job, "finish", not_here)
    monkeypatch.setattr(SearchScreen, "helper_turns", 1)
    assert len(await lemma_search(project_path, "wachten")) >= 2


async def test_import_in_a_worker(project_path: Path, store: Project, tmp_path: Path) -> None:
    folder = tmp_path / "nieuw"
    folder.mkdir()
    (folder / "gesprek.txt").write_text(
        "Anna: Hallo daar.\n\nBen: Dag Anna, hoe gaat het?\n", encoding="utf-8"
    )
    (folder / "kapot.vtt").write_text("dit is geen vtt", encoding="utf-8")
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#prompt-input").value = str(folder)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the attributes asked for: none
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        names = [d.name for d in store.documents()]
        assert "gesprek" in names and len(names) == 3
        assert app.screen.query_one("#documents-table").row_count == 3
        assert any("kapot.vtt" in n.message for n in app._notifications)
        assert not app.screen.query_one("#import-progress").display


async def test_help_lists_the_bindings_of_the_screen(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {desc: keys for keys, desc in app.screen.bindings()}
        assert rows["Code toepassen"] == "c"
        assert rows["Ongedaan maken"] == "^z"
        assert "1" in rows["Favoriete code toepassen"]
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_command_palette_runs_undo(project_path: Path, store: Project) -> None:
    from tests.tui.pilot import palette

    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        assert len(store.codings()) == 1
        await palette(app, pilot, "ongedaan")
        assert store.codings() == []


async def test_english_interface_and_switching_language(project_path: Path) -> None:
    from coder.tui.commands import palette_commands

    app = make_app(project_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Documents · coder onderzoeker" in labels(app)
        assert "Open" in [b.description for _, b in app.screen._bindings]
        await pilot.press("enter")
        await pilot.pause()
        assert "Apply code" in [b.description for _, b in app.screen._bindings]
        await pilot.press("f1")
        await pilot.pause()
        assert ("^z", "Undo") in app.screen.bindings()
        await pilot.press("escape", "f2")
        await pilot.pause()
        assert "Language: Nederlands" in [c.title for c in palette_commands(app)]
        await app.switch_language("nl")
        await pilot.pause()
        assert isinstance(app.screen, DocumentsScreen)
        assert "Documenten · codeur onderzoeker" in labels(app)
        titles = [c.title for c in palette_commands(app)]
        assert "Taal: English" in titles and "Ongedaan maken" in titles


async def test_overview_shows_frequencies_and_matrix(project_path: Path, store: Project) -> None:
    document = store.document("Dialoogtafel Hoograven")
    turn = store.segments(document.id)[1]
    store.add_coding(document.id, turn.start, turn.end, store.find_code("Wachttijden").id)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        bars = str(app.screen.query_one("#frequency-bars").render())
        assert "Wachttijden" in bars and "█" in bars
        assert app.screen.query_one("#matrix").row_count == 5
        progress = str(app.screen.query_one("#progress-bars").render())
        assert "1/5 (20%)" in progress


async def test_missing_project_shows_an_error_not_a_traceback(tmp_path: Path) -> None:
    app = make_app(tmp_path / "bestaat-niet.ctdb")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "bestaat-niet.ctdb" in app.screen.message
        await pilot.press("q")
    assert app.return_code == 1


async def test_locked_project_is_reported(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(app, pilot)
        app.project._conn.execute("PRAGMA busy_timeout = 50")
        blocker = sqlite3.connect(project_path, timeout=0.05)
        blocker.execute("BEGIN IMMEDIATE")  # another process is writing
        try:
            await pilot.press("1")
            await pilot.pause()
        finally:
            blocker.rollback()
            blocker.close()
        assert app.project.codings() == []
        assert any("bezet" in n.message for n in app._notifications)


async def test_changes_by_another_process_are_shown(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_document(app, pilot)
        document = store.document("Dialoogtafel Hoograven")
        turn = store.segments(document.id)[0]
        store.add_coding(document.id, turn.start, turn.end, store.find_code("Wachttijden").id)
        app._poll_other_writers()  # what the timer does every few seconds
        await pilot.pause()
        assert [c.path for c in screen.transcript.current.codes] == ["Knelpunten/Wachttijden"]
