"""``coder tui``: open the terminal workbench on a project."""

from __future__ import annotations

from pathlib import Path

import typer

from coder.cli.common import CoderOpt, ProjectArg, active_coder, app, fail


@app.command()
def tui(
    project: Path = ProjectArg,
    lang: str = typer.Option("nl", "--lang", help="Interface language: nl or en."),
    coder: str | None = CoderOpt,
) -> None:
    """Open the terminal workbench: code transcripts, edit the codebook, search."""
    # Textual is imported here, not at module level: 'coder --help' must stay fast and
    # the core never depends on it.
    from coder.tui.app import make_app
    from coder.tui.i18n import LANGUAGES

    if lang not in LANGUAGES:
        fail(f"--lang must be one of {', '.join(LANGUAGES)}, not '{lang}'")
    workbench = make_app(project, lang=lang, coder=active_coder(coder))
    workbench.run()
    if workbench.return_code:
        raise typer.Exit(workbench.return_code)
