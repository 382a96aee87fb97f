"""The export formats: one registry for the command line and the workbench alike.

Each format has a name, a line describing it, the suffixes it writes and a function that
takes the project, a plain request and the progress/cancel protocol of
:mod:`coder.progress`, and returns what it wrote (:class:`Written`). The faces list
the formats and call :func:`export`; neither defines one. A format's heavy libraries
(pandas, openpyxl, matplotlib, lxml) are imported inside its function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coder.errors import CoderError, OutputError
from coder.progress import Cancelled, Progress

if TYPE_CHECKING:  # the registry is read by `coder export --help`: keep it light
    from coder.store import Project
    from coder.store.codings import CodingScope


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
    # Pseudonymised: written from a pseudonymised copy, with the key at ``key`` (reused
    # when it exists, written back only when the export succeeded; see export()).
    pseudonymise: bool = False
    normalised: bool = False
    together_code_ids: list[int] | None = None  # passages: only where these codes meet
    coders: tuple[str, str] | None = None  # agreement: the two coders compared
    key: Path | None = None  # with pseudonymise: the key file
    # Reviewed codings are what is exported; the model's pending suggestions only when
    # asked for, and then always marked (a status column, a model user in .qdpx).
    include_suggestions: bool = False

    @property
    def scope(self) -> CodingScope:
        """Which codings count: the keyword arguments every count and table takes."""
        return {"include_suggestions": self.include_suggestions, "coder": self.coder}

    def suffix(self, allowed: tuple[str, ...]) -> str:
        suffix = self.output.suffix.lower()
        if suffix not in allowed:
            raise OutputError(
                self.output,
                "suffix",
                what="this export is",
                allowed=" or ".join(allowed),
                suffixes=", ".join(allowed),
            )
        return suffix


# What each kind of export wrote, as the command line says it (the workbench has its own
# words for each kind, in its language).
SUMMARIES = {
    "codings": "Wrote {count} codings to {path}.",
    "matrix": "Wrote the code × document table to {path}.",
    "cooccurrence": "Wrote the co-occurrence table to {path}.",
    "quotes": "Wrote quotes for {count} codes to {path}.",
    "codebook": "Wrote the codebook to {path}.",
    "figure": "Wrote {path}.",
    "transcripts": "Wrote {count} transcripts to {path}.",
    "qdpx": "Wrote {documents} documents, {codes} codes, {codings} codings and {memos} memos "
    "to {path}.",
    "qdc": "Wrote {count} codes to {path}.",
    "passages": "Wrote {count} passages to {path}.",
    "agreement": "Wrote the agreement table of {count} codes to {path}.",
}
FILTERS_IGNORED = " (filters do not apply to this format: everything was exported)"


@dataclass(frozen=True)
class Written:
    """What an export wrote: its ``kind`` (a key of :data:`SUMMARIES`), the numbers and
    the path in ``values``, and whether filters were given that the format ignores.
    ``str()`` is the one-line summary the command line prints."""

    kind: str
    values: dict[str, object]
    filters_ignored: bool = False

    def __str__(self) -> str:
        line = SUMMARIES[self.kind].format(**self.values)
        return line[:-1] + FILTERS_IGNORED + "." if self.filters_ignored else line


def written(kind: str, path: Path, **values: object) -> Written:
    return Written(kind, {"path": path, **values})


class Writer(Protocol):
    """Writes one format: reports ``progress`` and stops (InterruptedError) when
    ``cancelled()`` where it has steps; returns what it wrote."""

    def __call__(
        self, project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
    ) -> Written: ...


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name, a line describing it, the file suffixes it writes
    (the first is the default; none for a folder), the function that writes it and
    returns what it wrote (:class:`Written`), and the fields of :class:`ExportRequest`
    it cannot do without (``needs``: a face offers it only where it can fill them)."""

    name: str
    description: str
    suffixes: tuple[str, ...]
    write: Writer
    needs: tuple[str, ...] = ()


FORMATS: dict[str, ExportFormat] = {}


def exporter(
    name: str, description: str, suffixes: tuple[str, ...], *, needs: tuple[str, ...] = ()
) -> Callable[[Writer], Writer]:
    def register(function: Writer) -> Writer:
        FORMATS[name] = ExportFormat(name, description, suffixes, function, needs)
        return function

    return register


