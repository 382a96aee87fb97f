"""``coder export``: every export format behind one command, chosen with --format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import typer

from coder.cli.common import (
    ProjectArg,
    app,
    code_ids_of,
    document_ids_of,
    echo,
    fail,
    open_project,
    progress_bar,
)
from coder.errors import CoderError


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for; each format uses the filters that apply to it."""

    output: Path
    force: bool
    code_ids: list[int] | None
    document_ids: list[int] | None
    source: str | None
    coder: str | None
    attributes: dict[str, str] | None = None
    limit: int | None = None
    pseudonymise: bool = False
    normalised: bool = False

    def suffix(self, allowed: tuple[str, ...]) -> str:
        suffix = self.output.suffix.lower()
        if suffix not in allowed:
            raise CoderError(f"{self.output}: this export is written as {' or '.join(allowed)}")
        return suffix


# format name → (description, function(project, request) -> one-line summary)
EXPORTERS: dict[str, tuple[str, Callable]] = {}


def exporter(name: str, description: str) -> Callable[[Callable], Callable]:
    def register(function: Callable) -> Callable:
        EXPORTERS[name] = (description, function)
        return function

    return register


def _codings(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.tables import codings_frame, write_table

    frame = codings_frame(
        project,
        code_ids=request.code_ids,
        document_ids=request.document_ids,
        source=request.source,
        coder=request.coder,
        attributes=request.attributes,
    )
    write_table(frame, request.output, force=request.force)
    return f"Wrote {len(frame)} codings to {request.output}."


for _format in ("csv", "xlsx", "parquet"):

    def _table_export(project, request: ExportRequest, _suffix: str = f".{_format}") -> str:  # type: ignore[no-untyped-def]
        request.suffix((_suffix,))
        return _codings(project, request)

    exporter(_format, "codings, one row per coding, with document attributes")(_table_export)


@exporter("matrix", "code × document frequencies (.csv, .xlsx, .parquet)")
def _matrix(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.tables import code_document_matrix, write_table

    write_table(code_document_matrix(project), request.output, force=request.force, index=True)
    return f"Wrote the code × document table to {request.output}."


@exporter("cooccurrence", "code co-occurrence on turns (.csv, .xlsx; --normalised: Jaccard)")
def _cooccurrence(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.tables import cooccurrence, write_table

    write_table(
        cooccurrence(project, normalised=request.normalised),
        request.output,
        force=request.force,
        index=True,
    )
    return f"Wrote the co-occurrence table to {request.output}."


@exporter("quotes", "quote tables per code (.md or .tex; --limit)")
def _quotes(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.files import write_atomically
    from coder.export.quotes import quote_tables, to_latex, to_markdown

    suffix = request.suffix((".md", ".tex"))
    # From a pseudonymised copy the names are pseudonyms already; speaker labels then
    # become roles or "deelnemer N" as well.
    tables = quote_tables(
        project, code_ids=request.code_ids, limit=request.limit, pseudonymise=request.pseudonymise
    )
    text = to_markdown(tables) if suffix == ".md" else to_latex(tables)
    write_atomically(request.output, lambda h: h.write(text), force=request.force)
    return f"Wrote quotes for {len(tables)} codes to {request.output}."


@exporter(
    "codebook", "the codebook with definitions, examples and counts (.md, .xlsx, .csv, .yaml)"
)
def _codebook(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.files import write_atomically

    suffix = request.suffix((".md", ".xlsx", ".csv", ".yaml"))
    if suffix == ".md":
        from coder.export.quotes import codebook_markdown

        text = codebook_markdown(project)
        write_atomically(request.output, lambda h: h.write(text), force=request.force)
    elif suffix == ".yaml":
        from coder.codebook import project_codebook, write_codebook

        write_codebook(project_codebook(project), request.output, force=request.force)
    else:
        from coder.export.tables import codebook_frame, write_table

        write_table(codebook_frame(project), request.output, force=request.force)
    return f"Wrote the codebook to {request.output}."


@exporter("plot-frequencies", "bar chart of code frequencies (.png, .svg)")
def _plot_frequencies(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.plots import plot_frequencies

    plot_frequencies(project, request.output, force=request.force)
    return f"Wrote {request.output}."


@exporter("plot-matrix", "heatmap of codes × documents (.png, .svg)")
def _plot_matrix(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.plots import plot_code_document

    plot_code_document(project, request.output, force=request.force)
    return f"Wrote {request.output}."


@exporter("plot-cooccurrence", "heatmap of code co-occurrence (.png, .svg; --normalised)")
def _plot_cooccurrence(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.plots import plot_cooccurrence

    plot_cooccurrence(project, request.output, normalised=request.normalised, force=request.force)
    return f"Wrote {request.output}."


@exporter("transcripts", "each document as a plain-text transcript, Speaker: text (-o FOLDER)")
def _transcripts(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.transcripts import write_transcripts

    count = write_transcripts(
        project, request.output, document_ids=request.document_ids, force=request.force
    )
    return f"Wrote {count} transcripts to {request.output}."


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
    coder: str | None = typer.Option(None, "--coder", help="Only this coder's codings."),
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
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Export the project's data; every file is written atomically."""
    if format not in EXPORTERS:
        available = ", ".join(
            f"{name} ({description})" for name, (description, _) in EXPORTERS.items()
        )
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
        from coder.importing import parse_attributes

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
        )
        if not pseudonymise:
            echo(EXPORTERS[format][1](opened, request))
            return
        from coder.deid.pseudonymise import open_key, pseudonymised_copy

        assert key is not None
        pseudonyms = open_key(key)
        with (
            progress_bar("Pseudonymising") as update,
            pseudonymised_copy(opened, pseudonyms, progress=update) as copy,
        ):
            message = EXPORTERS[format][1](copy, request)
        pseudonyms.write(key)
        echo(f"{message} Pseudonymised; key in {key} (keep it apart).")
