"""REFI-QDA exports (``coder export -f qdpx|qdc``) and ``coder agreement``.

Registered by importing this module from ``coder.cli``. Everything heavy (the
exchange code, pandas) is imported inside the functions, so ``coder --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from coder.cli.common import ProjectArg, app, document_ids_of, echo, open_project
from coder.errors import CoderError


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


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


def _rows(report) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [
        [row.code, row.turns, row.by_a, row.by_b, row.table.both, row.percent, row.kappa, row.alpha]
        for row in [*report.codes, report.overall]
    ]


def _disagreement_rows(report) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [
        [d.document, d.turn, d.speaker or "", d.code, d.coder, d.excerpt]
        for d in report.disagreements
    ]


def format_agreement(report, *, disagreements: bool = False) -> str:  # type: ignore[no-untyped-def]
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


def write_agreement_table(report, path: Path, *, force: bool) -> Path:  # type: ignore[no-untyped-def]
    """The per-code table as .csv, or as .xlsx (with a sheet of disagreements).

    Both go through :mod:`coder.export.spreadsheet`, so no code name or excerpt becomes a
    formula.
    """
    from coder.export.files import check_target
    from coder.export.spreadsheet import write_csv, write_xlsx

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


@app.command()
def agreement(
    project: Path = ProjectArg,
    coders: tuple[str, str] = typer.Option(..., "--coders", help="The two coders to compare."),
    code: list[str] = typer.Option([], "--code", help="Only these codes (repeatable)."),
    document: list[str] = typer.Option(
        [], "--document", "-d", help="Only these documents (default: those both coders coded)."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Also write the table (.csv or .xlsx)."
    ),
    disagreements: bool = typer.Option(
        False, "--disagreements", help="List the turns the coders disagree on."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Intercoder agreement per code (turns as units): percent, Cohen's kappa, Krippendorff's alpha."""
    from coder.exchange.agreement import agreement as measure
    from coder.export.files import check_target

    if output is not None:
        check_target(output, force=force)  # before the work, not after it
    with open_project(project) as opened:
        code_ids = [opened.find_code(ref).id for ref in code] or None
        document_ids = document_ids_of(opened, document)
        report = measure(opened, coders[0], coders[1], code_ids=code_ids, document_ids=document_ids)
    echo(format_agreement(report, disagreements=disagreements))
    if output is not None:
        written = write_agreement_table(report, output, force=force)
        echo(f"Wrote the table to {written}.")
