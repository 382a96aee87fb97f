"""``coder export``: every export format behind one command, chosen with --format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import typer

from coder.cli.common import ProjectArg, app, fail, open_project


@dataclass(frozen=True)
class ExportRequest:
    """What the user asked for; each format uses the filters that apply to it."""

    output: Path
    force: bool
    code_ids: list[int] | None
    document_ids: list[int] | None
    source: str | None
    coder: str | None


# format name → (description, function(project, request) -> one-line summary)
EXPORTERS: dict[str, tuple[str, Callable]] = {}


def exporter(name: str, description: str) -> Callable[[Callable], Callable]:
    def register(function: Callable) -> Callable:
        EXPORTERS[name] = (description, function)
        return function

    return register


@exporter("csv", "codings, one row per coding")
def _codings_csv(project, request: ExportRequest) -> str:  # type: ignore[no-untyped-def]
    from coder.export.codings import coding_rows, write_codings_csv

    rows = coding_rows(
        project,
        code_ids=request.code_ids,
        document_ids=request.document_ids,
        source=request.source,
        coder=request.coder,
    )
    write_codings_csv(rows, request.output, force=request.force)
    return f"Wrote {len(rows)} codings to {request.output}."


@app.command()
def export(
    project: Path = ProjectArg,
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
    format: str = typer.Option("csv", "--format", "-f", help="Export format; an unknown name lists the available ones."),
    code: list[str] = typer.Option([], "--code", help="Only these codes (and their subcodes)."),
    document: list[str] = typer.Option([], "--document", "-d", help="Only these documents."),
    source: str | None = typer.Option(None, "--source", help="Only human or only model codings."),
    coder: str | None = typer.Option(None, "--coder", help="Only this coder's codings."),
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
    with open_project(project) as opened:
        code_ids = None
        if code:
            code_ids = []
            for ref in code:
                found = opened.find_code(ref)
                code_ids += [found.id, *opened.descendants(found.id)]
        ids = [opened.document(name).id for name in document] or None
        request = ExportRequest(output, force, code_ids, ids, source, coder)
        typer.echo(EXPORTERS[format][1](opened, request))
