"""``coder agreement``: intercoder agreement between two coders, printed and, with -o,
written as a table (the same writer as ``coder export -f agreement``). The REFI-QDA
exports are formats of ``coder export`` (:mod:`coder.export.formats`).

Everything heavy (the exchange code, pandas) is imported inside the function, so
``coder --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from coder.cli.common import ProjectArg, app, document_ids_of, echo, open_project


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
    from coder.export.agreement import agreement_text, write_agreement_table
    from coder.files import check_target

    if output is not None:
        check_target(output, force=force)  # before the work, not after it
    with open_project(project) as opened:
        code_ids = [opened.find_code(ref).id for ref in code] or None
        document_ids = document_ids_of(opened, document)
        report = measure(opened, coders[0], coders[1], code_ids=code_ids, document_ids=document_ids)
    echo(agreement_text(report, disagreements=disagreements))
    if output is not None:
        written = write_agreement_table(report, output, force=force)
        echo(f"Wrote the table to {written}.")
