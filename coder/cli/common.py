"""What every command module shares: the app object, error output, project opening."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from coder.store import Project

app = typer.Typer(
    name="coder",
    help="Codeertafel: qualitative coding of Dutch transcripts.",
    no_args_is_help=True,
    add_completion=False,
    # Transcripts are confidential: never print local variables in a traceback.
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CODER_ENV = "CODEERTAFEL_CODER"


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line of output. Every ``coder`` command prints through here: names and text
    from transcripts lose terminal escape sequences, control characters and bidi overrides
    on the way (:func:`coder.text_safety.terminal_safe`)."""
    from coder.text_safety import terminal_safe

    typer.echo(terminal_safe(str(message)), err=err, nl=nl)


def fail(message: str, code: int = 1) -> NoReturn:
    echo(f"Error: {message}", err=True)
    sys.exit(code)


def active_coder(coder: str | None) -> str | None:
    return coder or os.environ.get(CODER_ENV) or None


@contextmanager
def open_project(path: Path, coder: str | None = None) -> Iterator[Project]:
    from coder.store import Project

    project = Project.open(path, coder=active_coder(coder))
    try:
        yield project
    finally:
        project.close()


ProjectArg = typer.Argument(
    ..., help="The project file (created with 'coder init').", show_default=False
)
CoderOpt = typer.Option(
    None, "--coder", help=f"Your coder name (default: ${CODER_ENV} or the project's)."
)


@contextmanager
def progress_bar(label: str) -> Iterator:
    """A progress callback ``(done, total, item)`` drawn on stderr while the block runs."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from coder.text_safety import terminal_safe

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}", markup=False),  # file names are not markup
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int, item: str = "") -> None:
            description = terminal_safe(f"{label} {item}".rstrip(), one_line=True)
            progress.update(task, completed=done, total=total, description=description)

        yield update


IncludeSuggestionsOpt = typer.Option(
    False,
    "--include-suggestions",
    help="Also count the model's suggestions nobody reviewed yet (marked as such).",
)
OnlyCoderOpt = typer.Option(None, "--coder", help="Only this coder's codings.")


def known_coder(project: Project, coder: str | None) -> str | None:
    """``coder`` when the project has that coder; a one-line error naming the file if not."""
    if coder is not None and coder not in project.coders():
        fail(f"{project.path}: no coder '{coder}' (coders: {', '.join(project.coders())})")
    return coder


def code_ids_of(project: Project, refs: list[str]) -> list[int] | None:
    """The codes named on the command line with all their subcodes; None when none given."""
    if not refs:
        return None
    ids: list[int] = []
    for ref in refs:
        found = project.find_code(ref)
        ids += [found.id, *project.descendants(found.id)]
    return ids


def document_ids_of(project: Project, names: list[str]) -> list[int] | None:
    """The documents named on the command line; None when none given (meaning all)."""
    return [project.document(name).id for name in names] or None
