"""Dialogs for managing documents: editing a longer text (a turn, a document's
attributes as ``key=value`` lines), and reading attributes typed that way."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea

from coder.errors import CoderError
from coder.text_safety import terminal_safe
from coder.tui.i18n import localise_bindings
from coder.tui.widgets.plain import TextLabel


class TextEditScreen(ModalScreen[str | None]):
    """Edit a text in a wrapped text area; ctrl+s saves, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "bind.save", priority=True),
        Binding("escape", "cancel", "bind.cancel"),
    ]

    def __init__(self, title: str, text: str, hint: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.text, self.hint = title, text, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog memo"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield TextArea(
                terminal_safe(self.text), id="edit-text", soft_wrap=True, show_line_numbers=False
            )
            yield TextLabel(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


def attribute_lines(attributes: dict[str, str], keys: list[str]) -> str:
    """A document's attributes as ``key=value`` lines, the project's other keys empty."""
    lines = [f"{key}={value}" for key, value in attributes.items()]
    lines += [f"{key}=" for key in keys if key not in attributes]
    return "\n".join(lines)


def read_attribute_lines(text: str) -> dict[str, str]:
    """``key=value`` lines (or ``;``-separated pairs) → a dict; an empty value leaves the
    key out. A line without ``=`` is a CoderError naming it."""
    attributes: dict[str, str] = {}
    for line in text.replace(";", "\n").splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise CoderError(f"'{line.strip()}' is not of the form key=value")
        if value.strip():
            attributes[" ".join(key.split())] = value.strip()
    return attributes


def attribute_changes(old: dict[str, str], new: dict[str, str]) -> dict[str, str | None]:
    """What to store to go from ``old`` to ``new``: changed values, and removed keys as None."""
    changes: dict[str, str | None] = {k: v for k, v in new.items() if old.get(k) != v}
    changes.update({key: None for key in old if key not in new})
    return changes
