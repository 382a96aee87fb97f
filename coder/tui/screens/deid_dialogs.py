"""Dialogs of the pseudonymisation screen: add a missed name, write the copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class CopyRequest:
    """Where to write the pseudonymised copy and its key, and how to name pseudonyms."""

    output: Path
    key: Path
    style: str


class WriteCopyScreen(ModalScreen[CopyRequest | None]):
    """Ask for the copy's path, the key's path and the pseudonym style; enter confirms."""

    BINDINGS = [Binding("escape", "cancel", "bind.cancel")]

    def __init__(self, folder: Path, stem: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.folder, self.stem = folder, stem

    def compose(self) -> ComposeResult:
        from coder.deid.pseudonymise import STYLES, TAGS

        with Vertical(classes="dialog write-copy"):
            yield TextLabel(t("deid.copy_title"), classes="dialog-title")
            yield TextLabel(t("deid.copy_output"), classes="field-label")
            yield Input(str(self.folder / f"{self.stem}-pseudoniem.ctdb"), id="copy-output")
            yield TextLabel(t("deid.copy_key"), classes="field-label")
            yield Input(str(self.folder / f"{self.stem}-sleutel.csv"), id="copy-key")
            yield TextLabel(t("deid.copy_style"), classes="field-label")
            yield TextSelect(
                [(t(f"deid.style.{style}"), style) for style in STYLES],
                allow_blank=False,
                value=TAGS,
                id="copy-style",
            )
            yield TextLabel(t("deid.copy_hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#copy-output", Input).focus()

    @on(Input.Submitted)
    def _submit(self) -> None:
        output = self.query_one("#copy-output", Input).value.strip()
        key = self.query_one("#copy-key", Input).value.strip()
        if not output or not key:
            self.notify(t("deid.copy_paths_needed"), severity="warning")
            return
        if Path(output).expanduser().resolve() == Path(key).expanduser().resolve():
            self.notify(t("deid.copy_same_path"), severity="warning")
            return
        style = str(self.query_one("#copy-style", Select).value)
        self.dismiss(CopyRequest(Path(output).expanduser(), Path(key).expanduser(), style))

    def action_cancel(self) -> None:
        self.dismiss(None)
