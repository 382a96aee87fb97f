"""Dialogs of the pseudonymisation screen: add a name the detector missed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select

from coder.deid.detect import KINDS, PERSON
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel, TextSelect


def kind_name(kind: str) -> str:
    """A kind (PER, LOC, ...) in words, in the interface language."""
    return t(f"deid.kind.{kind}")


class AddNameScreen(ModalScreen[tuple[str, str] | None]):
    """Ask for a name and its kind (a person unless chosen otherwise); enter confirms."""

    BINDINGS = [Binding("escape", "cancel", "bind.cancel")]

    def __init__(self, kind: str = PERSON) -> None:
        super().__init__()
        localise_bindings(self)
        self.kind = kind if kind in KINDS else PERSON

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog add-name"):
            yield TextLabel(t("deid.add_title"), classes="dialog-title")
            yield TextLabel(t("deid.add_text"), classes="field-label")
            yield Input(id="add-name-text")
            yield TextLabel(t("deid.add_kind"), classes="field-label")
            yield TextSelect(
                [(f"{kind_name(kind)} ({kind})", kind) for kind in KINDS],
                allow_blank=False,
                value=self.kind,
                id="add-name-kind",
            )
            yield TextLabel(t("deid.add_hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#add-name-text")
    def _submit(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split())
        if not text:
            self.notify(t("deid.add_needed"), severity="warning")
            return
        self.dismiss((text, str(self.query_one("#add-name-kind", Select).value)))

    def action_cancel(self) -> None:
        self.dismiss(None)
