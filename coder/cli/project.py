"""Project commands: init, import, stats, demo, undo, redo, history."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from coder.cli.common import (
    CoderOpt,
    IncludeSuggestionsOpt,
    OnlyCoderOpt,
    ProjectArg,
    active_coder,
    app,
    echo,
    fail,
    known_coder,
    open_project,
    progress_bar,
)
from coder.text_safety import terminal_json

DEMO_PROJECT = Path("codeertafel-demo.ctdb")


@app.command()
def init(
    project: Path = ProjectArg,
    codebook: Path | None = typer.Option(
        None, "--codebook", help="Codebook YAML to start from (default: the AWTJ Utrecht codebook)."
    ),
    empty: bool = typer.Option(False, "--empty", help="Start without any codes."),
    coder: str | None = CoderOpt,
) -> None:
    """Create a new project file with a codebook."""
    from coder.codebook import apply_codebook, read_codebook
    from coder.resources import default_codebook
    from coder.store import Project

    if project.exists():
        fail(f"{project}: already exists (choose another name or remove it)")
    book = None if empty else read_codebook(codebook or default_codebook())

    def populate(new: Project) -> None:
        name = active_coder(coder)
        if name:
            new.set_meta("default_coder", name)
        if book is not None:
            apply_codebook(new, book)
            new.set_meta("codebook_name", book.name)
            new.set_meta("codebook_language", book.language)
            new.set_meta("codebook_description", book.description)

    created = Project.create(project, coder=active_coder(coder), populate=populate)
    codes = len(created.codes())
    created.close()
    source = "no codes" if book is None else f"codebook '{book.name}' ({codes} codes)"
    echo(f"Created {project} with {source}.")


@app.command("import")
def import_(
    project: Path = ProjectArg,
    files: list[Path] = typer.Argument(
        ...,
        help="Transcripts (.txt, .vtt, .srt, .docx) or REFI-QDA files (.qdpx, .qde, .qdc).",
        show_default=False,
    ),
    attr: list[str] = typer.Option([], "--attr", help="Document attribute key=value (repeatable)."),
    name: str | None = typer.Option(
        None, "--name", help="Document name (one file only; default: file name)."
    ),
    as_coder: str | None = typer.Option(
        None,
        "--as-coder",
        help="REFI-QDA: attribute all its codings to this coder (a colleague's project).",
    ),
    coder: str | None = CoderOpt,
) -> None:
    """Import transcripts as documents, or a REFI-QDA project or codebook from another tool.

    A file that fails is reported and leaves nothing behind.
    """
    from coder.ingest.importing import import_paths, parse_attributes

    attributes = parse_attributes(attr)
    if name is not None and len(files) != 1:
        fail("--name works with one file at a time")
    with open_project(project, coder) as opened:
        outcomes = import_paths(opened, files, attributes=attributes, name=name, as_coder=as_coder)
    failed = 0
    for outcome in outcomes:
        if outcome.error:
            failed += 1
            hint = " (give it another name with --name)" if outcome.name_taken else ""
            echo(f"Error: {outcome.error}{hint}", err=True)
        elif outcome.summary is not None:
            echo(outcome.summary)
        else:
            assert outcome.document is not None
            echo(f"Imported {outcome.path} as '{outcome.document.name}' ({outcome.turns} turns).")
    if failed:
        echo(f"{len(files) - failed} of {len(files)} files imported.", err=True)
        raise typer.Exit(1)


@app.command()
def stats(
    project: Path = ProjectArg,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    include_suggestions: bool = IncludeSuggestionsOpt,
    coder: str | None = OnlyCoderOpt,
) -> None:
    """Per document: turns, speakers, codings; per code: its count; per coder: codings.

    Reviewed codings count; the model's suggestions only with --include-suggestions."""
    from coder.stats import project_stats

    with open_project(project) as opened:
        data = project_stats(
            opened, include_suggestions=include_suggestions, coder=known_coder(opened, coder)
        )
    if as_json:
        echo(terminal_json(data))
        return
    echo(format_stats(data))


