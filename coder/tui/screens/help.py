"""The bindings of the screen you came from, generated from the bindings themselves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable

from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel, TextStatic, TextTable

# The marks drawn in a transcript's margin and in the code tree, explained under the keys.
MARKS = [
    ("■", "help.mark.whole"),
    ("▪", "help.mark.part"),
    ("?", "help.mark.suggested"),
    ("✎", "help.mark.memo"),
    ("┃", "help.mark.selected"),
    ("1 12", "help.mark.number"),
]


def marks_legend() -> Text:
    """The margin marks, one a line: the mark in bold, then what it means."""
    legend = Text(t("help.marks") + "\n", style="bold")
    for mark, key in MARKS:
        legend.append(f"{mark:>4}  ", style="bold")
        legend.append(t(key) + "\n")
    legend.rstrip()
    return legend


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "bind.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        localise_bindings(self)
        self.source = screen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield TextLabel(t("help.title"), classes="dialog-title")
            yield TextTable(id="help-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="help-marks-scroll"):
                yield TextStatic("", id="help-marks")
            yield TextLabel(t("help.hint"), classes="dialog-hint")

    def bindings(self) -> list[tuple[str, str]]:
        """(keys, description) of Codeertafel's bindings on the source screen, no repeats.

        Textual's own widget bindings (cursor keys of a table, ...) are left out: they
        are the usual ones, and listing them would bury ours.
        """
        seen: dict[str, list[str]] = {}
        for node, bindings in self.source._modal_binding_chain:
            ours = {
                binding.action
                for cls in type(node).__mro__
                if cls.__module__.startswith("coder.")
                for bindings_ in BindingsMap(
                    cls.__dict__.get("BINDINGS", [])
                ).key_to_bindings.values()
                for binding in bindings_
            }
            for key, binding in bindings:
                if binding.action not in ours or not binding.description or binding.system:
                    continue
                entry = seen.setdefault(binding.description, [])
                display = self.app.get_key_display(
                    Binding(key, binding.action, binding.description)
                )
                if display not in entry:
                    entry.append(display)
        return [(", ".join(keys), description) for description, keys in seen.items()]

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(t("help.keys"), key="keys")
        table.add_column(t("help.action"), key="action")
        for keys, description in self.bindings():
            table.add_row(Text(keys, style="bold"), description)
        marks = self.query_one("#help-marks", TextStatic)
        from coder.tui.widgets.transcript import TranscriptView

        # Where a transcript with codes in its margin is shown, say what the marks mean.
        if self.source.query(TranscriptView):
            marks.update(marks_legend())
        else:
            self.query_one("#help-marks-scroll").display = False
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
