"""What a REFI-QDA import brought into the project, and what it left out and why, in the
interface's language: documents, codes, codings, coders, memos, attributes, what was
adjusted and skipped. The command line prints the same report in English."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from coder.exchange.reasons import reason_parts
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel, TextStatic

if TYPE_CHECKING:
    from coder.exchange.refi import RefiImportReport


def reason_text(reason: str) -> str:
    """A reason of the report in the interface's language (a text the list of reasons
    does not know is shown as it is)."""
    parts = reason_parts(reason)
    if parts is None:
        return reason
    key, values = parts
    return t(f"import.reason.{key}", **values)


def report_lines(report: RefiImportReport) -> list[str]:
    """The report, a line each, as the command line's summary has them."""
    name = report.path.name
    title = (
        t("import.report.title_from", file=name, origin=report.origin)
        if report.origin
        else t("import.report.title", file=name)
    )
    lines: list[str] = []
    if report.documents_added or report.documents_reused:
        lines.append(
            t(
                "import.report.documents",
                new=len(report.documents_added),
                reused=len(report.documents_reused),
            )
        )
    lines.append(t("import.report.codes", new=report.codes_added, merged=report.codes_merged))
    if report.codings_present:
        lines.append(
            t(
                "import.report.codings_present",
                count=report.codings_added,
                present=report.codings_present,
            )
        )
    else:
        lines.append(t("import.report.codings", count=report.codings_added))
    if report.coders:
        lines.append(t("import.report.coders", names=", ".join(report.coders)))
    lines.append(t("import.report.memos", count=report.memos_added))
    if report.attributes_set:
        lines.append(t("import.report.attributes", count=report.attributes_set))
    for reason, count in report.adjusted.items():
        lines.append(t("import.report.adjusted", count=count, reason=reason_text(reason)))
    for reason, count in report.skipped.items():
        lines.append(t("import.report.skipped", count=count, reason=reason_text(reason)))
    lines.extend(t("import.report.note", message=reason_text(m)) for m in report.messages)
    return [title, *(f"  {line}" for line in lines)]


class ImportSummaryScreen(ModalScreen[None]):
    """The reports of the REFI-QDA files just imported; enter or escape closes it."""

    BINDINGS = [Binding("escape,enter", "close", "bind.close")]

    def __init__(self, reports: list[RefiImportReport]) -> None:
        super().__init__()
        localise_bindings(self)
        self.reports = reports

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog import-summary"):
            yield TextLabel(t("import.report.heading"), classes="dialog-title")
            with VerticalScroll(id="import-summary-scroll"):
                text = "\n\n".join("\n".join(report_lines(r)) for r in self.reports)
                yield TextStatic(text, id="import-summary")
            yield TextLabel(t("import.report.hint"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
