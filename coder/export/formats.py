"""The export formats: one registry for the command line and the workbench alike.

Each format has a name, a line describing it, the suffixes it writes and a function that
takes the project, a plain request and the progress/cancel protocol of
:mod:`coder.progress`, and returns a one-line summary. The faces list
the formats and call :func:`export`; neither defines one. A format's heavy libraries
(pandas, openpyxl, matplotlib, lxml) are imported inside its function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from coder.errors import CoderError
from coder.progress import Cancelled, Progress
from coder.store import Project


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


class Writer(Protocol):
    """Writes one format: reports ``progress`` and stops (InterruptedError) when
    ``cancelled()`` where it has steps; returns a one-line summary."""

    def __call__(
        self, project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
    ) -> str: ...


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, a line describing it, the file suffixes it writes
    (the first is the default; none for a folder), and the function that writes it and
    returns a one-line summary."""

    name: str
    description: str
    suffixes: tuple[str, ...]
    write: Writer


FORMATS: dict[str, ExportFormat] = {}


def exporter(name: str, description: str, suffixes: tuple[str, ...]) -> Callable[[Writer], Writer]:
    def register(function: Writer) -> Writer:
        FORMATS[name] = ExportFormat(name, description, suffixes, function)
        return function

    return register


def _codings(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
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

    def _table_export(
        project: Project,
        request: ExportRequest,
        progress: Progress,
        cancelled: Cancelled,
        _suffix: str = f".{_format}",
    ) -> str:
        request.suffix((_suffix,))
        return _codings(project, request, progress, cancelled)

    exporter(_format, "codings, one row per coding, with document attributes", (f".{_format}",))(
        _table_export
    )


@exporter(
    "matrix", "code × document frequencies (.csv, .xlsx, .parquet)", (".csv", ".xlsx", ".parquet")
)
def _matrix(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.export.tables import code_document_matrix, write_table

    write_table(code_document_matrix(project), request.output, force=request.force, index=True)
    return f"Wrote the code × document table to {request.output}."


@exporter(
    "cooccurrence",
    "code co-occurrence on turns (.csv, .xlsx; --normalised: Jaccard)",
    (".csv", ".xlsx"),
)
def _cooccurrence(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.export.tables import cooccurrence, write_table

    write_table(
        cooccurrence(project, normalised=request.normalised),
        request.output,
        force=request.force,
        index=True,
    )
    return f"Wrote the co-occurrence table to {request.output}."


@exporter("quotes", "quote tables per code (.md or .tex; --limit)", (".md", ".tex"))
def _quotes(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
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
    "codebook",
    "the codebook with definitions, examples and counts (.md, .xlsx, .csv, .yaml)",
    (".md", ".xlsx", ".csv", ".yaml"),
)
def _codebook(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
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


@exporter("plot-frequencies", "bar chart of code frequencies (.png, .svg)", (".png", ".svg"))
def _plot_frequencies(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.export.plots import plot_frequencies

    plot_frequencies(project, request.output, force=request.force)
    return f"Wrote {request.output}."


@exporter("plot-matrix", "heatmap of codes × documents (.png, .svg)", (".png", ".svg"))
def _plot_matrix(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.export.plots import plot_code_document

    plot_code_document(project, request.output, force=request.force)
    return f"Wrote {request.output}."


@exporter(
    "plot-cooccurrence",
    "heatmap of code co-occurrence (.png, .svg; --normalised)",
    (".png", ".svg"),
)
def _plot_cooccurrence(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.export.plots import plot_cooccurrence

    plot_cooccurrence(project, request.output, normalised=request.normalised, force=request.force)
    return f"Wrote {request.output}."


@exporter("transcripts", "each document as a plain-text transcript, Speaker: text (-o FOLDER)", ())
def _transcripts(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.export.transcripts import write_transcripts

    count = write_transcripts(
        project,
        request.output,
        document_ids=request.document_ids,
        force=request.force,
        progress=progress,
        cancelled=cancelled,
    )
    return f"Wrote {count} transcripts to {request.output}."


def _filters_note(request: ExportRequest) -> str:
    used = any(
        value is not None
        for value in (request.code_ids, request.document_ids, request.source, request.coder)
    )
    return " (filters do not apply to this format: everything was exported)" if used else ""


@exporter("qdpx", "REFI-QDA project for ATLAS.ti, MAXQDA, NVivo and others", (".qdpx",))
def _qdpx(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> str:
    from coder.exchange.refi_write import write_qdpx

    path, counts = write_qdpx(project, request.output, force=request.force)
    return (
        f"Wrote {counts.documents} documents, {counts.codes} codes, {counts.codings} codings "
        f"and {counts.memos} memos to {path}{_filters_note(request)}."
    )


@exporter("qdc", "REFI-QDA codebook", (".qdc",))
def _qdc(project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled) -> str:
    from coder.exchange.refi_write import write_qdc

    path, count = write_qdc(project, request.output, force=request.force)
    return f"Wrote {count} codes to {path}{_filters_note(request)}."


def _no_progress(done: int, total: int, item: str) -> None:
    pass


def _not_cancelled() -> bool:
    return False


def export(
    project: Project,
    name: str,
    request: ExportRequest,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> str:
    """Write format ``name``; its one-line summary. An unknown name lists the known ones.

    ``progress`` hears of the start and the end (and of each step of a format that has
    steps); when ``cancelled()`` is true before the writing starts, or between steps,
    InterruptedError is raised and nothing is written."""
    if name not in FORMATS:
        available = ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
        raise CoderError(f"unknown export format '{name}' (available: {available})")
    progress = progress or _no_progress
    cancelled = cancelled or _not_cancelled
    if cancelled():
        raise InterruptedError("cancelled")
    progress(0, 1, name)
    summary = FORMATS[name].write(project, request, progress, cancelled)
    progress(1, 1, "")
    return summary
