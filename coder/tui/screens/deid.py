"""Pseudonymise: review, document by document, what identifies people before sharing.

The review (finding names, places, organisations, dates, ages and contact details in
the whole project) runs in a thread worker, again after every decision, so the view
always shows what the pseudonymised copy would replace. The researcher moves through
the distinct findings of a document, each marked in the transcript by kind, and keeps
a finding as identifying (the default: it is only marked as seen), drops it as not
identifying, takes a decision back, or adds a name the detector missed. Decisions are
stored in the project (the same review as ``coder pseudonymise --keep/--add``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from coder.deid.detect import fold
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.model import build_turn_rows
from coder.tui.reviewing import DROPPED, FindingRow, finding_rows
from coder.tui.screens.base import BaseScreen
from coder.tui.screens.deid_dialogs import CopyRequest
from coder.tui.screens.deid_rows import (
    document_cells,
    finding_cells,
    record,
    review_summary,
    row_of,
    status_cell,
)
from coder.tui.widgets.findings_view import FindingsView
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextTable

if TYPE_CHECKING:
    from coder.deid.pseudonymise import Review
    from coder.store.deid import DeidDecision

GROUPS = ("deid", "deid-copy")  # the review, the copy


class DeidScreen(BaseScreen):
    NAME = "deid"

    BINDINGS = [
        Binding("a", "accept", "bind.deid_accept"),
        Binding("d", "drop", "bind.deid_drop"),
        Binding("u", "undo_decision", "bind.deid_undo"),
        Binding("n", "add_name", "bind.deid_add"),
        Binding("w", "write_copy", "bind.deid_copy"),
        Binding("ctrl+r", "run", "bind.deid_run"),
        Binding("escape", "cancel", "bind.cancel", show=False),
    ]

    @dataclass
    class ReviewProgressed(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, DeidScreen.ReviewProgressed)

    @dataclass
    class ReviewFinished(Message):
        run: int
        found: Review
        decisions: list[DeidDecision]

    @dataclass
    class CopyWritten(Message):
        request: CopyRequest
        documents: int
        replaced: int
        names: int

    def __init__(self) -> None:
        super().__init__()
        self.found: Review | None = None
        self.decisions: list[DeidDecision] = []
        self.document_id: int | None = None
        self.rows: list[FindingRow] = []  # the findings of the document shown
        self.accepted: set[tuple[str, str]] = set()  # seen and kept as identifying
        self._run = 0  # the newest review started; older results are dropped
        # the row to show after a run: a position, or a name (folded)
        self._wanted: int | str | None = None
        self._added: str | None = None  # a name just added: say whether it was found
        self._place = 0  # which occurrence of the current finding is marked

    def compose(self) -> ComposeResult:
        with Vertical(id="deid"):
            yield TextLabel(t("deid.title"), classes="screen-title")
            with Horizontal(id="deid-progress", classes="progress-row"):
                yield TextLabel(t("deid.busy"), id="deid-progress-label")
                yield ProgressBar(id="deid-bar", show_eta=False)
            with Horizontal(id="deid-body"):
                with Vertical(id="deid-left"):
                    yield TextLabel(t("deid.documents"), classes="panel-title")
                    yield TextTable(id="deid-documents", cursor_type="row", zebra_stripes=True)
                    yield TextLabel(t("deid.findings"), classes="panel-title")
                    yield TextTable(id="deid-findings", cursor_type="row", zebra_stripes=True)
                with Vertical(id="deid-right"):
                    yield TextLabel("", id="deid-document-title", classes="panel-title")
                    yield FindingsView(id="deid-transcript")
            yield TextLabel(t("deid.loading"), id="deid-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        documents = self.query_one("#deid-documents", DataTable)
        documents.add_column(t("deid.document"), key="document")
        documents.add_column("#", key="total")
        documents.add_column(t("deid.kinds"), key="kinds")
        findings = self.query_one("#deid-findings", DataTable)
        findings.add_column(t("deid.text"), key="text")
        findings.add_column(t("deid.kind"), key="kind")
        findings.add_column("×", key="count")
        findings.add_column(t("deid.status"), key="status")
        self.query_one("#deid-progress").display = False

    @property
    def documents_table(self) -> DataTable:
        return self.query_one("#deid-documents", DataTable)

    @property
    def findings_table(self) -> DataTable:
        return self.query_one("#deid-findings", DataTable)

    @property
    def view(self) -> FindingsView:
        return self.query_one(FindingsView)

    def reload(self) -> None:
        """The project changed (a decision, an import, another process): review again."""
        self.action_run()

    # -- the review in the background -------------------------------------------------------

    def action_run(self) -> None:
        self._run += 1
        self._show_progress(t("deid.busy"))
        self.review_project(self._run)

    @work(thread=True, exclusive=True, exit_on_error=False, group="deid", description="deid")
    def review_project(self, run: int) -> None:
        from coder.deid.pseudonymise import review

        worker = get_current_worker()

        def progress(done: int, total: int, item: str) -> None:
            self.post_message(self.ReviewProgressed(done, total))

        found = review(self.project, progress=progress)
        decisions = self.project.deid_decisions()
        if not worker.is_cancelled:
            self.post_message(self.ReviewFinished(run, found, decisions))

    def _show_progress(self, label: str) -> None:
        self.query_one("#deid-progress-label", Label).update(label)
        self.query_one("#deid-progress").display = True
        self.query_one("#deid-bar", ProgressBar).update(total=None, progress=0)

    def _has_work(self) -> bool:
        return any(w.group in GROUPS and w.is_running for w in self.workers)

    def action_cancel(self) -> None:
        if self._has_work():
            for group in GROUPS:
                self.workers.cancel_group(self, group)
            self.notify(t("work.cancelled"), severity="warning")

    def worker_finished(self, worker: Worker) -> None:
        if worker.group in GROUPS and not self._has_work():
            self.query_one("#deid-progress").display = False
        if worker.group == "deid" and worker.state == WorkerState.ERROR and self.found is None:
            self.query_one("#deid-status", Label).update(t("deid.failed"))  # told by the app

    # -- the pseudonymised copy ------------------------------------------------------------

    def action_write_copy(self) -> None:
        from coder.tui.screens.deid_dialogs import WriteCopyScreen

        def chosen(request: CopyRequest | None) -> None:
            if request is None:
                return
            if any(w.group == "deid-copy" and w.is_running for w in self.workers):
                self.notify(t("deid.copy_busy"), severity="warning")
                return
            self._show_progress(t("deid.copy_busy"))
            self.write_copy(request)

        path = self.codeertafel.project_path
        self.app.push_screen(WriteCopyScreen(path.parent, path.stem), chosen)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="deid-copy",
        description="pseudonymise",
    )
    def write_copy(self, request: CopyRequest) -> None:
        """Review afresh (the stored decisions), then write the copy and the key."""
        from coder.deid.copies import write_pseudonymised_copy
        from coder.deid.pseudonymise import review

        worker = get_current_worker()

        def progress(done: int, total: int, item: str) -> None:
            self.post_message(self.ReviewProgressed(done, total))

        found = review(self.project, progress=progress)
        try:
            summary = write_pseudonymised_copy(  # an existing key: the same pseudonyms
                self.project,
                request.output,
                request.key,
                style=request.style,
                found=found,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except InterruptedError:
            return
        self.post_message(
            self.CopyWritten(request, summary.documents, summary.replaced, summary.names)
        )

    @on(CopyWritten)
    def _copy_written(self, event: CopyWritten) -> None:
        self.notify(
            t(
                "deid.copy_written",
                path=str(event.request.output),
                documents=event.documents,
                replaced=event.replaced,
                names=event.names,
                key_file=str(event.request.key),
            ),
            timeout=10,
        )

    @on(ReviewProgressed)
    def _progressed(self, event: ReviewProgressed) -> None:
        self.query_one("#deid-bar", ProgressBar).update(total=event.total, progress=event.done)

    @on(ReviewFinished)
    def _finished(self, event: ReviewFinished) -> None:
        if event.run != self._run:
            return  # a decision was made meanwhile: a newer review is on its way
        if not any(w.group == "deid-copy" and w.is_running for w in self.workers):
            self.query_one("#deid-progress").display = False
        self.found, self.decisions = event.found, event.decisions
        self._fill_documents()
        self._show_document()
        if self._added is not None:
            row = next((r for r in self.rows if fold(r.text) == fold(self._added)), None)
            if row is None:
                self.notify(t("deid.added_not_here", name=self._added), severity="warning")
            else:
                self.notify(t("deid.added", name=self._added, count=row.count))
            self._added = None
        self.refresh_bindings()
        if self.focused is None:
            self.documents_table.focus()

    # -- drawing ---------------------------------------------------------------------------

    def _fill_documents(self) -> None:
        assert self.found is not None
        table = self.documents_table
        table.clear()
        documents = self.project.documents()
        for document in documents:
            findings = self.found.findings.get(document.id, [])
            table.add_row(*document_cells(document.name, findings), key=str(document.id))
        ids = [d.id for d in documents]
        if self.document_id not in ids:
            self.document_id = ids[0] if ids else None
        if self.document_id is not None:
            table.move_cursor(row=ids.index(self.document_id))
        self._update_status(len(documents))

    def _show_document(self) -> None:
        found, document_id = self.found, self.document_id
        title = self.query_one("#deid-document-title", Label)
        if found is None or document_id is None:
            self.rows = []
            self._fill_findings()
            title.update("")
            return
        document = self.project.document(document_id)
        title.update(display_text(document.name))
        text = self.project.text(document_id)
        turns = build_turn_rows(text, self.project.segments(document_id), [], {}, {})
        findings = found.findings.get(document_id, [])
        self.rows = finding_rows([turn.text for turn in turns], findings, self.decisions)
        self.view.show_findings(
            turns,
            findings,
            found.speakers.get(document_id, []),
            [
                place
                for row in self.rows
                if row.status(self.accepted) == DROPPED
                for place in row.places
            ],
        )
        self._fill_findings()

    def _fill_findings(self) -> None:
        table = self.findings_table
        wanted, self._wanted = self._wanted, None
        previous = table.cursor_row
        current = previous if wanted is None else wanted
        table.clear()
        for number, row in enumerate(self.rows):
            table.add_row(*finding_cells(row, self.accepted), key=str(number))
        if not self.rows:
            self.view.mark(None)
            return
        if isinstance(current, str):
            current = row_of(self.rows, current, self.accepted, previous)
        table.move_cursor(row=max(0, min(current, len(self.rows) - 1)))
        self._mark(0)

    def _update_status(self, documents: int) -> None:
        if self.found is None:
            return
        summary = review_summary(self.found, self.decisions, documents)
        self.query_one("#deid-status", Label).update(summary)

    @property
    def row(self) -> FindingRow | None:
        table = self.findings_table
        if not self.rows or not table.row_count:
            return None
        return self.rows[max(0, min(table.cursor_row, len(self.rows) - 1))]

    def _mark(self, place: int) -> None:
        row = self.row
        if row is None or not row.places:
            self.view.mark(None)
            return
        self._place = place % len(row.places)
        self.view.mark(row.places[self._place])

    # -- moving ------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#deid-documents")
    def _document_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != event.data_table.cursor_row:
            return  # passed over while the list was refilled
        document_id = int(str(event.row_key.value))
        if document_id != self.document_id and self.found is not None:
            self.document_id = document_id
            self._wanted = 0
            self._show_document()

    @on(DataTable.RowSelected, "#deid-documents")
    def _document_selected(self) -> None:
        self.findings_table.focus()

    @on(DataTable.RowHighlighted, "#deid-findings")
    def _finding_highlighted(self) -> None:
        self._mark(0)

    @on(DataTable.RowSelected, "#deid-findings")
    def _finding_selected(self) -> None:
        """Enter: the next occurrence of the finding."""
        self._mark(self._place + 1)

    # -- deciding ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "drop", "undo_decision"):
            return self.row is not None
        if action in ("add_name", "write_copy"):
            return self.found is not None
        return True

    def _next_row(self) -> None:
        table = self.findings_table
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def _redraw_row(self) -> None:
        row, table = self.row, self.findings_table
        if row is None:
            return
        table.update_cell(
            str(table.cursor_row),
            "status",
            status_cell(row.status(self.accepted)),
            update_width=True,
        )

    def action_accept(self) -> None:
        """Identifying (the default): only marked as seen; a dropped name is taken back."""
        row = self.row
        if row is None:
            return
        if row.decision is not None and row.status(self.accepted) == DROPPED:
            self._forget(row)
            return
        self.accepted.add(row.key)
        self._redraw_row()
        self._next_row()

    def action_drop(self) -> None:
        """Not identifying: stored, so the copy leaves it as it is."""
        row = self.row
        if row is None:
            return
        if row.status(self.accepted) == DROPPED:
            self.notify(t("deid.already_dropped", name=row.text))
            return
        self.accepted.discard(row.key)
        self._wanted = self.findings_table.cursor_row  # the next finding takes its place
        if self.codeertafel.act(record, self.project, keep=[row.text]):
            self.notify(t("deid.dropped", name=row.text))

    def action_undo_decision(self) -> None:
        row = self.row
        if row is None:
            return
        if row.decision is not None:
            self._forget(row)
        elif row.key in self.accepted:
            self.accepted.discard(row.key)
            self._redraw_row()
        else:
            self.notify(t("deid.nothing_to_undo", name=row.text), severity="warning")

    def _forget(self, row: FindingRow) -> None:
        assert row.decision is not None
        self._wanted = fold(row.decision.text)  # a name kept is found again: show it
        if self.codeertafel.act(record, self.project, forget=[row.decision.text]):
            self.notify(t("deid.forgotten", name=row.decision.text))

    def action_add_name(self) -> None:
        from coder.tui.screens.deid_dialogs import AddNameScreen

        def added(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            text, kind = answer
            self._wanted = fold(text)
            if self.codeertafel.act(record, self.project, add=[f"{text}={kind}"]):
                self._added = text

        self.app.push_screen(AddNameScreen(), added)
