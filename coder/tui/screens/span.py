"""Select a part of one turn: the turn in a read-only text area, selected by keys or mouse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea

from coder.text_safety import display_text
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel


def offset(text: str, location: tuple[int, int]) -> int:
    """The character offset of a (row, column) location in ``text``."""
    row, column = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


class SpanScreen(ModalScreen[tuple[int, int] | None]):
    """Returns the selected span as offsets into the turn's text (start, end)."""

    BINDINGS = [
        Binding("enter", "apply", "bind.code_selection", priority=True),
        Binding("escape", "cancel", "bind.cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog span"):
            yield TextLabel(self.title_text, classes="dialog-title")
            # display_text: one character for one, so the selection's offsets still fit
            yield TextArea(
                display_text(self.text),
                read_only=True,
                soft_wrap=True,
                show_cursor=True,
                id="span-text",
            )
            yield TextLabel(t("span.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def selected_span(self) -> tuple[int, int] | None:
        area = self.query_one(TextArea)
        start, end = sorted(area.selection)
        first, last = offset(area.text, start), offset(area.text, end)
        return (first, last) if last > first else None

    def action_apply(self) -> None:
        span = self.selected_span()
        if span is None:
            self.notify(t("span.empty"), severity="warning")
            return
        self.dismiss(span)

    def action_cancel(self) -> None:
        self.dismiss(None)
