"""Search: lemma, text or regex search over all transcripts; jump to hits or code them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, ProgressBar, Select
from textual.worker import Worker, get_current_worker

from coder.errors import CoderError
from coder.nlp.helper import HELPER_MIN_TURNS
from coder.nlp.search import MODES, Hit
from coder.store import NewCoding
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.screens.base import BaseScreen
from coder.tui.screens.coding import code_items
from coder.tui.screens.picker import PickerScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextSelect, TextTable

CONTEXT = 26


class SearchScreen(BaseScreen):
    NAME = "search"

    BINDINGS = [
        Binding("slash", "focus_query", "bind.focus_query", show=False),
        Binding("ctrl+t", "cycle_mode", "bind.search_mode"),
        Binding("space", "toggle_hit", "bind.toggle_hit"),
        Binding("a", "select_all", "bind.select_all"),
        Binding("c", "code_hits(True)", "bind.code_turns"),
        Binding("C", "code_hits(False)", "bind.code_matches"),
        Binding("escape", "cancel", "bind.cancel", show=False),
    ]

    @dataclass
    class SearchProgressed(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, SearchScreen.SearchProgressed)  # only the latest counts

    @dataclass
    class SearchFinished(Message):
        query: str
        hits: list[Hit]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.selected: set[int] = set()

    def compose(self) -> ComposeResult:
        with Vertical(id="search"):
            with Horizontal(classes="toolbar"):
                yield TextLabel(t("search.title"), classes="screen-title")
                yield Input(placeholder=t("search.placeholder"), id="search-query")
                yield TextSelect(
                    [(t(f"search.mode.{mode}"), mode) for mode in MODES],
                    value="lemma",
                    allow_blank=False,
                    id="search-mode",
                )
            yield TextTable(id="search-results", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="search-progress", classes="progress-row"):
                yield TextLabel(t("search.busy"), id="search-label")
                yield ProgressBar(id="search-bar", show_eta=False)
            yield TextLabel(t("search.hint"), id="search-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(" ", key="mark", width=1)
        table.add_column(t("search.document"), key="document", width=16)
        table.add_column(t("search.speaker"), key="speaker", width=10)
        table.add_column(t("search.left"), key="left", width=CONTEXT)
        table.add_column(t("search.match"), key="match")
        table.add_column(t("search.right"), key="right", width=CONTEXT)
        self.query_one("#search-progress").display = False
        self.query_one("#search-query", Input).focus()

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_cycle_mode(self) -> None:
        select = self.query_one("#search-mode", Select)
        select.value = MODES[(MODES.index(str(select.value)) + 1) % len(MODES)]

    # -- searching -------------------------------------------------------------------------

    @on(Input.Submitted, "#search-query")
    def _submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        mode = str(self.query_one("#search-mode", Select).value)
        self.query_one("#search-progress").display = True
        self.query_one("#search-bar", ProgressBar).update(total=None, progress=0)
        self.run_search(query, mode)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", description="search")
    def run_search(self, query: str, mode: str) -> None:
        from coder.nlp.search import search

        worker = get_current_worker()

        def progress(done: int, total: int, item: str = "") -> None:
            self.post_message(self.SearchProgressed(done, total))

        if mode == "lemma":
            self._analyse_aside(progress, lambda: worker.is_cancelled)
            if worker.is_cancelled:
                return
        hits = search(
            self.project, query, mode=mode, progress=progress, cancelled=lambda: worker.is_cancelled
        )
        if not worker.is_cancelled:
            self.post_message(self.SearchFinished(query, hits))

    # Documents with at least this many turns together are analysed in a helper process.
    helper_turns = HELPER_MIN_TURNS

    def _analyse_aside(self, progress, cancelled) -> None:  # type: ignore[no-untyped-def]
        """Documents never analysed are analysed by the helper process first, so the
        workbench stays responsive during a project's first lemma search."""
        from coder.nlp.helper import analyse_aside
        from coder.nlp.pipeline import load_pipeline

        try:
            nlp = load_pipeline()
        except CoderError:  # no pipeline: the search itself says so
            return
        analyse_aside(
            self.codeertafel.analysis_helper,
            self.project,
            [d.id for d in self.project.documents()],
            nlp,
            "full",
            min_turns=self.helper_turns,
            progress=progress,
            cancelled=cancelled,
        )

    def worker_finished(self, worker: Worker) -> None:
        if worker.group == "search":
            self.query_one("#search-progress").display = False

    @on(SearchProgressed)
    def _progressed(self, event: SearchProgressed) -> None:
        self.query_one("#search-bar", ProgressBar).update(
            total=event.total or None, progress=event.done
        )

    @on(SearchFinished)
    def _finished(self, event: SearchFinished) -> None:
        self.hits = event.hits
        self.selected = set()
        self._fill()
        self.query_one("#search-status", Label).update(
            t("search.count", count=len(self.hits), query=event.query)
        )
        if self.hits:
            self.query_one(DataTable).focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for number, hit in enumerate(self.hits):
            left = " ".join(hit.left.split())[-CONTEXT:]
            right = " ".join(hit.right.split())[:CONTEXT]
            table.add_row(
                Text("●" if number in self.selected else " ", style="bold"),
                hit.document,
                hit.speaker or "—",
                Text(display_text(left), justify="right", style="dim"),
                Text(display_text(hit.match), style="bold reverse"),
                Text(display_text(right), style="dim"),
                key=str(number),
            )
        if self.hits:
            table.move_cursor(row=min(max(row, 0), len(self.hits) - 1))

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "search")

    # -- using the hits ------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#search-results")
    async def _jump(self, event: DataTable.RowSelected) -> None:
        hit = self.hits[int(str(event.row_key.value))]
        await self.codeertafel.open_document(hit.document_id, hit.segment_index)

    def _cursor_hit(self) -> int | None:
        table = self.query_one(DataTable)
        return table.cursor_row if self.hits and 0 <= table.cursor_row < len(self.hits) else None

    def action_toggle_hit(self) -> None:
        number = self._cursor_hit()
        if number is None:
            return
        self.selected.symmetric_difference_update({number})
        self.query_one(DataTable).update_cell(
            str(number), "mark", Text("●" if number in self.selected else " ", style="bold")
        )
        self.query_one(DataTable).move_cursor(row=min(number + 1, len(self.hits) - 1))
        self._selection_status()

    def action_select_all(self) -> None:
        self.selected = (
            set() if len(self.selected) == len(self.hits) else set(range(len(self.hits)))
        )
        self._fill()
        self._selection_status()

    def _selection_status(self) -> None:
        self.query_one("#search-status", Label).update(
            t("search.selected", count=len(self.selected), total=len(self.hits))
        )

    def action_code_hits(self, turns: bool) -> None:
        chosen = sorted(self.selected) or ([n] if (n := self._cursor_hit()) is not None else [])
        if not chosen:
            return

        def picked(code_id: int | None) -> None:
            if code_id is not None:
                self.code_hits([self.hits[n] for n in chosen], code_id, turns)

        tree = self.project.code_tree()
        self.app.push_screen(PickerScreen(t("picker.apply_title"), code_items(tree)), picked)

    def code_hits(self, hits: list[Hit], code_id: int, turns: bool) -> None:
        """Code the turns of ``hits`` (or only the matched words) in one undoable operation."""
        spans: set[tuple[int, int, int]] = set()
        segments: dict[int, list] = {}
        for hit in hits:
            if turns:
                if hit.document_id not in segments:
                    segments[hit.document_id] = self.project.segments(hit.document_id)
                segment = segments[hit.document_id][hit.segment_index]
                spans.add((hit.document_id, segment.start, segment.end))
            else:
                spans.add((hit.document_id, hit.start, hit.end))
        new = [NewCoding(doc, start, end, code_id) for doc, start, end in sorted(spans)]
        name = self.project.code(code_id).name
        if (
            self.codeertafel.act(self.project.add_codings, new, description=f"apply code '{name}'")
            is not None
        ):
            self.notify(t("search.coded", code=name, count=len(new)))
            self.selected = set()
            self._fill()
