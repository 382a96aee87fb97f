"""Intercoder agreement between two coders: per code percent, kappa and alpha, and the
turns where they differ (enter jumps to the turn); ``e`` exports the table."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Label, Select

from coder.errors import CoderError
from coder.text_safety import display_text
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextSelect, TextTable

if TYPE_CHECKING:
    from coder.exchange.agreement import AgreementReport, CodeAgreement, Disagreement
    from coder.tui.app import CodeertafelApp


def measure(value: float | None, percent: bool = False) -> Text:
    """A measure for the table; "n.v.t." (not applicable) when it is undefined."""
    if value is None:
        return Text(t("agreement.undefined"), style="dim", justify="right")
    return Text(f"{value:.1f}%" if percent else f"{value:.2f}", justify="right")


class AgreementScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "export", "bind.export"),
        Binding("escape", "close", "bind.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)
        self.report: AgreementReport | None = None

    @property
    def codeertafel(self) -> CodeertafelApp:
        return cast("CodeertafelApp", self.app)

    def compose(self) -> ComposeResult:
        project = self.codeertafel.project
        used = {c.coder for c in project.codings(source="human")}
        # coders who coded something come first, so the defaults are a useful pair
        coders = sorted(project.coders(), key=lambda name: name not in used)
        options = [(name, name) for name in coders]
        with Vertical(id="agreement"):
            with Horizontal(classes="toolbar"):
                yield TextLabel(t("agreement.title"), classes="screen-title")
                yield TextSelect(
                    options,
                    value=coders[0] if coders else Select.NULL,
                    id="coder-a",
                    prompt=t("agreement.coder_a"),
                )
                yield TextSelect(
                    options,
                    value=coders[1] if len(coders) > 1 else Select.NULL,
                    id="coder-b",
                    prompt=t("agreement.coder_b"),
                )
            yield TextTable(id="agreement-table", cursor_type="row", zebra_stripes=True)
            yield TextLabel(t("agreement.disagreements"), classes="panel-title")
            yield TextTable(id="disagreements-table", cursor_type="row", zebra_stripes=True)
            yield TextLabel("", id="agreement-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#agreement-table", DataTable)
        for key in ("code", "turns", "by_a", "by_b", "percent", "kappa", "alpha"):
            table.add_column(t(f"agreement.{key}"), key=key)
        table = self.query_one("#disagreements-table", DataTable)
        for key in ("document", "turn", "speaker", "code", "coded_by", "excerpt"):
            table.add_column(t(f"agreement.{key}"), key=key)
        self.compare()

    @on(Select.Changed)
    def compare(self) -> None:
        from coder.exchange.agreement import agreement

        a = self.query_one("#coder-a", Select).value
        b = self.query_one("#coder-b", Select).value
        self.report = None
        if isinstance(a, str) and isinstance(b, str):
            try:
                self.report = agreement(self.codeertafel.project, a, b)
            except CoderError as error:
                self._fill(str(error))
                return
        self._fill(t("agreement.choose") if self.report is None else "")

    def _row(self, row: CodeAgreement, bold: bool = False) -> list[object]:
        name = t("agreement.overall") if row.code_id is None else row.code
        return [
            Text(display_text(name), style="bold" if bold else ""),
            Text(str(row.turns), justify="right"),
            Text(str(row.by_a), justify="right"),
            Text(str(row.by_b), justify="right"),
            measure(row.percent, percent=True),
            measure(row.kappa),
            measure(row.alpha),
        ]

    def _fill(self, message: str) -> None:
        table = self.query_one("#agreement-table", DataTable)
        differences = self.query_one("#disagreements-table", DataTable)
        table.clear()
        differences.clear()
        report = self.report
        if report is not None:
            for row in report.codes:
                table.add_row(*self._row(row))
            if report.codes:
                table.add_row(*self._row(report.overall, bold=True))
            for n, item in enumerate(report.disagreements):
                differences.add_row(
                    item.document,
                    Text(str(item.turn), justify="right"),
                    item.speaker or "—",
                    item.code,
                    item.coder,
                    item.excerpt,
                    key=str(n),
                )
            message = "  ".join(
                [
                    t("agreement.summary", documents=len(report.documents), turns=report.turns),
                    *report.notes,
                ]
            )
        self.query_one("#agreement-status", Label).update(message)

    @on(DataTable.RowSelected, "#disagreements-table")
    def _jump(self, event: DataTable.RowSelected) -> None:
        if self.report is None:
            return
        item: Disagreement = self.report.disagreements[int(str(event.row_key.value))]
        try:
            document = self.codeertafel.project.document(item.document)
        except CoderError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss()
        self.app.call_later(self.codeertafel.open_document, document.id, item.turn - 1)

    def action_export(self) -> None:
        """The table of the two coders shown, through the export registry's ``agreement``
        format (the writer of ``coder agreement -o``)."""
        from coder.tui.screens.export import ExportScreen

        if self.report is None:
            self.notify(t("agreement.choose"), severity="warning")
            return
        coders = (self.report.coder_a, self.report.coder_b)
        path = self.codeertafel.project_path
        self.app.push_screen(
            ExportScreen(
                path.parent, f"{path.stem}-{'-'.join(coders)}", format="agreement", coders=coders
            )
        )

    def action_close(self) -> None:
        self.dismiss()
