"""Export from the workbench: the same formats as ``coder export``, from the core's
registry (:data:`coder.export.formats.FORMATS`), so a new format shows up here without
a change to the workbench.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select
from textual.worker import Worker, WorkerState, get_current_worker

from coder.errors import OutputError
from coder.tui.i18n import catalogue, language, localise_bindings, t
from coder.tui.widgets.plain import TextLabel, TextSelect

if TYPE_CHECKING:
    from coder.export.formats import Written
    from coder.tui.app import CodeertafelApp


def format_description(name: str, fallback: str) -> str:
    """A format's line in the interface's language (the registry's own line, which
    speaks of command-line options, only for a format the catalogue does not know)."""
    key = f"export.format.{name}"
    return t(key) if key in catalogue(language()) else fallback


def written_text(result: Written) -> str:
    """What an export wrote, in the interface's language."""
    values = {key: str(value) for key, value in result.values.items()}
    return t(f"export.wrote.{result.kind}", **values)


def output_error_text(error: OutputError) -> str:
    """A file that cannot be written, in the interface's language, naming the
    workbench's own controls (the checkbox, not --force)."""
    return t(
        f"export.error.{error.reason}",
        path=str(error.path),
        force=t("export.force"),
        **error.values,
    )


def default_suffix(name: str) -> str:
    """The file suffix a format is written with by default (none for a folder)."""
    from coder.export.formats import FORMATS

    suffixes = FORMATS[name].suffixes if name in FORMATS else ()
    return suffixes[0] if suffixes else ""


class ExportScreen(ModalScreen[str | None]):
    """Choose a format and a file; the export runs in the background."""

    BINDINGS = [Binding("escape", "cancel", "bind.cancel")]

    def __init__(
        self,
        folder: Path,
        stem: str,
        *,
        format: str = "csv",
        code_ids: list[int] | None = None,
        together_code_ids: list[int] | None = None,
        coders: tuple[str, str] | None = None,
    ) -> None:
        """``code_ids`` / ``together_code_ids`` / ``coders``: what a view exports (the
        passages of a code, the agreement of two coders); the format starts at
        ``format``."""
        super().__init__()
        localise_bindings(self)
        self.folder, self.stem, self.format = folder, stem, format
        self.code_ids, self.together_code_ids = code_ids, together_code_ids
        self.coders = coders
        from coder.export.formats import FORMATS

        given = {"code_ids": code_ids, "coders": coders}
        # a format that needs what this view does not give (the codes of the passages,
        # the two coders of an agreement table) is offered where a view gives it
        self.formats = {
            name: format_description(name, f.description)
            for name, f in FORMATS.items()
            if all(given.get(need) for need in f.needs)
        }
        self._suggested = ""
        self._key: Path | None = None  # of the export running: pseudonymised with this key

    @property
    def codeertafel(self) -> CodeertafelApp:
        return cast("CodeertafelApp", self.app)

    def compose(self) -> ComposeResult:
        options = [(f"{name} — {description}", name) for name, description in self.formats.items()]
        with Vertical(classes="dialog export"):
            yield TextLabel(t("export.title"), classes="dialog-title")
            yield TextLabel(t("export.format"), classes="field-label")
            yield TextSelect(options, allow_blank=False, value=self.format, id="export-format")
            yield TextLabel(t("export.path"), classes="field-label")
            yield Input(id="export-path")
            yield Checkbox(t("export.force"), id="export-force", compact=True)
            yield Checkbox(t("export.pseudonymise"), id="export-pseudonymise", compact=True)
            with Horizontal(id="export-key-row"):
                yield TextLabel(t("export.key"), classes="field-label")
                key = str(self.folder / f"{self.stem}-sleutel.csv")
                yield Input(key, id="export-key", compact=True)
            with Horizontal(id="export-progress", classes="progress-row"):
                yield TextLabel(t("export.busy"))
                yield ProgressBar(total=None, show_eta=False, show_percentage=False)
            yield TextLabel("", id="export-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("export.run"), variant="primary", id="export-run")
                yield Button(t("export.cancel"), id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self.query_one("#export-key-row").display = False
        self._suggest_path(self.format)
        self.query_one("#export-path", Input).focus()

    def _suggest_path(self, name: str) -> None:
        path = self.query_one("#export-path", Input)
        if path.value and path.value != self._suggested:
            return  # the user typed a path: keep it
        suffix = default_suffix(name)
        self._suggested = str(self.folder / f"{self.stem}-{name}{suffix}")
        path.value = self._suggested

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        self._suggest_path(str(event.value))

    @on(Checkbox.Changed, "#export-pseudonymise")
    def _pseudonymise_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#export-key-row").display = event.value

    @on(Button.Pressed, "#export-run")
    @on(Input.Submitted, "#export-path")
    @on(Input.Submitted, "#export-key")
    def _run(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self._error(t("export.no_path"))
            return
        if any(w.group == "export" and w.is_running for w in self.workers):
            return
        output = Path(path).expanduser()
        key: Path | None = None
        if self.query_one("#export-pseudonymise", Checkbox).value:
            typed = self.query_one("#export-key", Input).value.strip()
            if not typed:
                self._error(t("export.no_key"))
                return
            key = Path(typed).expanduser()
            if key.resolve() == output.resolve():
                self._error(t("export.key_is_output"))
                return
        self._error("")
        self.query_one("#export-progress").display = True
        self.query_one("#export-run", Button).disabled = True
        format = str(self.query_one("#export-format", Select).value)
        force = self.query_one("#export-force", Checkbox).value
        self._key = key
        self.run_export(format, output, force, key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", description="export")
    def run_export(
        self, format: str, output: Path, force: bool, key: Path | None = None
    ) -> Written:
        """Write the export; with ``key``, from a pseudonymised copy (names, places, …
        as reviewed on the pseudonymisation screen), the key written to ``key``."""
        from coder.export.formats import ExportRequest, export

        worker = get_current_worker()
        bar = self.query_one("#export-progress ProgressBar", ProgressBar)

        def progress(done: int, total: int, item: str) -> None:
            self.app.call_from_thread(bar.update, total=total or None, progress=done)

        # As the screens count: reviewed codings, with the suggestions (marked) when toggled.
        request = ExportRequest(
            output,
            force,
            self.code_ids,
            None,
            None,
            None,
            together_code_ids=self.together_code_ids,
            include_suggestions=self.codeertafel.include_suggestions,
            coders=self.coders,
            pseudonymise=key is not None,
            key=key,
        )
        return export(
            self.codeertafel.project,
            format,
            request,
            progress=progress,
            cancelled=lambda: worker.is_cancelled,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "export" or not event.worker.is_finished:
            return
        self.query_one("#export-progress").display = False
        self.query_one("#export-run", Button).disabled = False
        if event.state == WorkerState.SUCCESS:
            summary = written_text(cast("Written", event.worker.result))
            if self._key is not None:
                summary += " " + t("export.key_written", path=str(self._key))
            self.notify(summary, title=t("export.done"))
            self.dismiss(summary)
        elif event.state == WorkerState.ERROR:
            self.codeertafel.report_worker_state(event)  # the one place errors are told
            error = event.worker.error
            self._error(output_error_text(error) if isinstance(error, OutputError) else str(error))

    def _error(self, text: str) -> None:
        label = self.query_one("#export-error", Label)
        label.update(text)
        label.display = bool(text)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
