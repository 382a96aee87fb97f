"""Small modal dialogs: a one-line prompt, a yes/no question, a memo editor."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, TextArea

from coder.text_safety import terminal_safe
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; enter confirms, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "bind.cancel")]

    def __init__(
        self, title: str, value: str = "", *, placeholder: str = "", hint: str = ""
    ) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.value, self.placeholder, self.hint = title, value, placeholder, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield Input(
                terminal_safe(self.value, one_line=True),
                placeholder=self.placeholder,
                id="prompt-input",
            )
            yield TextLabel(self.hint or t("prompt.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or enter confirms, n or escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "bind.yes"),
        Binding("n,escape", "answer(False)", "bind.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield TextLabel(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("confirm.yes"), variant="error", id="yes")
                yield Button(t("confirm.no"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MemoScreen(ModalScreen[str | None]):
    """Write or edit a memo; ctrl+s saves, escape cancels (an emptied memo is deleted)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "bind.save", priority=True),
        Binding("escape", "cancel", "bind.cancel"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog memo"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield TextArea(
                terminal_safe(self.text), id="memo-text", soft_wrap=True, show_line_numbers=False
            )
            yield TextLabel(t("memo.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
