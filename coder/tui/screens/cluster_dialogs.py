"""Dialogs of the clusters screen: a cluster's quotes, and promoting a cluster to a code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option

from coder.text_safety import display_text, terminal_safe
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel, TextOptionList, TextSelect

if TYPE_CHECKING:
    from coder.cluster.items import Item

TOP_LEVEL = -1  # the Select value for "no parent"


class QuotesScreen(ModalScreen[tuple[int, int] | None]):
    """A cluster's quotes, most typical first; enter jumps to the quote's turn."""

    BINDINGS = [Binding("escape", "cancel", "bind.close")]

    def __init__(self, title: str, quotes: list[Item], names: dict[int, str]) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.quotes, self.names = title, quotes, names

    def compose(self) -> ComposeResult:
        options = []
        for i, item in enumerate(self.quotes):
            label = Text(display_text(self.names.get(item.document_id, "?")), style="bold")
            speaker = display_text(item.speaker or "—")
            label.append(f"  {item.segment_index + 1}  {speaker}", style="dim")
            label.append("\n" + display_text(" ".join(item.text.split())))
            options.append(Option(label, id=str(i)))
        with Vertical(classes="dialog quotes"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield TextOptionList(*options, id="quotes-list")
            yield TextLabel(t("clusters.quotes_hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.quotes:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        item = self.quotes[int(event.option.id or 0)]
        self.dismiss((item.document_id, item.segment_index))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromoteScreen(ModalScreen[tuple[str, int | None] | None]):
    """Name the new code and choose its parent; enter confirms, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "bind.cancel")]

    def __init__(
        self, title: str, name: str, paths: list[tuple[int, str]], parent_id: int | None
    ) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.name_text, self.paths, self.parent_id = title, name, paths, parent_id

    def compose(self) -> ComposeResult:
        options = [(t("clusters.top_level"), TOP_LEVEL), *((path, id) for id, path in self.paths)]
        known = {id for id, _ in self.paths}
        with Vertical(classes="dialog promote"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield TextLabel(t("clusters.code_name"), classes="field-label")
            yield Input(terminal_safe(self.name_text, one_line=True), id="promote-name")
            yield TextLabel(t("clusters.parent"), classes="field-label")
            yield TextSelect(
                options,
                allow_blank=False,
                value=self.parent_id if self.parent_id in known else TOP_LEVEL,
                id="promote-parent",
            )
            yield TextLabel(t("clusters.promote_hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#promote-name")
    def _submit(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.notify(t("clusters.name_needed"), severity="warning")
            return
        parent = self.query_one("#promote-parent", Select).value
        self.dismiss((name, None if parent == TOP_LEVEL else int(parent)))  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.dismiss(None)
