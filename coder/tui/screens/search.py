"""Search: lemma, text or regex search over all transcripts; jump to hits or code them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, ProgressBar, Select
from textual.worker import Worker, get_current_worker

from coder.errors import CoderError
from coder.nlp.helper import HELPER_MIN_TURNS
from coder.nlp.search import MODES, Hit
from coder.progress import Cancelled, Progress
from coder.store import NewCoding
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.screens.base import BaseScreen
from coder.tui.screens.coding import code_items
from coder.tui.screens.picker import PickerScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextSelect, TextTable

# Widths of the document and speaker columns: names longer than this wrap, never cut.
DOCUMENT_WIDTH = (14, 30)  # (at least, at most)
SPEAKER_WIDTH = (8, 16)
FRAGMENT_MIN = 24
# The keys that act on the results; they only work while the results have focus, so a
# search term typed in the search field never selects or codes hits.
RESULT_ACTIONS = frozenset({"toggle_hit", "select_all", "code_hits"})


def column_widths(total: int, documents: list[str], speakers: list[str]) -> tuple[int, int, int]:
    """Widths of the document, speaker and fragment columns for a table ``total`` cells
    wide: names as wide as the longest (within limits, longer ones wrap), the fragment
    gets the rest."""

    def fit(names: list[str], bounds: tuple[int, int]) -> int:
        return max(bounds[0], min(bounds[1], max((len(n) for n in names), default=0)))

    document, speaker = fit(documents, DOCUMENT_WIDTH), fit(speakers, SPEAKER_WIDTH)
    # 1 for the mark column, 2 cells of padding per column, 2 for the scrollbar
    fragment = total - 1 - document - speaker - 4 * 2 - 2
    if fragment < FRAGMENT_MIN:  # narrow screen: names give way first (they still wrap)
        document = max(DOCUMENT_WIDTH[0], document - (FRAGMENT_MIN - fragment))
        fragment = total - 1 - document - speaker - 4 * 2 - 2
    return document, speaker, max(fragment, 10)


class SearchScreen(BaseScreen):
    NAME = "search"

    BINDINGS = [
        Binding("slash", "focus_query", "bind.focus_query", show=False),
        Binding("ctrl+t", "cycle_mode", "bind.search_mode"),
        Binding("down", "focus_results", "bind.focus_results", show=False),
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
                # No select-all on focus: a letter typed in the results that moves the
                # focus here adds to the term instead of replacing it.
                yield Input(
                    placeholder=t("search.placeholder"), id="search-query", select_on_focus=False
                )
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
        self._widths: tuple[int, int, int] | None = None
        self._columns()
        self.query_one("#search-progress").display = False
        self.query_one("#search-query", Input).focus()

    @property
    def results(self) -> DataTable:
        return self.query_one("#search-results", DataTable)

    def _columns(self) -> bool:
        """(Re)make the columns for the table's width; True when they changed."""
        widths = column_widths(
            self.results.size.width or self.size.width or 100,
            [hit.document for hit in self.hits],
            [hit.speaker or "—" for hit in self.hits],
        )
        if widths == self._widths:
            return False
        self._widths = widths
        document, speaker, fragment = widths
        table = self.results
        table.clear(columns=True)
        table.add_column(" ", key="mark", width=1)
        table.add_column(t("search.document"), key="document", width=document)
        table.add_column(t("search.speaker"), key="speaker", width=speaker)
        table.add_column(t("search.fragment"), key="fragment", width=fragment)
        return True

    def on_resize(self) -> None:
        if self._columns():
            self._fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in RESULT_ACTIONS:
            return self.focused is self.results
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # the result keys come and go with the results' focus

    def on_key(self, event: events.Key) -> None:
        """Typing in the results goes on in the search field (letters that are not a key
        of the results, such as the first letter of a new search term)."""
        if self.focused is not self.results or not event.is_printable or not event.character:
            return
        if event.key in self._bindings.key_to_bindings:
            return
        event.stop()
        event.prevent_default()
        query = self.query_one("#search-query", Input)
        query.focus()
        query.insert_text_at_cursor(event.character)

    def action_focus_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def action_focus_results(self) -> None:
        if self.hits:
            self.results.focus()

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

    def _analyse_aside(self, progress: Progress, cancelled: Cancelled) -> None:
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
        self._columns()
        self._fill()
        # The focus stays in the search field: the next search term typed there is a
        # search term, never a key of the results (down or tab goes to the results).
        self.query_one("#search-status", Label).update(
            t("search.count", count=len(self.hits), query=event.query)
        )

    def _fill(self) -> None:
        table = self.results
        row = table.cursor_row
        table.clear()
        for number, hit in enumerate(self.hits):
            # the hit in its context as written (the core squeezed runs of white space)
            fragment = Text(display_text(hit.left), style="dim")
            fragment.append(display_text(hit.match), style="bold reverse")
            fragment.append(display_text(hit.right), style="dim")
            table.add_row(
                Text("●" if number in self.selected else " ", style="bold"),
                hit.document,  # the whole name: a long one wraps
                hit.speaker or "—",
                fragment,
                key=str(number),
                height=None,
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
        table = self.results
        return table.cursor_row if self.hits and 0 <= table.cursor_row < len(self.hits) else None

    def action_toggle_hit(self) -> None:
        number = self._cursor_hit()
        if number is None:
            return
        self.selected.symmetric_difference_update({number})
        self.results.update_cell(
            str(number), "mark", Text("●" if number in self.selected else " ", style="bold")
        )
        self.results.move_cursor(row=min(number + 1, len(self.hits) - 1))
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
