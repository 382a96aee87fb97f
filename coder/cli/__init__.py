"""The ``coder`` command: a thin face over the core.

Start-up must stay fast (``coder --help`` in well under half a second), so this
package imports only typer at module level; every command imports what it needs.
"""

from __future__ import annotations

import sys

import typer

from coder.cli import (
    cluster,
    codebook,
    deid,
    documents,
    exchange,
    export,
    nlp,
    project,
    review,
    suggest,
    tui,
)
from coder.cli.common import app, echo, fail

app.add_typer(codebook.codebook_app, name="codebook")
app.add_typer(nlp.nlp_app, name="nlp")
app.add_typer(documents.document_app, name="document")

__all__ = [
    "app",
    "cluster",
    "command",
    "deid",
    "documents",
    "exchange",
    "export",
    "main",
    "project",
    "review",
    "suggest",
    "tui",
]


def _shortcut(args: list[str]) -> list[str]:
    """``coder PROJECT`` opens the workbench: the same as ``coder tui PROJECT``."""
    if args and not args[0].startswith("-") and args[0] not in _command_names():
        from pathlib import Path

        if Path(args[0]).is_file():
            return ["tui", *args]
    return args


def _command_names() -> set[str]:
    return set(command().commands)


def command():  # type: ignore[no-untyped-def]
    """The click command of ``coder``, dressed for reading (:mod:`coder.cli.helptext`)."""
    import typer.main

    from coder.cli.helptext import dress

    return dress(typer.main.get_command(app))


def main() -> None:
    """Entry point: user mistakes become one line on stderr and a non-zero exit."""
    from coder.errors import CoderError

    sys.argv[1:] = _shortcut(sys.argv[1:])
    try:
        # Without standalone mode click returns the code of typer.Exit instead of exiting.
        result = command()(standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except CoderError as error:
        fail(str(error))
    except FileNotFoundError as error:
        fail(f"{error.filename}: file not found")
    except PermissionError as error:
        fail(f"{error.filename}: permission denied")
    except IsADirectoryError as error:
        fail(f"{error.filename}: is a folder")
    except KeyboardInterrupt:
        echo("interrupted", err=True)
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        echo("aborted", err=True)
        sys.exit(1)
    except Exception as error:  # click's usage errors and the like
        if isinstance(error, _click_errors()):
            fail(_usage_line(error), error.exit_code)  # type: ignore[attr-defined]
        raise


def _click_errors() -> tuple[type[Exception], ...]:
    """click's error class, and the one of the copy of click that newer typer ships
    (typer 0.29 raises its own ``ClickException``, which click's does not catch)."""
    import click

    errors: set[type[Exception]] = {click.ClickException}
    errors.update(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    return tuple(errors)


def _usage_line(error: Exception) -> str:
    """A usage error as one line: the problem and where to look for help."""
    message = " ".join(error.format_message().split())  # type: ignore[attr-defined]
    context = getattr(error, "ctx", None)
    if context is not None and getattr(context, "command_path", None):
        return f"{message} (see '{context.command_path} --help')"
    return message
