"""Memos: every memo of the project with what it is about, searchable; enter goes there
(a turn, a coding or a document on the coding screen, a code's passages)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from coder.retrieval import find_memos
from coder.store.retrieval import MemoEntry
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.screens.base import BaseScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextOptionList


def memo_target(entry: MemoEntry, paths: dict[int, str]) -> str:
    """What a memo is about, in the interface language."""
    turn = "—" if entry.segment_index is None else entry.segment_index + 1
    values = {
        "document": entry.document or "?",
        "turn": turn,
        "speaker": entry.speaker or "—",
        "code": paths.get(entry.code_id or -1, "?"),
    }
    return t(f"memos.{entry.kind}", **values)


def memo_label(entry: MemoEntry, paths: dict[int, str]) -> Text:
    label = Text(display_text(memo_target(entry, paths)), style="bold")
    label.append(f"  {entry.modified[:10]}", style="dim")
    if entry.coder:
        label.append(f"  {display_text(entry.coder)}", style="dim")
    label.append("\n" + display_text(entry.text.strip()))
    return label


class MemosScreen(BaseScreen):
    NAME = "memos"

    BINDINGS = [
        Binding("slash", "search", "bind.filter"),
        Binding("escape", "clear", "bind.cancel", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[MemoEntry] = []
        self.total = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="memos"):
            with Horizontal(classes="toolbar"):
                yield TextLabel(t("memos.title"), classes="screen-title")
                yield Input(placeholder=t("memos.search"), id="memos-search")
            yield TextOptionList(id="memos-list")
            yield TextLabel("", id="memos-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        self.total = len(find_memos(self.project))
        self._fill()

    def _fill(self) -> None:
        search = self.query_one("#memos-search", Input).value
        self.entries = find_memos(self.project, search)
        paths = self.project.code_paths()
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(memo_label(entry, paths), id=str(number))
            for number, entry in enumerate(self.entries)
        )
        if self.entries:
            options.highlighted = 0
        status = (
            t("memos.count", shown=len(self.entries), total=self.total)
            if self.total
            else t("memos.none")
        )
        self.query_one("#memos-status", TextLabel).update(status)

    @on(Input.Changed, "#memos-search")
    def _search_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#memos-search")
    def _search_done(self) -> None:
        self.query_one(OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#memos-search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#memos-search", Input)
        if search.value:
            search.value = ""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#memos-list")
    async def _jump(self, event: OptionList.OptionSelected) -> None:
        entry = self.entries[int(event.option.id or 0)]
        if entry.document_id is not None:
            await self.codeertafel.open_document(entry.document_id, entry.segment_index)
        elif entry.kind == "code" and entry.code_id is not None:
            await self.codeertafel.action_show("passages")
            self.codeertafel.screen_for("passages").show_code(entry.code_id)  # type: ignore[attr-defined]
