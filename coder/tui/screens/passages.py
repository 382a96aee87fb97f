"""Passages: every quote of a code, or of two codes together, in full and wrapped, with
document, turn, speaker, time and memo; enter goes to the turn, e exports them."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coder.retrieval import PassageQuery, code_passages, passage_place
from coder.store.retrieval import Passage
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.screens.base import BaseScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextOptionList


def passage_label(passage: Passage, paths: dict[int, str]) -> Text:
    """Where the passage stands (bold), its codes, then its whole text and its memos."""
    where = passage_place(passage, t("passages.turn_word"))
    label = Text(display_text(" · ".join(where)), style="bold")
    codes = " + ".join(paths.get(code_id, "?") for code_id in passage.code_ids)
    label.append("  " + display_text(codes), style="dim")
    if passage.source == "model":
        label.append(f"  ({t('passages.model')})", style="italic dim")
    label.append("\n" + display_text(passage.text.strip()))
    for memo in passage.memos:
        label.append("\n" + t("passages.memo"), style="bold italic")
        label.append(display_text(" ".join(memo.split())), style="italic")
    return label


class PassagesScreen(BaseScreen):
    NAME = "passages"

    BINDINGS = [
        Binding("c", "choose_code", "bind.choose_code"),
        Binding("plus", "together", "bind.together_code"),
        Binding("minus", "first_only", "bind.first_code_only"),
        Binding("e", "export", "bind.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.code_id: int | None = None
        self.together_with: int | None = None
        self.passages: list[Passage] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="passages"):
            with Horizontal(classes="toolbar"):
                yield TextLabel(t("passages.title"), id="passages-title", classes="screen-title")
            yield TextOptionList(id="passages-list")
            yield TextLabel("", id="passages-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def show_code(self, code_id: int, together_with: int | None = None) -> None:
        """Show the passages of a code (from another screen or the memo list)."""
        self.code_id, self.together_with = code_id, together_with
        self.data_version = -1
        self.refresh_if_stale()

    def reload(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        paths = self.project.code_paths()
        if self.code_id not in paths:
            self.code_id, self.together_with, self.passages = None, None, []
            self.query_one("#passages-title", TextLabel).update(t("passages.title"))
            self.query_one("#passages-status", TextLabel).update(t("passages.none_chosen"))
            return
        if self.together_with not in paths:
            self.together_with = None
        assert self.code_id is not None
        self.passages = code_passages(self.project, PassageQuery(self.code_id, self.together_with))
        code = paths[self.code_id]
        title = (
            t("passages.of", code=code)
            if self.together_with is None
            else t("passages.together", code=code, other=paths[self.together_with])
        )
        self.query_one("#passages-title", TextLabel).update(title)
        options.add_options(
            Option(passage_label(passage, paths), id=str(number))
            for number, passage in enumerate(self.passages)
        )
        if self.passages:
            options.highlighted = 0
        self.query_one("#passages-status", TextLabel).update(
            t("passages.count", count=len(self.passages))
        )

    def _pick(self, title: str, then: Callable[[int | None], None]) -> None:
        from coder.tui.screens.coding import code_items
        from coder.tui.screens.picker import PickerScreen

        items = code_items(self.project.code_tree())
        self.app.push_screen(PickerScreen(title, items), then)

    def action_choose_code(self) -> None:
        def picked(code_id: int | None) -> None:
            if code_id is not None:
                self.show_code(
                    code_id, self.together_with if code_id != self.together_with else None
                )

        self._pick(t("passages.pick_code"), picked)

    def action_together(self) -> None:
        if self.code_id is None:
            self.action_choose_code()
            return

        first = self.code_id

        def picked(code_id: int | None) -> None:
            if code_id is not None and code_id != first:
                self.show_code(first, code_id)

        self._pick(t("passages.pick_other"), picked)

    def action_first_only(self) -> None:
        if self.code_id is not None and self.together_with is not None:
            self.show_code(self.code_id)

    @on(OptionList.OptionSelected, "#passages-list")
    async def _jump(self, event: OptionList.OptionSelected) -> None:
        passage = self.passages[int(event.option.id or 0)]
        await self.codeertafel.open_document(passage.document_id, passage.segment_index)

    def action_export(self) -> None:
        from coder.tui.screens.export import ExportScreen

        if self.code_id is None:
            self.action_choose_code()
            return
        descendants = self.project.descendants
        codes = [self.code_id, *descendants(self.code_id)]
        together = (
            None
            if self.together_with is None
            else [self.together_with, *descendants(self.together_with)]
        )
        path = self.codeertafel.project_path
        self.app.push_screen(
            ExportScreen(
                path.parent,
                f"{path.stem}-{self.project.code(self.code_id).name}",
                format="passages",
                code_ids=codes,
                together_code_ids=together,
            )
        )
