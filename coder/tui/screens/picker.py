"""A modal list with fuzzy search: pick a code, a coding, a document, ..."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from coder.tui.i18n import localise_bindings, t
from coder.tui.model import fuzzy_filter
from coder.tui.widgets.plain import TextLabel, TextOptionList


@dataclass(frozen=True)
class PickItem:
    value: int
    label: Text | str
    search: str  # what the fuzzy search matches against (e.g. the code path)


class PickerScreen(ModalScreen[int | None]):
    """Type to filter, up/down to choose, enter to pick, escape to cancel."""

    BINDINGS = [
        Binding("escape", "cancel", "bind.cancel"),
        Binding("down", "move(1)", "bind.next_item", show=False, priority=True),
        Binding("up", "move(-1)", "bind.previous_item", show=False, priority=True),
    ]

    def __init__(
        self, title: str, items: list[PickItem], *, placeholder: str | None = None
    ) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text = title
        self.items = items
        self.placeholder = placeholder if placeholder is not None else t("picker.placeholder")
        self.shown: list[PickItem] = list(items)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="picker-input")
            yield TextOptionList(*self._options(), id="picker-options")
            yield TextLabel(t("picker.hint"), classes="dialog-hint")

    def _options(self) -> list[Option]:
        return [Option(item.label, id=str(i)) for i, item in enumerate(self.shown)]

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.shown:
            options.highlighted = 0
        self.query_one(Input).focus()

    @on(Input.Changed, "#picker-input")
    def _filter(self, event: Input.Changed) -> None:
        order = fuzzy_filter(event.value, [item.search for item in self.items])
        self.shown = [self.items[i] for i in order]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        if self.shown:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = max(0, min(current + step, len(self.shown) - 1))

    @on(Input.Submitted, "#picker-input")
    def _submit(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and 0 <= highlighted < len(self.shown):
            self.dismiss(self.shown[highlighted].value)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self.dismiss(None)
