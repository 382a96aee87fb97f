"""The command palette (ctrl+p): Codeertafel's commands as data, and Textual's own.

Each command names an action of the app (``CodeertafelApp.action_*``, e.g.
``show('coding')``), run as a Textual action; titles and help are catalogue keys. The
palette's built-in system commands and its placeholder are shown in the interface
language too (:mod:`coder.tui.builtins`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from coder.text_safety import display_text
from coder.tui.i18n import language, t

if TYPE_CHECKING:
    from coder.tui.app import CodeertafelApp


@dataclass(frozen=True)
class PaletteCommand:
    title: str  # catalogue key
    help: str  # catalogue key; may use {name}, the coder's name
    action: str  # an action of the app
    # shown only when the interface is not in this language (the language switches)
    unless_language: str | None = None


COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand("cmd.import", "cmd.import.help", "import_files"),
    PaletteCommand("cmd.rename_document", "cmd.document.help", "rename_document"),
    PaletteCommand("cmd.delete_document", "cmd.document.help", "delete_document"),
    PaletteCommand("cmd.edit_attributes", "cmd.document.help", "edit_attributes"),
    PaletteCommand("cmd.correct_turn", "cmd.correct_turn.help", "correct_turn"),
    PaletteCommand("cmd.export", "cmd.export.help", "export"),
    PaletteCommand("cmd.agreement", "cmd.agreement.help", "compare_coders"),
    PaletteCommand("cmd.train", "cmd.train.help", "train"),
    PaletteCommand("cmd.train_cancel", "cmd.train_cancel.help", "cancel_training"),
    PaletteCommand("cmd.autotag", "cmd.autotag.help", "autotag"),
    PaletteCommand("cmd.undo", "cmd.undo.help", "undo"),
    PaletteCommand("cmd.redo", "cmd.redo.help", "redo"),
    PaletteCommand("cmd.suggestions", "cmd.suggestions.help", "toggle_suggestions"),
    PaletteCommand("cmd.others", "cmd.others.help", "toggle_other_coders"),
    PaletteCommand("cmd.show.documents", "cmd.show.help", "show('documents')"),
    PaletteCommand("cmd.show.coding", "cmd.show.help", "show('coding')"),
    PaletteCommand("cmd.show.codebook", "cmd.show.help", "show('codebook')"),
    PaletteCommand("cmd.show.search", "cmd.show.help", "show('search')"),
    PaletteCommand("cmd.show.overview", "cmd.show.help", "show('overview')"),
    PaletteCommand("cmd.show.clusters", "cmd.show.help", "show('clusters')"),
    PaletteCommand("cmd.show.deid", "cmd.show.help", "show('deid')"),
    PaletteCommand("cmd.show.review", "cmd.show.help", "show('review')"),
    PaletteCommand("cmd.show.passages", "cmd.show.help", "show('passages')"),
    PaletteCommand("cmd.show.memos", "cmd.show.help", "show('memos')"),
    PaletteCommand("cmd.coder", "cmd.coder.help", "ask_coder"),
    PaletteCommand("cmd.language.nl", "cmd.language.help", "switch_language('nl')", "nl"),
    PaletteCommand("cmd.language.en", "cmd.language.help", "switch_language('en')", "en"),
)


class ShownCommand(NamedTuple):
    """A command as the palette shows it now: in the interface language."""

    title: str
    help: str
    action: str


def palette_commands(app: CodeertafelApp) -> list[ShownCommand]:
    """The commands to offer now (none without an open project)."""
    if app._project is None:
        return []
    name = app.project.coder
    return [
        ShownCommand(t(command.title), t(command.help, name=name), command.action)
        for command in COMMANDS
        if command.unless_language != language()
    ]


def _help_text(text: str) -> str:
    """The palette reads help as markup, and a help line can quote the coder's name."""
    return escape(display_text(text))


class CodeertafelCommands(Provider):
    def _commands(self) -> list[ShownCommand]:
        return palette_commands(cast("CodeertafelApp", self.app))

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(
                title, partial(self.app.run_action, action), help=_help_text(help_text)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=_help_text(help_text),
                )