def _codings(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.tables import codings_frame, write_table

    frame = codings_frame(
        project,
        code_ids=request.code_ids,
        document_ids=request.document_ids,
        source=request.source,
        coder=request.coder,
        attributes=request.attributes,
        include_suggestions=request.include_suggestions,
    )
    write_table(frame, request.output, force=request.force)
    return written("codings", request.output, count=len(frame))


for _format in ("csv", "xlsx", "parquet"):

    def _table_export(
        project: Project,
        request: ExportRequest,
        progress: Progress,
        cancelled: Cancelled,
        _suffix: str = f".{_format}",
    ) -> Written:
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
) -> Written:
    from coder.export.tables import code_document_matrix, write_table

    write_table(
        code_document_matrix(project, **request.scope),
        request.output,
        force=request.force,
        index=True,
    )
    return written("matrix", request.output)


@exporter(
    "cooccurrence",
    "code co-occurrence on turns (.csv, .xlsx; --normalised: Jaccard)",
    (".csv", ".xlsx"),
)
def _cooccurrence(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.tables import cooccurrence, write_table

    write_table(
        cooccurrence(project, normalised=request.normalised, **request.scope),
        request.output,
        force=request.force,
        index=True,
    )
    return written("cooccurrence", request.output)


@exporter("quotes", "quote tables per code (.md or .tex; --limit)", (".md", ".tex"))
def _quotes(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.files import write_atomically
    from coder.export.quotes import quote_tables, to_latex, to_markdown

    suffix = request.suffix((".md", ".tex"))
    # From a pseudonymised copy the names are pseudonyms already; speaker labels then
    # become roles or "deelnemer N" as well.
    tables = quote_tables(
        project,
        code_ids=request.code_ids,
        limit=request.limit,
        pseudonymise=request.pseudonymise,
        **request.scope,
    )
    text = to_markdown(tables) if suffix == ".md" else to_latex(tables)
    write_atomically(request.output, lambda h: h.write(text), force=request.force)
    return written("quotes", request.output, count=len(tables))


@exporter(
    "passages",
    "every passage of the codes in full, with document, turn, speaker, time and memo "
    "(.md, .csv, .xlsx)",
    (".md", ".csv", ".xlsx"),
    needs=("code_ids",),
)
def _passages(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.passages import write_passages

    request.suffix((".md", ".csv", ".xlsx"))
    if not request.code_ids:
        raise CoderError("the passages export needs the codes to export (--code)")
    passages = project.passages(request.code_ids, together_with=request.together_code_ids)
    paths = project.code_paths()
    title = paths.get(request.code_ids[0], "")
    if request.together_code_ids:
        title += " + " + paths.get(request.together_code_ids[0], "")
    write_passages(project, title, passages, request.output, force=request.force)
    return written("passages", request.output, count=len(passages))


@exporter(
    "codebook",
    "the codebook with definitions, examples and counts (.md, .xlsx, .csv, .yaml)",
    (".md", ".xlsx", ".csv", ".yaml"),
)
def _codebook(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.files import write_atomically

    suffix = request.suffix((".md", ".xlsx", ".csv", ".yaml"))
    if suffix == ".md":
        from coder.export.quotes import codebook_markdown

        text = codebook_markdown(project, **request.scope)
        write_atomically(request.output, lambda h: h.write(text), force=request.force)
    elif suffix == ".yaml":
        from coder.codebook import project_codebook, write_codebook

        write_codebook(project_codebook(project), request.output, force=request.force)
    else:
        from coder.export.tables import codebook_frame, write_table

        write_table(codebook_frame(project, **request.scope), request.output, force=request.force)
    return written("codebook", request.output)


@exporter("plot-frequencies", "bar chart of code frequencies (.png, .svg)", (".png", ".svg"))
def _plot_frequencies(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.plots import plot_frequencies

    plot_frequencies(project, request.output, force=request.force, **request.scope)
    return written("figure", request.output)


@exporter("plot-matrix", "heatmap of codes × documents (.png, .svg)", (".png", ".svg"))
def _plot_matrix(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.plots import plot_code_document

    plot_code_document(project, request.output, force=request.force, **request.scope)
    return written("figure", request.output)


@exporter(
    "plot-cooccurrence",
    "heatmap of code co-occurrence (.png, .svg; --normalised)",
    (".png", ".svg"),
)
def _plot_cooccurrence(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.plots import plot_cooccurrence

    plot_cooccurrence(
        project,
        request.output,
        normalised=request.normalised,
        force=request.force,
        **request.scope,
    )
    return written("figure", request.output)


@exporter("transcripts", "each document as a plain-text transcript, Speaker: text (-o FOLDER)", ())
def _transcripts(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.export.transcripts import write_transcripts

    count = write_transcripts(
        project,
        request.output,
        document_ids=request.document_ids,
        force=request.force,
        progress=progress,
        cancelled=cancelled,
    )
    return written("transcripts", request.output, count=count)


def _filters_given(request: ExportRequest) -> bool:
    return any(
        value is not None for value in (request.code_ids, request.document_ids, request.source)
    )


@exporter("qdpx", "REFI-QDA project for ATLAS.ti, MAXQDA, NVivo and others", (".qdpx",))
def _qdpx(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.exchange.refi_write import write_qdpx

    path, counts = write_qdpx(project, request.output, force=request.force, **request.scope)
    return Written(
        "qdpx",
        {
            "path": path,
            "documents": counts.documents,
            "codes": counts.codes,
            "codings": counts.codings,
            "memos": counts.memos,
        },
        _filters_given(request),
    )


@exporter("qdc", "REFI-QDA codebook", (".qdc",))
def _qdc(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.exchange.refi_write import write_qdc

    path, count = write_qdc(project, request.output, force=request.force)
    return Written("qdc", {"path": path, "count": count}, _filters_given(request))


@exporter(
    "agreement",
    "intercoder agreement per code: percent, kappa, alpha (.csv, .xlsx; --coders A B)",
    (".csv", ".xlsx"),
    needs=("coders",),
)
def _agreement(
    project: Project, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    from coder.exchange.agreement import agreement
    from coder.export.agreement import SUFFIXES, write_agreement_table

    request.suffix(SUFFIXES)
    if request.coders is None:
        raise CoderError("the agreement table needs the two coders to compare (--coders A B)")
    report = agreement(
        project,
        *request.coders,
        code_ids=request.code_ids,
        document_ids=request.document_ids,
    )
    write_agreement_table(report, request.output, force=request.force)
    return written("agreement", request.output, count=len(report.codes))


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
) -> Written:
    """Write format ``name``; what it wrote (``str()`` of it: the one-line summary). An
    unknown name lists the known ones.

    ``progress`` hears of the start and the end (and of each step of a format that has
    steps); when ``cancelled()`` is true before the writing starts, or between steps,
    InterruptedError is raised and nothing is written.

    With ``request.pseudonymise`` the format is written from a pseudonymised copy of the
    project (names, places, … as reviewed; :func:`coder.deid.copies.pseudonymised_copy`)
    and the key goes to ``request.key``, only when the export succeeded."""
    if name not in FORMATS:
        available = ", ".join(f"{f.name} ({f.description})" for f in FORMATS.values())
        raise CoderError(f"unknown export format '{name}' (available: {available})")
    progress = progress or _no_progress
    cancelled = cancelled or _not_cancelled
    if cancelled():
        raise InterruptedError("cancelled")
    if not request.pseudonymise:
        return _write(project, name, request, progress, cancelled)
    if request.key is None:
        raise CoderError(
            "a pseudonymised export needs a key file: the key is what lets you "
            "trace a pseudonym back"
        )
    from coder.deid.copies import pseudonymised_copy

    with pseudonymised_copy(project, request.key, progress=progress, cancelled=cancelled) as copy:
        return _write(copy, name, request, progress, cancelled)


def _write(
    project: Project, name: str, request: ExportRequest, progress: Progress, cancelled: Cancelled
) -> Written:
    progress(0, 1, name)
    result = FORMATS[name].write(project, request, progress, cancelled)
    progress(1, 1, "")
    return result
