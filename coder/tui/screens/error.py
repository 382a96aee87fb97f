"""Shown instead of the workbench when the project cannot be opened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextStatic


class ErrorScreen(Screen[None]):
    BINDINGS = [Binding("q,escape,enter", "quit", "bind.quit")]

    def __init__(self, message: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error"):
            yield TextLabel(t("error.cannot_open"), classes="dialog-title")
            yield TextStatic(self.message, id="error-message")
            yield TextLabel(t("error.quit_hint"), classes="dialog-hint")
        yield KeyFooter()

    def action_quit(self) -> None:
        self.app.exit(return_code=1)  # the project did not open: a failure for the shell
