"""The Codeertafel terminal workbench: the app, its screens and the actions they share.

``make_app`` is the one way to build the app (the ``coder tui`` command and the tests
use it); what the app gets from the core that tests replace (the suggester, the
clusterer, the analysis helper) is passed to it (:mod:`coder.tui.collaborators`). The app owns the open :class:`~coder.store.Project`; screens ask the project
for data and call its methods for every change (each is stored at once, and undoable).
"""

from __future__ import annotations

import importlib
import re
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from coder.errors import CoderError, OutputError
from coder.store import Project
from coder.text_safety import display_text
from coder.tui.builtins import localise_textual_bindings, system_commands, textual_text
from coder.tui.collaborators import (
    Clusterer,
    Collaborators,
    HelperFactory,
    SuggesterFactory,
    cluster_project,
    make_analysis_helper,
    make_suggester,
)
from coder.tui.commands import CodeertafelCommands
from coder.tui.i18n import catalogue, language, localise_bindings, set_language, t
from coder.tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from coder.nlp.helper import AnalysisHelper
    from coder.tui.screens.coding import CodingScreen
    from coder.tui.screens.documents import DocumentsScreen

T = TypeVar("T")
POLL_SECONDS = 2.0  # how often to look for changes made by other processes
# actions that work on the open project (none on the error screen)
NEEDS_PROJECT = frozenset(
    (
        "show",
        "undo",
        "redo",
        "import_files",
        "export",
        "compare_coders",
        "train",
        "cancel_training",
        "autotag",
        "ask_coder",
        "rename_document",
        "delete_document",
        "edit_attributes",
        "correct_turn",
        "toggle_suggestions",
        "toggle_other_coders",
    )
)


SCREEN_CLASSES = {
    "documents": "coder.tui.screens.documents:DocumentsScreen",
    "coding": "coder.tui.screens.coding:CodingScreen",
    "codebook": "coder.tui.screens.codebook:CodebookScreen",
    "search": "coder.tui.screens.search:SearchScreen",
    "overview": "coder.tui.screens.overview:OverviewScreen",
    "clusters": "coder.tui.screens.clusters:ClustersScreen",
    "deid": "coder.tui.screens.deid:DeidScreen",
    "passages": "coder.tui.screens.passages:PassagesScreen",
    "memos": "coder.tui.screens.memos:MemosScreen",
    "review": "coder.tui.screens.review:ReviewScreen",
}


def screen_class(name: str) -> type[BaseScreen]:
    """The class of a main screen, imported on first use (so start-up stays quick)."""
    module, _, attribute = SCREEN_CLASSES[name].partition(":")
    return getattr(importlib.import_module(module), attribute)


def describe_operation(description: str) -> str:
    """The store's operation descriptions ("apply code 'X'") in the interface language."""
    match = re.match(r"^([a-z ]+?)( '.*)?$", description)
    if match:
        known = catalogue(language()).get(f"op.{match.group(1)}")
        if known:
            return known + (match.group(2) or "")
    return description


class CodeertafelApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Codeertafel"
    COMMANDS = App.COMMANDS | {CodeertafelCommands}

    BINDINGS = [
        Binding("f2", "show('documents')", "bind.documents"),
        Binding("f3", "show('coding')", "bind.coding"),
        Binding("f4", "show('codebook')", "bind.codebook"),
        Binding("f5", "show('search')", "bind.search"),
        Binding("f6", "show('overview')", "bind.overview"),
        Binding("f7", "show('clusters')", "bind.clusters"),
        Binding("f8", "show('deid')", "bind.deid"),
        # Not in the footer (it is full); on the help screen and in the palette.
        Binding("f9", "show('review')", "bind.review", show=False),
        Binding("f10", "show('passages')", "bind.passages"),
        Binding("f11", "show('memos')", "bind.memos"),
        Binding("ctrl+z", "undo", "bind.undo"),
        Binding("ctrl+y", "redo", "bind.redo"),
        Binding("f1,question_mark", "help", "bind.help"),
        Binding("ctrl+p", "command_palette", "bind.palette", priority=True),
        Binding("ctrl+q", "quit", "bind.quit", priority=True),
    ]

    def __init__(
        self,
        project_path: Path,
        *,
        lang: str = "nl",
        coder: str | None = None,
        collaborators: Collaborators | None = None,
    ) -> None:
        set_language(lang)
        super().__init__()
        localise_bindings(self)
        self.project_path = Path(project_path)
        self.coder_name = coder
        self.collaborators = collaborators or Collaborators()
        self._project: Project | None = None
        self._analysis_helper: AnalysisHelper | None = None
        self.data_version = 0
        self.document_id: int | None = None
        self.pending_turn: int | None = None
        self.current_name = "documents"
        self._generation = 0
        self._installed: dict[str, str] = {}  # screen name -> installed name
        self._seen_version = 0
        # Counts show reviewed codings; this toggle adds the model's pending suggestions.
        self.include_suggestions = False
        # The margin shows the active coder's codings; this toggle adds the others'.
        self.show_other_coders = False

    # -- user text is text ----------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", markup: bool = True, **kwargs: Any) -> None:
        """Notifications quote code and document names: never markup, no control codes."""
        super().notify(display_text(message), title=display_text(title), markup=False, **kwargs)

    def _fatal_error(self) -> None:
        """Textual's crash report shows the local variables of every frame, which hold
        transcript text; ours shows the traceback without them."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    # -- start and stop ------------------------------------------------------------------

    @property
    def project(self) -> Project:
        if self._project is None:
            raise CoderError("no project is open")
        return self._project

    def on_mount(self) -> None:
        project: Project | None = None
        try:
            project = Project.open(self.project_path, coder=self.coder_name)
            project.coder_id()  # make sure the coder exists; this also tests for a lock
        except (CoderError, sqlite3.Error) as error:
            from coder.tui.screens.error import ErrorScreen

            if project is not None:
                project.close()
            self.push_screen(ErrorScreen(self._error_text(error)))
            return
        self._project = project
        self._show_coder()
        self._seen_version = self._project.data_version()
        self.set_interval(POLL_SECONDS, self._poll_other_writers)
        # The coding screen is composed now, beneath the documents screen, so opening the
        # first document only loads it: composing a screen the first time (widgets, their
        # styles) is most of the time of a first open. It draws nothing until shown.
        self.push_screen(self.screen_for("coding"))
        self.switch_screen(self.screen_for("documents"))

    def _poll_other_writers(self) -> None:
        """Redraw when another process (a colleague, the CLI) changed the project."""
        if self._project is None or not self.screen_stack:  # not yet, or shutting down
            return
        try:
            version = self._project.data_version()
        except sqlite3.Error:
            return
        if version != self._seen_version:
            self._seen_version = version
            self.changed()

    @property
    def analysis_helper(self) -> AnalysisHelper:
        """The helper process that analyses long documents (started on first use)."""
        if self._analysis_helper is None:
            self._analysis_helper = self.collaborators.analysis_helper(self.project_path)
        return self._analysis_helper

    def on_unmount(self) -> None:
        if self._analysis_helper is not None:
            self._analysis_helper.close()
        if self._project is not None:
            self._project.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Without an open project (the error screen) there is nothing to show or undo.
        return not (action in NEEDS_PROJECT and self._project is None)

    # -- screens ---------------------------------------------------------------------------

    def screen_for(self, name: str) -> BaseScreen:
        installed = self._installed.get(name)
        if installed is None:
            installed = f"{name}-{self._generation}"
            self.install_screen(screen_class(name)(), installed)
            self._installed[name] = installed
        return self.get_screen(installed, BaseScreen)

    async def action_show(self, name: str) -> None:
        if self._project is None:
            return
        while len(self.screen_stack) > 2:  # close dialogs first
            self.pop_screen()
        self.current_name = name
        target = self.screen_for(name)
        if self.screen is not target:
            await self.switch_screen(target)

    async def open_document(self, document_id: int, turn: int | None = None) -> None:
        """Show a document on the coding screen (at turn ``turn`` when given)."""
        self.document_id = document_id
        self.pending_turn = turn
        await self.action_show("coding")
        coding = self.screen_for("coding")
        if getattr(coding, "document_id", None) != document_id:
            coding.data_version = -1  # another document: redraw it even if no data changed
        coding.refresh_if_stale()
        coding.show_pending()  # type: ignore[attr-defined]

    async def switch_language(self, lang: str) -> None:
        """Change the interface language: the screens are made anew in that language."""
        set_language(lang)
        localise_bindings(self)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        old = list(self._installed.values())
        self._generation += 1
        self._installed = {}
        await self.switch_screen(self.screen_for(self.current_name))
        for name in old:
            self.uninstall_screen(name)
        self.notify(t("language.switched"))

    def switch_coder(self, name: str) -> None:
        previous = self.project.coder
        try:
            self.project.coder = name.strip()
            self.project.coder_id()
        except (CoderError, sqlite3.Error) as error:
            self.project.coder = previous
            self.notify(self._error_text(error), severity="error")
            return
        self.coder_name = name
        self._show_coder()
        self.changed()
        self.notify(t("coder.switched", name=name))

    def _show_coder(self) -> None:
        """The active coder is always in the header, beside the project's name."""
        self.sub_title = display_text(
            f"{self.project_path.name} · {t('app.coder', name=self.project.coder)}"
        )

    def action_toggle_suggestions(self) -> None:
        self.include_suggestions = not self.include_suggestions
        self.changed()
        self.notify(
            t("suggestions.counted" if self.include_suggestions else "suggestions.not_counted")
        )

    def action_toggle_other_coders(self) -> None:
        self.show_other_coders = not self.show_other_coders
        self.changed()
        self.notify(t("others.shown" if self.show_other_coders else "others.hidden"))

    # -- changes ---------------------------------------------------------------------------

    def act(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a project method that changes data; show errors as notifications.

        The project stores the change at once; every screen is redrawn when next shown.
        """
        try:
            result = change(*args, **kwargs)
        except (CoderError, sqlite3.Error) as error:
            self.notify(
                self._error_text(error), title=t("error.title"), severity="error", timeout=8
            )
            return None
        self.changed()
        return result

    def changed(self) -> None:
        self.data_version += 1
        screen = self.screen
        if isinstance(screen, BaseScreen):
            screen.refresh_if_stale()
        elif len(self.screen_stack) > 1:
            # a dialog is open over a main screen: redraw the main screen beneath it
            for below in reversed(self.screen_stack[:-1]):
                if isinstance(below, BaseScreen):
                    below.refresh_if_stale()
                    break

    def _error_text(self, error: BaseException) -> str:
        if isinstance(
            error, (sqlite3.OperationalError, CoderError)
        ) and "database is locked" in str(error):
            return t("error.locked", path=self.project_path.name)
        if isinstance(error, sqlite3.Error):
            return t("error.database", error=str(error))
        if isinstance(error, OutputError):  # in the interface's words, not the CLI's
            from coder.tui.screens.export import output_error_text

            return output_error_text(error)
        return str(error)

    def action_undo(self) -> None:
        self._step(self.project.undo, "undo")

    def action_redo(self) -> None:
        self._step(self.project.redo, "redo")

    def _step(self, step: Callable[[], Any], kind: str) -> None:
        if self._project is None:
            return
        operation = self.act(step)
        if operation is None:
            self.notify(t(f"{kind}.nothing"))
        else:
            self.notify(t(f"{kind}.done", what=describe_operation(operation.description)))

    # -- the palette, in the interface language ---------------------------------------------

    def action_command_palette(self) -> None:
        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            placeholder = textual_text("Search for commands…")
            self._push_palette(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        placeholder = textual_text("Search for themes…")
        self._push_palette(CommandPalette(providers=[ThemeProvider], placeholder=placeholder))

    def _push_palette(self, palette: CommandPalette) -> None:
        localise_textual_bindings(palette)
        self.push_screen(palette)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from system_commands(super().get_system_commands(screen))

    @on(events.DescendantFocus)
    def _localise_focused(self, event: events.DescendantFocus) -> None:
        """Textual's widgets (an open drop-down's menu) show their key hints in the
        interface language."""
        if type(event.widget).__module__.startswith("textual."):
            localise_textual_bindings(event.widget)

    # -- the palette's commands (coder.tui.commands names these actions) -----------------

    async def _documents_screen(self) -> DocumentsScreen:
        """The documents screen, shown first (its cursor names the document)."""
        await self.action_show("documents")
        return cast("DocumentsScreen", self.screen_for("documents"))

    async def action_import_files(self) -> None:
        (await self._documents_screen()).action_import()

    async def action_rename_document(self) -> None:
        (await self._documents_screen()).action_rename()

    async def action_delete_document(self) -> None:
        (await self._documents_screen()).action_delete()

    async def action_edit_attributes(self) -> None:
        (await self._documents_screen()).action_attributes()

    def action_export(self) -> None:
        from coder.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen(self.project_path.parent, self.project_path.stem))

    def action_compare_coders(self) -> None:
        from coder.tui.screens.agreement import AgreementScreen

        self.push_screen(AgreementScreen())

    async def _coding_screen(self) -> CodingScreen:
        """The coding screen, shown first (its panel shows the progress of the work)."""
        await self.action_show("coding")
        return cast("CodingScreen", self.screen_for("coding"))

    async def action_train(self) -> None:
        (await self._coding_screen()).start_training()

    async def action_cancel_training(self) -> None:
        (await self._coding_screen()).cancel_training()

    async def action_autotag(self) -> None:
        (await self._coding_screen()).start_autotag()

    async def action_correct_turn(self) -> None:
        (await self._coding_screen()).action_correct_turn()

    def action_ask_coder(self) -> None:
        from coder.tui.screens.dialogs import PromptScreen

        def chosen(name: str | None) -> None:
            if name:
                self.switch_coder(name)

        self.push_screen(PromptScreen(t("coder.prompt"), self.project.coder), chosen)

    async def action_switch_language(self, lang: str) -> None:
        await self.switch_language(lang)

    def action_help(self) -> None:
        from coder.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    # -- workers ---------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def report_worker_state(self, event: Worker.StateChanged) -> None:
        """The one place where failed or cancelled background work is reported.

        Worker messages do not bubble, so the screens that run workers pass theirs here.
        """
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            text = (
                self._error_text(error)
                if isinstance(error, (CoderError, sqlite3.Error))
                else repr(error)
            )
            self.notify(text, title=t("error.title"), severity="error", timeout=10)
        elif event.state == WorkerState.CANCELLED and event.worker.group in ("import", "search"):
            self.notify(t("work.cancelled"), severity="warning")


def make_app(
    project_path: str | Path,
    *,
    lang: str = "nl",
    coder: str | None = None,
    suggester: SuggesterFactory = make_suggester,
    clusterer: Clusterer = cluster_project,
    analysis_helper: HelperFactory = make_analysis_helper,
) -> CodeertafelApp:
    """The app for ``project_path``, in language ``lang``, coding as ``coder``.

    ``suggester`` makes the coding screen's suggester, ``clusterer`` clusters on the
    clusters screen, ``analysis_helper`` starts the process that analyses long documents:
    the production ones by default, fixed ones in tests.
    """
    return CodeertafelApp(
        Path(project_path),
        lang=lang,
        coder=coder,
        collaborators=Collaborators(suggester, clusterer, analysis_helper),
    )
