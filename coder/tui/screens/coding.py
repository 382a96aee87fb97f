"""Coding: the transcript turn by turn, the codebook beside it; apply and remove codes."""

from __future__ import annotations

import json
from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Collapsible, Label, OptionList, Tree

from coder.errors import CoderError
from coder.store import CodeNode, NewCoding
from coder.store.codings import WITH_SUGGESTIONS
from coder.text_safety import display_text
from coder.tui.coders import margin_codings, mark_other_coders
from coder.tui.i18n import t
from coder.tui.model import TurnRow, build_turn_rows, favourites, flatten, number_keys
from coder.tui.screens.base import BaseScreen
from coder.tui.screens.coding_edit import TurnEditMixin
from coder.tui.screens.coding_memos import MemosMixin
from coder.tui.screens.coding_suggest import SuggestionsMixin
from coder.tui.screens.picker import PickerScreen, PickItem
from coder.tui.widgets.codebook_tree import CodebookTree
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel
from coder.tui.widgets.suggestions import SuggestionsPanel
from coder.tui.widgets.transcript import TranscriptView

PINNED_META = "tui.pinned_codes"
MAX_FAVOURITES = 9


def code_items(tree: list[CodeNode]) -> list[PickItem]:
    """Every code for a picker: colour marker and path, searched by path."""
    items = []
    for node in flatten(tree):
        label = Text("■ ", style=node.code.colour or "")
        label.append(display_text(node.path))
        if node.total:
            label.append(f"  {node.total}", style="dim")
        items.append(PickItem(node.code.id, label, node.path))
    return items


