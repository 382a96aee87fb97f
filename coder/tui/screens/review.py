"""Review (Beoordelen): the model's pending suggestions, most confident first.

Filter by code, document and lowest confidence; accept or reject the one under the
cursor, accept every shown suggestion of its code from its confidence up, or jump to its
turn on the coding screen. Every decision is stored at once and undoable (ctrl+z).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input

from coder.store import Coding
from coder.suggest.reasons import decode_reason
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.screens.base import BaseScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextTable
from coder.tui.widgets.suggestions import explanation_lines

EXCERPT = 80


def parse_confidence(value: str) -> float | None:
    """The lowest confidence typed in the filter (``0.3``, ``0,3`` or ``30%``); None if none."""
    text = value.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        return None
    return min(max(number, 0.0), 1.0)


class ReviewScreen(BaseScreen):
    NAME = "review"

    BINDINGS = [
        Binding("a", "accept", "bind.review_accept"),
        Binding("r", "reject", "bind.review_reject"),
        Binding("A", "accept_code", "bind.review_accept_code"),
        Binding("enter", "jump", "bind.review_jump"),
        Binding("slash", "focus_filter", "bind.filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Coding] = []

    def compose(self) -> ComposeResult:
        yield TextLabel(t("review.title"), id="review-title", classes="screen-title")
        with Horizontal(classes="toolbar"):
            yield Input(placeholder=t("review.filter_code"), id="review-code")
            yield Input(placeholder=t("review.filter_document"), id="review-document")
            yield Input(placeholder=t("review.filter_confidence"), id="review-confidence")
        yield TextTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield TextLabel("", id="review-why")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.table
        table.add_column(t("review.confidence"), key="confidence")
        table.add_column(t("review.code"), key="code")
        table.add_column(t("review.document"), key="document")
        table.add_column(t("review.turn"), key="turn")
        table.add_column(t("review.text"), key="text")
        table.focus()

    @property
    def table(self) -> DataTable:
        return self.query_one("#review-table", DataTable)

    def _filter(self, name: str) -> str:
        return self.query_one(f"#review-{name}", Input).value.strip().casefold()

    def reload(self) -> None:
        project = self.project
        paths = project.code_paths()
        documents = {d.id: d.name for d in project.documents()}
        code_filter, document_filter = self._filter("code"), self._filter("document")
        lowest = parse_confidence(self._filter("confidence"))
        self.shown = [
            s
            for s in project.suggestions(min_confidence=lowest)
            if code_filter in paths[s.code_id].casefold()
            and document_filter in documents[s.document_id].casefold()
        ]
        keep = self.table.cursor_row
        self.table.clear()
        texts: dict[int, str] = {}
        turns: dict[int, list] = {}
        for s in self.shown:
            if s.document_id not in texts:
                texts[s.document_id] = project.text(s.document_id)
                turns[s.document_id] = project.segments(s.document_id)
            excerpt = " ".join(texts[s.document_id][s.start : s.end].split())
            turn = self._turn_of(turns[s.document_id], s.start)
            self.table.add_row(
                Text(f"{s.confidence or 0:.2f}", justify="right"),
                Text(display_text(paths[s.code_id])),
                Text(display_text(documents[s.document_id])),
                Text("" if turn is None else str(turn + 1), justify="right"),
                Text(display_text(excerpt[:EXCERPT] + ("…" if len(excerpt) > EXCERPT else ""))),
                key=str(s.id),
            )
        if self.shown:
            self.table.move_cursor(row=min(keep, len(self.shown) - 1))
        total = project.suggestion_count()
        self.query_one("#review-title", TextLabel).update(
            t("review.count", coder=project.coder, shown=len(self.shown), total=total)
        )
        self._show_reason()

    @on(DataTable.RowHighlighted, "#review-table")
    def _show_reason(self) -> None:
        """Why the model made the highlighted suggestion (stored with it by auto-tag)."""
        current = self.current
        lines = explanation_lines(None if current is None else decode_reason(current.reason))
        label = self.query_one("#review-why", TextLabel)
        label.update("\n".join(lines))
        label.display = bool(lines)

    @staticmethod
    def _turn_of(segments: list, start: int) -> int | None:
        from coder.store.spans import starting_turn

        at = starting_turn([s.start for s in segments], start)
        return None if at is None else segments[at].index

    @on(Input.Changed)
    def _filtered(self) -> None:
        self.reload()

    @on(Input.Submitted)
    def _back_to_list(self) -> None:
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#review-code", Input).focus()

    @property
    def current(self) -> Coding | None:
        row = self.table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def action_accept(self) -> None:
        if (current := self.current) is not None:
            self.codeertafel.act(self.project.accept_codings, [current.id])

    def action_reject(self) -> None:
        if (current := self.current) is not None:
            self.codeertafel.act(self.project.reject_codings, [current.id])

    def action_accept_code(self) -> None:
        """Accept every shown suggestion of the current one's code, from its confidence up."""
        current = self.current
        if current is None:
            return
        floor = current.confidence or 0.0
        chosen = [
            s.id
            for s in self.shown
            if s.code_id == current.code_id and (s.confidence or 0.0) >= floor
        ]
        done = self.codeertafel.act(
            self.project.accept_codings, chosen, description="accept suggestions"
        )
        if done is not None:
            self.codeertafel.notify(t("review.accepted", count=done))

    @on(DataTable.RowSelected, "#review-table")
    async def _row_selected(self) -> None:
        await self.action_jump()  # enter (or a click) on a suggestion shows it in context

    async def action_jump(self) -> None:
        current = self.current
        if current is None:
            return
        segments = self.project.segments(current.document_id)
        await self.codeertafel.open_document(
            current.document_id, self._turn_of(segments, current.start)
        )
