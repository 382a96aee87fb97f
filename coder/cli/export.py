"""``coder export``: every export format behind one command, chosen with --format."""

from __future__ import annotations

from pathlib import Path

import typer

from coder.cli.common import (
    IncludeSuggestionsOpt,
    OnlyCoderOpt,
    ProjectArg,
    app,
    code_ids_of,
    document_ids_of,
    echo,
    fail,
    known_coder,
    open_project,
    progress_bar,
)


@app.command()
def export(
    project: Path = ProjectArg,
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    format: str = typer.Option(
        "csv", "--format", "-f", help="Export format; an unknown name lists the available ones."
    ),
    code: list[str] = typer.Option([], "--code", help="Only these codes (and their subcodes)."),
    document: list[str] = typer.Option([], "--document", "-d", help="Only these documents."),
    source: str | None = typer.Option(None, "--source", help="Only human or only model codings."),
    coder: str | None = OnlyCoderOpt,
    include_suggestions: bool = IncludeSuggestionsOpt,
    attr: list[str] = typer.Option(
        [], "--attr", help="Only documents with this attribute key=value."
    ),
    limit: int | None = typer.Option(None, "--limit", help="Quotes: at most this many per code."),
    pseudonymise: bool = typer.Option(
        False,
        "--pseudonymise",
        help="Replace names, places, organisations, dates, ages and contact details as "
        "reviewed with 'coder pseudonymise' (needs --key).",
    ),
    key: Path | None = typer.Option(
        None,
        "--key",
        help="With --pseudonymise: the key file (reused when it exists; keep it apart).",
    ),
    normalised: bool = typer.Option(
        False, "--normalised", help="Co-occurrence: Jaccard instead of counts."
    ),
    coders: tuple[str, str] | None = typer.Option(
        None, "--coders", help="Agreement: the two coders to compare."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Export the project's data; every file is written atomically."""
    from coder.export.formats import FORMATS, ExportRequest, export

    if format not in FORMATS:
        available = ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
        fail(f"unknown export format '{format}' (available: {available})")
    if source is not None and source not in ("human", "model"):
        fail(f"--source must be human or model, not '{source}'")
    if pseudonymise and key is None:
        fail("--pseudonymise needs --key: the key is what lets you trace a pseudonym back")
    if key is not None and not pseudonymise:
        fail("--key goes with --pseudonymise")
    with open_project(project) as opened:
        code_ids = code_ids_of(opened, code)
        ids = document_ids_of(opened, document)
        from coder.ingest.importing import parse_attributes

        known_coder(opened, coder)
        request = ExportRequest(
            output,
            force,
            code_ids,
            ids,
            source,
            coder,
            parse_attributes(attr) or None,
            limit,
            pseudonymise,
            normalised,
            include_suggestions=include_suggestions,
            coders=coders,
            key=key,
        )
        with progress_bar("Pseudonymising" if pseudonymise else "Exporting") as update:
            written = export(opened, format, request, progress=update)
    if pseudonymise:
        echo(f"{written} Pseudonymised; key in {key} (keep it apart).")
    else:
        echo(str(written))
