"""The command palette's Codeertafel commands (ctrl+p): the main actions as data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from coder.text_safety import display_text
from coder.tui.i18n import LANGUAGES, language, t

if TYPE_CHECKING:
    from coder.tui.app import CodeertafelApp


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], Any]


def palette_commands(app: CodeertafelApp) -> list[PaletteCommand]:
    from coder.tui.screens.dialogs import PromptScreen

    def ask_coder() -> None:
        def chosen(name: str | None) -> None:
            if name:
                app.switch_coder(name)

        app.push_screen(PromptScreen(t("coder.prompt"), app.project.coder), chosen)

    def import_files() -> None:
        async def run() -> None:
            await app.action_show("documents")
            app.screen_for("documents").action_import()  # type: ignore[attr-defined]

        app.call_later(run)

    def on_coding_screen(method: str) -> Callable[[], Any]:
        """Run ``method`` of the coding screen, shown first (its panel shows the progress)."""

        async def run() -> None:
            await app.action_show("coding")
            getattr(app.screen_for("coding"), method)()

        return partial(app.call_later, run)

    def export() -> None:
        from coder.tui.screens.export import ExportScreen

        app.push_screen(ExportScreen(app.project_path.parent, app.project_path.stem))

    def compare_coders() -> None:
        from coder.tui.screens.agreement import AgreementScreen

        app.push_screen(AgreementScreen())

    def on_documents_screen(method: str) -> Callable[[], Any]:
        """Run ``method`` of the documents screen for the document under its cursor."""

        async def run() -> None:
            await app.action_show("documents")
            getattr(app.screen_for("documents"), method)()

        return partial(app.call_later, run)

    commands = [
        PaletteCommand(t("cmd.import"), t("cmd.import.help"), import_files),
        PaletteCommand(
            t("cmd.rename_document"), t("cmd.document.help"), on_documents_screen("action_rename")
        ),
        PaletteCommand(
            t("cmd.delete_document"), t("cmd.document.help"), on_documents_screen("action_delete")
        ),
        PaletteCommand(
            t("cmd.edit_attributes"),
            t("cmd.document.help"),
            on_documents_screen("action_attributes"),
        ),
        PaletteCommand(
            t("cmd.correct_turn"),
            t("cmd.correct_turn.help"),
            on_coding_screen("action_correct_turn"),
        ),
        PaletteCommand(t("cmd.export"), t("cmd.export.help"), export),
        PaletteCommand(t("cmd.agreement"), t("cmd.agreement.help"), compare_coders),
        PaletteCommand(t("cmd.train"), t("cmd.train.help"), on_coding_screen("start_training")),
        PaletteCommand(
            t("cmd.train_cancel"), t("cmd.train_cancel.help"), on_coding_screen("cancel_training")
        ),
        PaletteCommand(t("cmd.autotag"), t("cmd.autotag.help"), on_coding_screen("start_autotag")),
        PaletteCommand(t("cmd.undo"), t("cmd.undo.help"), app.action_undo),
        PaletteCommand(t("cmd.redo"), t("cmd.redo.help"), app.action_redo),
    ]
    commands += [
        PaletteCommand(t("cmd.suggestions"), t("cmd.suggestions.help"), app.toggle_suggestions),
        PaletteCommand(t("cmd.others"), t("cmd.others.help"), app.toggle_other_coders),
    ]
    screens = ("documents", "coding", "codebook", "search", "overview", "clusters", "deid")
    for name in (*screens, "review", "passages", "memos"):
        commands.append(
            PaletteCommand(
                t(f"cmd.show.{name}"),
                t("cmd.show.help"),
                partial(app.call_later, app.action_show, name),
            )
        )
    commands.append(
        PaletteCommand(t("cmd.coder"), t("cmd.coder.help", name=app.project.coder), ask_coder)
    )
    for lang in LANGUAGES:
        if lang != language():
            commands.append(
                PaletteCommand(
                    t(f"cmd.language.{lang}"),
                    t("cmd.language.help"),
                    partial(app.call_later, app.switch_language, lang),
                )
            )
    return commands


def _help_text(text: str) -> str:
    """The palette reads help as markup, and a help line can quote the coder's name."""
    return escape(display_text(text))


class CodeertafelCommands(Provider):
    def _commands(self) -> list[PaletteCommand]:
        app = cast("CodeertafelApp", self.app)
        if app._project is None:
            return []
        return palette_commands(app)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=_help_text(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    command.run,
                    help=_help_text(command.help),
                )