def format_stats(data: dict) -> str:
    lines = [f"Project {data['project']}", ""]
    documents = data["documents"]
    if documents:
        width = max(len(name) for name in documents)
        lines.append(f"{'document':<{width}}  {'turns':>5}  {'coded':>5}  {'codings':>7}  speakers")
        for name, doc in documents.items():
            shown = doc["speakers"][:6]
            speakers = ", ".join(shown) + (
                f" and {len(doc['speakers']) - 6} more" if len(doc["speakers"]) > 6 else ""
            )
            speakers = speakers or "-"
            lines.append(
                f"{name:<{width}}  {doc['turns']:>5}  {doc['coded_turns']:>5}  {doc['codings']:>7}  {speakers}"
            )
    else:
        lines.append("No documents yet (add them with 'coder import').")
    lines.append("")
    used = {path: code for path, code in data["codes"].items() if code["total"]}
    if used:
        labels = {path: "  " * path.count("/") + path.rsplit("/", 1)[-1] for path in used}
        width = max(len(label) for label in labels.values())
        lines.append(f"{'code':<{width}}  {'codings':>7}")
        for path, code in used.items():
            count = (
                f"{code['count']}"
                if code["count"] == code["total"]
                else f"{code['count']} ({code['total']})"
            )
            lines.append(f"{labels[path]:<{width}}  {count:>7}")
    totals = data["totals"]
    if data["coders"]:
        lines.append("")
        width = max(len(name) for name in data["coders"])
        lines.append(f"{'coder':<{width}}  {'codings':>7}")
        lines += [f"{name:<{width}}  {n:>7}" for name, n in data["coders"].items()]
    lines.append("")
    counted = data["counted"]
    whose = f"of coder {counted['coder']}" if counted["coder"] else "of all coders"
    lines.append(
        f"{totals['documents']} documents, {totals['turns']} turns, {totals['codings']} codings "
        f"({whose}; suggestions {counted['suggestions']}), {totals['codes']} codes."
    )
    if totals["pending_suggestions"]:
        lines.append(
            f"{totals['pending_suggestions']} suggestions of the model await review "
            "('coder review')."
        )
    return "\n".join(lines)


@app.command()
def demo(
    project: Path = typer.Option(
        DEMO_PROJECT, "--project", "-p", help="Where to build the demo project."
    ),
    rebuild: bool = typer.Option(False, "--rebuild", help="Build it anew even if it exists."),
    summary: bool = typer.Option(
        False, "--summary", help="Print a summary instead of opening the workbench."
    ),
    lang: str = typer.Option("nl", "--lang", help="Interface language of the workbench: nl or en."),
) -> None:
    """Build the demo project from the bundled corpus and open it in the workbench.

    Without a terminal (in a pipe, in CI) it prints a summary instead.
    """
    from coder.demo import build_demo
    from coder.stats import project_stats
    from coder.store import Project

    if project.exists() and rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{project}{suffix}").unlink(missing_ok=True)
    if not project.exists():
        echo(f"Building the demo project {project} ...")
        built = build_demo(project)
        try:
            # Analyse the transcripts now, so the workbench opens with suggestions and
            # lemma search ready instead of parsing while the researcher reads.
            from coder.nlp.analysis import analyse_project
            from coder.nlp.pipeline import load_feature_pipeline, load_pipeline

            with progress_bar("Analysing") as update:
                for _ in analyse_project(built, nlp=load_pipeline(), progress=update):
                    pass
                features = load_feature_pipeline()
                if features is not load_pipeline():
                    for _ in analyse_project(built, nlp=features):
                        pass
        finally:
            built.close()
    if not summary and sys.stdin.isatty() and sys.stdout.isatty():
        from coder.cli.tui import tui

        tui(project, lang=lang, coder=None)
        return
    with Project.open(project) as opened:
        echo(format_stats(project_stats(opened)))


@app.command()
def undo(project: Path = ProjectArg) -> None:
    """Undo the last change to codings, codes or memos."""
    with open_project(project) as opened:
        operation = opened.undo()
    echo(f"Undone: {operation.description}" if operation else "Nothing to undo.")


@app.command()
def redo(project: Path = ProjectArg) -> None:
    """Redo the last undone change."""
    with open_project(project) as opened:
        operation = opened.redo()
    echo(f"Redone: {operation.description}" if operation else "Nothing to redo.")


@app.command()
def history(project: Path = ProjectArg, limit: int = typer.Option(20, "--limit", "-n")) -> None:
    """The most recent changes, newest first ('undone' ones can be redone)."""
    with open_project(project) as opened:
        operations = opened.history(limit)
    if not operations:
        echo("No changes recorded.")
    for operation in operations:
        mark = "" if operation.state == "done" else "  (undone)"
        echo(f"{operation.created}  {operation.description}{mark}")
