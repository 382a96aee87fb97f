"""Edit a code's name, colour, definition and example quotes (one per line)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from coder.store import Code
from coder.store.records import example_lines
from coder.text_safety import terminal_safe
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel

FIELDS = ("name", "colour", "definition", "example")
MULTILINE = "example"  # a code's example quotes, one per line


class CodeFormScreen(ModalScreen[dict[str, str] | None]):
    """Returns the changed fields (all four), or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "bind.save", priority=True),
        Binding("escape", "cancel", "bind.cancel"),
    ]

    def __init__(self, title: str, code: Code | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.code = title, code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog code-form"):
            yield TextLabel(self.title_text, classes="dialog-title")
            for field in FIELDS:
                yield TextLabel(t(f"code.{field}"), classes="field-label")
                value = getattr(self.code, field) if self.code is not None else ""
                if field == MULTILINE:
                    # several quotes, one per line: enter starts the next one
                    yield TextArea(
                        terminal_safe(value or ""),
                        id=f"code-{field}",
                        placeholder=t(f"code.{field}.placeholder"),
                        classes="code-examples",
                    )
                    continue
                yield Input(
                    terminal_safe(value or "", one_line=True),
                    id=f"code-{field}",
                    placeholder=t(f"code.{field}.placeholder"),
                )
            yield TextLabel(t("code_form.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#code-name", Input).focus()

    def values(self) -> dict[str, str]:
        values = {
            field: self.query_one(f"#code-{field}", Input).value.strip()
            for field in FIELDS
            if field != MULTILINE
        }
        quotes = example_lines(self.query_one(f"#code-{MULTILINE}", TextArea).text)
        return {**values, MULTILINE: "\n".join(quotes)}

    @on(Input.Submitted)
    def action_save(self) -> None:
        values = self.values()
        if not values["name"]:
            self.notify(t("code_form.name_needed"), severity="warning")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