class CodingScreen(SuggestionsMixin, MemosMixin, TurnEditMixin, BaseScreen):
    NAME = "coding"

    BINDINGS = [
        Binding("c", "apply_code", "bind.apply_code"),
        # in the footer too: codes beyond nine are not reached with one key
        Binding("g", "code_number", "bind.code_number"),
        *[Binding(str(n), f"number({n})", "bind.favourite", show=False) for n in range(10)],
        Binding("x", "remove_coding", "bind.remove_coding"),
        Binding("v", "select_span", "bind.select_span"),
        Binding("n", "next_uncoded", "bind.next_uncoded"),
        Binding("f", "filter_code", "bind.filter_code"),
        Binding("m", "memo_turn", "bind.memo_turn"),
        Binding("M", "memo_document", "bind.memo_document", show=False),
        Binding("o", "memo_coding", "bind.memo_coding", show=False),
        Binding("p", "pin_code", "bind.pin_code", show=False),
        Binding("a", "accept_suggestion", "bind.accept_suggestion"),
        Binding("r", "reject_suggestion", "bind.reject_suggestion"),
        Binding("u", "next_uncertain", "bind.next_uncertain"),
        Binding("ctrl+e", "correct_turn", "bind.correct_turn", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.document_id: int | None = None
        self.code_nodes: list[CodeNode] = []
        self.favourite_nodes: list[CodeNode] = []
        self.numbers: dict[int, int] = {}  # code id → the number key(s) that apply it
        self._digits: str | None = None  # the digits typed after g, while typing them
        self.filter_code: int | None = None
        self.rows: list[TurnRow] = []
        self.init_suggestions()

    def compose(self) -> ComposeResult:
        with Horizontal(id="coding-body"):
            with Vertical(id="transcript-pane"):
                yield TextLabel("", id="coding-title", classes="screen-title")
                yield TranscriptView(id="transcript")
                yield TextLabel("", id="coding-status", classes="status")
            with Vertical(id="side-panel"):
                yield TextLabel(t("coding.codebook"), classes="panel-title")
                tree = CodebookTree(t("coding.codebook"), id="coding-tree")
                tree.auto_expand = False
                yield tree
                with Collapsible(title=t("suggestions.title"), collapsed=False, id="suggestions"):
                    yield SuggestionsPanel(id="suggestions-panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.transcript.empty_message = t("coding.no_document")
        self.transcript.focus()

    NEEDS_A_TURN = frozenset(
        {
            "apply_code",
            "number",
            "code_number",
            "remove_coding",
            "select_span",
            "next_uncoded",
            "filter_code",
            "memo_turn",
            "memo_document",
            "memo_coding",
            "accept_suggestion",
            "reject_suggestion",
            "next_uncertain",
        }
    )

    def _refresh_bindings_if_needed(self) -> None:
        """Redraw the footer only when which actions are available changed.

        Rebuilding the footer restyles every key in it (a good part of opening a
        document), and availability depends only on having turns and a document.
        """
        state = (bool(self.rows), self.document_id is not None)
        if state != getattr(self, "_binding_state", None):
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without a document (or turns) these actions have nothing to work on; they are
        # left out of the footer too.
        if action in self.NEEDS_A_TURN and not self.rows:
            return action == "memo_document" and self.document_id is not None
        return True

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        app = self.codeertafel
        if app.document_id is not None:
            try:
                self.project.document(app.document_id)
            except CoderError:  # deleted meanwhile (e.g. by another process)
                app.document_id = None
        if app.document_id is None:
            documents = self.project.documents()
            app.document_id = documents[0].id if documents else None
        same_document = app.document_id == self.document_id
        self.document_id = app.document_id
        self.code_nodes = self.project.code_tree()
        self.favourite_nodes = favourites(self.code_nodes, self.pinned())
        self.numbers = number_keys(self.code_nodes, self.favourite_nodes)
        self.query_one(CodebookTree).load(self.code_nodes, self.numbers)
        if not same_document:
            self.filter_code = None
            self.transcript.selected.clear()
        self._load_rows(keep=same_document)

    def _load_rows(self, keep: bool) -> None:
        if self.document_id is None:
            self.rows = []
            self._refresh_bindings_if_needed()
            self.transcript.set_rows([], keep=False)
            self.query_one("#coding-title", Label).update(
                t("coding.no_document_title"), layout=False
            )
            self._status()
            self.reload_suggestions()
            return
        project = self.project
        codes = {code.id: code for code in project.codes()}
        if self.filter_code not in codes:  # the code was deleted or merged away
            self.filter_code = None
        active, others = project.coder, self.codeertafel.show_other_coders
        codings = margin_codings(
            project.codings(document_id=self.document_id, status=WITH_SUGGESTIONS),
            active,
            others,
        )
        self.rows = mark_other_coders(
            build_turn_rows(
                project.text(self.document_id),
                project.segments(self.document_id),
                codings,
                codes,
                project.code_paths(),
                project.memo_counts_by_segment(self.document_id),
            ),
            codings,
            active,
        )
        visible = None
        if self.filter_code is not None:
            wanted = {self.filter_code, *project.descendants(self.filter_code)}
            visible = [
                i for i, row in enumerate(self.rows) if any(c.code_id in wanted for c in row.codes)
            ]
        self.transcript.empty_message = (
            t("coding.no_turns") if self.filter_code is None else t("coding.filter_empty")
        )
        self.transcript.set_rows(self.rows, visible, keep=keep)
        self._title()
        self._status()
        self._refresh_bindings_if_needed()
        self.reload_suggestions()

    def _title(self) -> None:
        document = self.project.document(self.document_id) if self.document_id is not None else None
        if document is None:
            return
        coded = sum(1 for row in self.rows if row.coded)
        title = Text(display_text(document.name), style="bold")
        title.append("  " + t("coding.progress", coded=coded, total=len(self.rows)), style="dim")
        label = self.query_one("#coding-title", Label)
        if self.filter_code is not None:  # on a second line: never cut off
            title.append(
                "\n"
                + t("coding.filtered", code=display_text(self.project.code_path(self.filter_code))),
                style="bold",
            )
        label.set_class(self.filter_code is not None, "filtered")
        # Title and status lines have a fixed size (app.tcss): no layout pass needed.
        label.update(title, layout=False)

    def _status(self, pending: str = "") -> None:
        text = self.transcript.describe()
        status = "  ".join(
            part for part in (pending, text, t("coding.coder", name=self.project.coder)) if part
        )
        self.query_one("#coding-status", Label).update(status, layout=False)

    def show_pending(self) -> None:
        app = self.codeertafel
        if app.pending_turn is not None:
            self.transcript.go_to_turn(app.pending_turn)
            app.pending_turn = None
        self.transcript.focus()

    def pinned(self) -> list[int]:
        try:
            return [int(i) for i in json.loads(self.project.meta(PINNED_META) or "[]")]
        except (ValueError, TypeError):
            return []

    @on(TranscriptView.CursorMoved)
    def _cursor_moved(self) -> None:
        self._status()
        self.show_suggestions()

    # -- applying codes ----------------------------------------------------------------------

    def apply_code(self, code_id: int, span: tuple[int, int] | None = None) -> None:
        """Code the selected turns (or the turn under the cursor, or a span of it)."""
        if self.document_id is None:
            return
        name = self.project.code(code_id).name
        if span is not None:
            row = self.transcript.current
            if row is None:
                return
            new = [NewCoding(self.document_id, row.start + span[0], row.start + span[1], code_id)]
            parts: list[int] = []
        else:
            rows = [r for r in self.transcript.target_rows() if r.end > r.start]
            coder = self.project.coder
            mine = [
                [
                    c
                    for c in r.codes
                    if c.code_id == code_id
                    and not c.tentative
                    and self.project.coding(c.coding_id).coder == coder
                ]
                for r in rows
            ]
            new = [
                NewCoding(self.document_id, r.start, r.end, code_id)
                for r, same in zip(rows, mine, strict=True)
                if not any(c.whole for c in same)
            ]
            # The same code on a part of a turn that now gets it whole: the whole replaces
            # the part (no overlapping duplicate of one code).
            parts = [c.coding_id for same in mine if not any(c.whole for c in same) for c in same]
            if rows and not new:
                self.notify(t("coding.already", code=name), severity="warning")
                return
        if not new:
            return
        stored = self.codeertafel.act(self._store, new, parts, name)
        if stored == []:
            self.notify(t("coding.already", code=name), severity="warning")
        elif stored is not None:
            self.transcript.clear_selection()
            self.notify(t("coding.applied", code=name, count=len(stored)))

    def _store(self, new: list[NewCoding], replaced: list[int], name: str) -> list[int]:
        """Store ``new`` in place of the codings ``replaced``, as one undoable step; the
        store skips what the coder has already."""
        with self.project.write(f"apply code '{name}'"):
            if replaced:
                self.project.remove_codings(replaced)
            return self.project.add_codings(new)

    def action_apply_code(self) -> None:
        self._pick_and_apply()

    def _pick_and_apply(self, span: tuple[int, int] | None = None) -> None:
        if self.transcript.current is None:
            return

        def picked(code_id: int | None) -> None:
            if code_id is not None:
                self.apply_code(code_id, span)

        self.app.push_screen(
            PickerScreen(t("picker.apply_title"), code_items(self.code_nodes)), picked
        )

    def action_number(self, digit: int) -> None:
        """1–9 apply a favourite at once; after ``g`` two digits apply code 10–99."""
        if self._digits is None:
            self._apply_number(digit)
            return
        self._digits += str(digit)
        if len(self._digits) < 2:
            self._status(pending=f"g{self._digits}…")
            return
        number, self._digits = int(self._digits), None
        self._apply_number(number)

    def action_code_number(self) -> None:
        """``g``: the next two digits are a code's number (the numbers in the tree)."""
        self._digits = ""
        self._status(pending="g…")

    def on_key(self, event: events.Key) -> None:
        # Any other key than a digit ends a number begun with g (and then does its job).
        if self._digits is not None and not (event.character or "").isdigit():
            self._digits = None
            self._status()

    def _apply_number(self, number: int) -> None:
        self._status()
        code_id = next((c for c, n in self.numbers.items() if n == number), None)
        if code_id is None:
            self.notify(t("coding.no_favourite", number=number), severity="warning")
            return
        self.apply_code(code_id)

    @on(OptionList.OptionSelected, "#suggestions-list")
    def _suggestion_selected(self) -> None:
        self.action_accept_suggestion()  # enter or a click on a suggestion accepts it

    @on(Tree.NodeSelected, "#coding-tree")
    def _tree_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.apply_code(event.node.data)

    def action_select_span(self) -> None:
        row = self.transcript.current
        if row is None or row.end <= row.start:
            return
        self._ask_span(row)

    @on(TranscriptView.SpanRequested)
    def _span_requested(self, event: TranscriptView.SpanRequested) -> None:
        self._ask_span(event.row)

    def _ask_span(self, row: TurnRow) -> None:
        from coder.tui.screens.span import SpanScreen

        def selected(span: tuple[int, int] | None) -> None:
            if span is not None:
                self._pick_and_apply(span)

        title = t("span.title", turn=row.index + 1, speaker=row.speaker or "—")
        self.app.push_screen(SpanScreen(title, row.text), selected)

    # -- removing -----------------------------------------------------------------------

    def _pick_coding(self, title: str, then: Callable[[int | None], None]) -> None:
        row = self.transcript.current
        if row is None or not row.codes:
            self.notify(t("coding.no_codings"), severity="warning")
            return
        items = []
        for code in row.codes:
            label = Text("■ ", style=code.colour)
            label.append(display_text(code.path))
            if not code.whole:
                label.append("  " + t("coding.part"), style="dim")
            if code.memo:
                label.append("  ✎ " + code.memo[:40], style="dim")
            items.append(PickItem(code.coding_id, label, code.path))
        self.app.push_screen(PickerScreen(title, items), then)

    def action_remove_coding(self) -> None:
        def picked(coding_id: int | None) -> None:
            if coding_id is None:
                return
            name = self.project.code(self.project.coding(coding_id).code_id).name
            if (
                self.codeertafel.act(
                    self.project.remove_codings, [coding_id], description=f"remove code '{name}'"
                )
                is not None
            ):
                self.notify(t("coding.removed", code=name))

        self._pick_coding(t("picker.remove_title"), picked)

    # -- moving, filtering, favourites ----------------------------------------------------------

    def action_next_uncoded(self) -> None:
        view = self.transcript
        count = len(view.shown)
        for step in range(1, count + 1):
            position = (view.cursor + step) % count
            if not self.rows[view.shown[position]].coded:
                view.cursor = position
                return
        self.notify(t("coding.all_coded"))

    def action_filter_code(self) -> None:
        if self.filter_code is not None:
            self.filter_code = None
            self._load_rows(keep=True)
            return

        def picked(code_id: int | None) -> None:
            if code_id is not None:
                self.filter_code = code_id
                self._load_rows(keep=True)

        self.app.push_screen(
            PickerScreen(t("picker.filter_title"), code_items(self.code_nodes)), picked
        )

    def action_pin_code(self) -> None:
        def picked(code_id: int | None) -> None:
            if code_id is None:
                return
            pinned = self.pinned()
            if code_id in pinned:
                pinned.remove(code_id)
                message = "coding.unpinned"
            else:
                pinned = [*pinned, code_id][-MAX_FAVOURITES:]
                message = "coding.pinned"
            self.project.set_meta(PINNED_META, json.dumps(pinned))
            self.notify(t(message, code=self.project.code_path(code_id)))
            self.codeertafel.changed()

        self.app.push_screen(
            PickerScreen(t("picker.pin_title"), code_items(self.code_nodes)), picked
        )
