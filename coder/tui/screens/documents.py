"""Documents: the transcripts of the project with their attributes (the project's own
keys as columns) and coding progress; import, rename, delete, edit attributes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, ProgressBar
from textual.worker import Worker, get_current_worker

from coder.errors import CoderError
from coder.ingest import IMPORTABLE_SUFFIXES, REFI_SUFFIXES, SUPPORTED_SUFFIXES
from coder.ingest.importing import ImportOutcome
from coder.store import DocumentSummary
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.model import bar
from coder.tui.screens.base import BaseScreen
from coder.tui.screens.documents_layout import (
    CELL_PADDING,
    SCROLLBAR,
    attribute_labels,
    attributes_cell,
    columns_fit,
    fixed_width,
)
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextTable


def row_matches(summary: DocumentSummary, query: str) -> bool:
    """Every word of ``query`` occurs in the name or an attribute (``key=value`` works too)."""
    haystack = " ".join(
        [summary.document.name, *(f"{k}={v} {v}" for k, v in summary.document.attributes.items())]
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


def files_to_import(text: str) -> list[Path]:
    """A file, or a folder (its transcripts), or several of them separated by ';'."""
    paths: list[Path] = []
    for part in text.split(";"):
        path = Path(part.strip()).expanduser()
        if not part.strip():
            continue
        if path.is_dir():
            paths.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in IMPORTABLE_SUFFIXES)
            )
        else:
            paths.append(path)
    return paths


class DocumentsScreen(BaseScreen):
    NAME = "documents"

    BINDINGS = [
        Binding("enter", "open", "bind.open_document"),
        Binding("slash", "filter", "bind.filter"),
        Binding("i", "import", "bind.import"),
        Binding("r", "rename", "bind.rename_document"),
        Binding("a", "attributes", "bind.edit_attributes"),
        Binding("delete", "delete", "bind.delete_document"),
        Binding("escape", "escape", "bind.cancel", show=False),
    ]

    @dataclass
    class ImportProgressed(Message):
        done: int
        total: int
        item: str

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DocumentsScreen.ImportProgressed)  # only the latest counts

    @dataclass
    class ImportFinished(Message):
        outcomes: list[ImportOutcome]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[DocumentSummary] = []
        self.attribute_keys: list[str] = []
        self.table_layout: tuple[tuple[str, ...], bool, int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="documents"):
            with Horizontal(classes="toolbar"):
                yield TextLabel(t("documents.title"), classes="screen-title")
                yield Input(placeholder=t("documents.filter"), id="documents-filter")
            yield TextTable(id="documents-table", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="import-progress", classes="progress-row"):
                yield TextLabel("", id="import-label")
                yield ProgressBar(id="import-bar", show_eta=False)
            yield TextLabel("", id="documents-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        self.show_counted("documents.title")
        self.summaries = self.project.document_summaries(**self.scope)
        self.attribute_keys = self.project.attribute_keys()
        self._lay_out()

    def on_resize(self) -> None:
        if self.summaries:
            self._lay_out()

    def _headers(self) -> list[str]:
        return [t("documents.name"), t("documents.turns"), t("documents.progress")]

    def _lay_out(self) -> None:
        """Columns for the keys (again) when they or the room for them changed, then rows."""
        table = self.query_one(DataTable)
        width = table.size.width or self.app.size.width
        height = table.size.height or self.app.size.height - 7  # before the first layout
        keys, headers = self.attribute_keys, self._headers()
        combined = not columns_fit(self.summaries, keys, headers, (width, height))
        layout = (tuple(self.attribute_keys), combined, width if combined else 0)
        if layout != self.table_layout or not table.columns:
            self.table_layout = layout
            self._columns(combined, width)
        self._fill()

    def _columns(self, combined: bool, width: int) -> None:
        """Turns and progress come right after the name, so a narrow terminal keeps them;
        then one column per attribute key, or, where they do not all fit, one column
        with every key and its value on a line of its own."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for key, header in zip(("name", "turns", "progress"), self._headers(), strict=True):
            table.add_column(header, key=key)
        if combined and self.attribute_keys:
            room = width - fixed_width(self.summaries, self._headers()) - CELL_PADDING - SCROLLBAR
            table.add_column(t("documents.attributes"), key="attributes", width=max(room, 16))
            return
        for key, label in attribute_labels(self.attribute_keys).items():
            table.add_column(Text(display_text(label)), key=f"attr:{key}")

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        current = table.cursor_row
        table.clear()
        query = self.query_one("#documents-filter", Input).value
        shown = [s for s in self.summaries if row_matches(s, query)]
        combined = "attributes" in table.columns
        for summary in shown:
            document = summary.document
            share = summary.coded_turns / summary.turns if summary.turns else 0.0
            progress = Text(f"{summary.coded_turns:>3}/{summary.turns:<3} ")
            progress.append(bar(summary.coded_turns, summary.turns, 8).ljust(8), style="green")
            progress.append(f" {share:>4.0%}")
            attributes: list[Text | str]
            if combined:
                attributes = [attributes_cell(document.attributes, self.attribute_keys)]
            else:
                attributes = [document.attributes.get(key, "") for key in self.attribute_keys]
            table.add_row(
                document.name,
                Text(str(summary.turns), justify="right"),
                progress,
                *attributes,
                key=str(document.id),
                height=None if combined else 1,
            )
        if shown:
            table.move_cursor(row=min(current, len(shown) - 1))
        status = t("documents.count", shown=len(shown), total=len(self.summaries))
        if not self.summaries:
            status = t("documents.empty")
        self.query_one("#documents-status", Label).update(status)

    @on(Input.Changed, "#documents-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#documents-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#documents-table")
    async def _row_selected(self, event: DataTable.RowSelected) -> None:
        await self.codeertafel.open_document(int(str(event.row_key.value)))

    def current_document(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(str(key.value))

    async def action_open(self) -> None:
        document_id = self.current_document()
        if document_id is not None:
            await self.codeertafel.open_document(document_id)

    def action_rename(self) -> None:
        from coder.tui.screens.dialogs import PromptScreen

        document_id = self.current_document()
        if document_id is None:
            return
        old = self.project.document(document_id).name

        def chosen(name: str | None) -> None:
            if name and name != old:
                self.codeertafel.act(self.project.rename_document, document_id, name)

        self.app.push_screen(PromptScreen(t("documents.rename_title", name=old), old), chosen)

    def action_delete(self) -> None:
        from coder.documents import delete_document
        from coder.tui.screens.dialogs import ConfirmScreen

        document_id = self.current_document()
        if document_id is None:
            return
        summary = next(s for s in self.summaries if s.document.id == document_id)
        name = summary.document.name

        def answered(yes: bool | None) -> None:
            if yes and self.codeertafel.act(delete_document, self.project, document_id):
                if self.codeertafel.document_id == document_id:
                    self.codeertafel.document_id = None
                self.notify(t("documents.deleted", name=name))

        question = t("documents.delete_question", name=name, codings=summary.codings)
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_attributes(self) -> None:
        from coder.tui.screens.document_dialogs import (
            TextEditScreen,
            attribute_changes,
            attribute_lines,
            read_attribute_lines,
        )

        document_id = self.current_document()
        if document_id is None:
            return
        document = self.project.document(document_id)

        def written(text: str | None) -> None:
            if text is None:
                return
            try:
                changes = attribute_changes(document.attributes, read_attribute_lines(text))
            except CoderError as error:
                self.notify(str(error), title=t("error.title"), severity="error")
                return
            if changes:
                self.codeertafel.act(self.project.set_attributes, document_id, changes)

        text = attribute_lines(document.attributes, self.attribute_keys)
        title = t("documents.attributes_title", name=document.name)
        self.app.push_screen(TextEditScreen(title, text, t("documents.attributes_hint")), written)

    def action_filter(self) -> None:
        self.query_one("#documents-filter", Input).focus()

    def action_escape(self) -> None:
        if self.workers and any(w.group == "import" and w.is_running for w in self.workers):
            self.workers.cancel_group(self, "import")
        elif self.query_one("#documents-filter", Input).value:
            self.query_one("#documents-filter", Input).value = ""
            self.query_one(DataTable).focus()

    # -- import ----------------------------------------------------------------------------

    def action_import(self) -> None:
        from coder.tui.screens.dialogs import PromptScreen

        def chosen(text: str | None) -> None:
            if text:
                paths = files_to_import(text)
                if not paths:
                    self.notify(t("import.nothing"), severity="warning")
                    return
                self.ask_attributes(paths)

        self.app.push_screen(
            PromptScreen(
                t(
                    "import.title",
                    transcripts=", ".join(SUPPORTED_SUFFIXES),
                    refi=", ".join(REFI_SUFFIXES),
                ),
                placeholder=t("import.placeholder"),
                hint=t("import.hint"),
            ),
            chosen,
        )

    def ask_attributes(self, paths: list[Path]) -> None:
        """The attributes the new documents get: the project's keys, to fill in."""
        from coder.tui.screens.document_dialogs import (
            TextEditScreen,
            attribute_lines,
            read_attribute_lines,
        )

        def written(text: str | None) -> None:
            if text is None:
                return
            try:
                attributes = read_attribute_lines(text)
            except CoderError as error:
                self.notify(str(error), title=t("error.title"), severity="error")
                return
            self.start_import(paths, attributes)

        keys = self.attribute_keys or [t("import.example_key")]
        title = t("import.attributes_title", count=len(paths))
        screen = TextEditScreen(title, attribute_lines({}, keys), t("import.attributes_hint"))
        self.app.push_screen(screen, written)

    def start_import(self, paths: list[Path], attributes: dict[str, str] | None = None) -> None:
        self.query_one("#import-progress").display = True
        self.query_one("#import-bar", ProgressBar).update(total=len(paths), progress=0)
        self.run_import(paths, attributes or {})

    @work(thread=True, exclusive=True, exit_on_error=False, group="import", description="import")
    def run_import(self, paths: list[Path], attributes: dict[str, str]) -> None:
        from coder.ingest.importing import import_paths

        worker = get_current_worker()

        def progress(done: int, total: int, item: str) -> None:
            self.post_message(self.ImportProgressed(done, total, item))

        outcomes = import_paths(
            self.project,
            paths,
            attributes=attributes,
            progress=progress,
            cancelled=lambda: worker.is_cancelled,
        )
        self.post_message(self.ImportFinished(outcomes))

    def worker_finished(self, worker: Worker) -> None:
        if worker.group == "import":
            self.query_one("#import-progress").display = False

    @on(ImportProgressed)
    def _import_progressed(self, event: ImportProgressed) -> None:
        self.query_one("#import-bar", ProgressBar).update(total=event.total, progress=event.done)
        name = Path(event.item).name if event.item else ""
        self.query_one("#import-label", Label).update(t("import.busy", item=name))

    @on(ImportFinished)
    def _import_finished(self, event: ImportFinished) -> None:
        self.query_one("#import-progress").display = False
        imported = [o for o in event.outcomes if o.error is None]
        for outcome in event.outcomes:
            if outcome.error:
                hint = f" {t('import.name_taken')}" if outcome.name_taken else ""
                self.notify(
                    outcome.error + hint, title=t("import.failed"), severity="error", timeout=10
                )
        self.notify(t("import.done", count=len(imported), total=len(event.outcomes)))
        self.codeertafel.changed()
        reports = [o.report for o in event.outcomes if o.report is not None]
        if reports:
            from coder.tui.screens.import_summary import ImportSummaryScreen

            self.app.push_screen(ImportSummaryScreen(reports))
