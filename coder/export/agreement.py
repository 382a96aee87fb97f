"""Intercoder agreement written out: the per-code table (.csv, or .xlsx with a sheet of
disagreements) and the plain-text report the command line prints.

The measuring is :func:`coder.exchange.agreement.agreement`; the registry's
``agreement`` format (:mod:`coder.export.formats`) and ``coder agreement -o`` both write
through :func:`write_agreement_table`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import CoderError

if TYPE_CHECKING:
    from coder.exchange.agreement import AgreementReport

SUFFIXES = (".csv", ".xlsx")
COLUMNS = [
    "code",
    "turns",
    "coded_by_a",
    "coded_by_b",
    "both",
    "percent_agreement",
    "kappa",
    "alpha",
]
DISAGREEMENT_COLUMNS = ["document", "turn", "speaker", "code", "coded_by", "text"]


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _rows(report: AgreementReport) -> list[list[object]]:
    return [
        [row.code, row.turns, row.by_a, row.by_b, row.table.both, row.percent, row.kappa, row.alpha]
        for row in [*report.codes, report.overall]
    ]


def _disagreement_rows(report: AgreementReport) -> list[list[object]]:
    return [
        [d.document, d.turn, d.speaker or "", d.code, d.coder, d.excerpt]
        for d in report.disagreements
    ]


def agreement_text(report: AgreementReport, *, disagreements: bool = False) -> str:
    """The report as an aligned plain-text table (and, when asked, the disagreements)."""
    a, b = report.coder_a, report.coder_b
    header = ["code", "turns", f"by {a}", f"by {b}", "agree %", "kappa", "alpha"]
    body = [
        [
            row.code,
            str(row.turns),
            str(row.by_a),
            str(row.by_b),
            _number(row.percent, 1),
            _number(row.kappa),
            _number(row.alpha),
        ]
        for row in [*report.codes, report.overall]
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    lines = [
        f"Agreement between {a} and {b}: {report.turns} turns in {len(report.documents)} document(s)",
        "",
        line(header),
    ]
    lines += [line(cells) for cells in body[:-1]]
    lines += ["-" * len(line(header)), line(body[-1])]
    lines += [f"Note: {note}" for note in report.notes]
    if disagreements:
        lines += ["", f"{len(report.disagreements)} disagreement(s):"]
        for d in report.disagreements:
            speaker = f" {d.speaker}:" if d.speaker else ""
            lines.append(
                f"  {d.document} turn {d.turn}{speaker} [{d.code}] only {d.coder}: {d.excerpt}"
            )
    return "\n".join(lines)


def write_agreement_table(report: AgreementReport, path: Path, *, force: bool) -> Path:
    """The per-code table as .csv, or as .xlsx (with a sheet of disagreements).

    Both go through :mod:`coder.export.spreadsheet`, so no code name or excerpt becomes a
    formula.
    """
    from coder.export.spreadsheet import write_csv, write_xlsx
    from coder.files import check_target

    suffix = path.suffix.lower()
    if suffix == ".csv":
        return write_csv(path, COLUMNS, _rows(report), force=force, encoding="utf-8")
    if suffix == ".xlsx":
        check_target(path, force=force)
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            raise CoderError(
                f"{path}: writing .xlsx needs openpyxl (pip install openpyxl); use .csv instead"
            ) from None
        sheets = [
            ("agreement", COLUMNS, _rows(report)),
            ("disagreements", DISAGREEMENT_COLUMNS, _disagreement_rows(report)),
        ]
        return write_xlsx(path, sheets, force=force)
    raise CoderError(
        f"{path}: the table can be written as .csv or .xlsx, not '{suffix or 'no extension'}'"
    )
