"""``coder document``: rename, delete, attributes and correcting a turn; ``coder quotes``
and ``coder memos``: reading coded material back. Every change can be undone."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coder.cli.common import ProjectArg, app, echo, fail, open_project

if TYPE_CHECKING:
    from coder.store.retrieval import MemoEntry

document_app = typer.Typer(
    help="Change a document after its import: rename, delete, attributes, a turn's text.",
    no_args_is_help=True,
)

DocumentArg = typer.Argument(..., help="The document's name (as 'coder stats' lists it).")


@document_app.command()
def rename(
    project: Path = ProjectArg,
    document: str = DocumentArg,
    name: str = typer.Argument(..., help="The new name.", show_default=False),
) -> None:
    """Give a document another name."""
    from coder.documents import find_document

    with open_project(project) as opened:
        found = find_document(opened, document)
        opened.rename_document(found.id, name)
    echo(f"Renamed '{found.name}' to '{name.strip()}' ('coder undo' takes it back).")


@document_app.command()
def delete(
    project: Path = ProjectArg,
    document: str = DocumentArg,
    yes: bool = typer.Option(False, "--yes", "-y", help="Also when the document has codings."),
) -> None:
    """Delete a document with its turns, codings and memos ('coder undo' brings it all back)."""
    from coder.documents import delete_document, find_document

    with open_project(project) as opened:
        found = find_document(opened, document)
        codings = len(opened.codings(document_id=found.id))
        if codings and not yes:
            fail(f"'{found.name}' has {codings} codings; add --yes to delete them too")
        delete_document(opened, found.id)
    echo(f"Deleted '{found.name}' with {codings} codings ('coder undo' brings it back).")


@document_app.command()
def attr(
    project: Path = ProjectArg,
    document: str = DocumentArg,
    settings: list[str] = typer.Argument(
        None, help="key=value to set, key= to remove; none: show the attributes."
    ),
    remove: list[str] = typer.Option([], "--remove", "-r", help="A key to remove (repeatable)."),
) -> None:
    """Show, set or remove a document's attributes (any key: regio, setting, datum, …)."""
    from coder.documents import find_document, parse_attribute_changes

    changes = parse_attribute_changes(settings or [], remove)
    with open_project(project) as opened:
        found = find_document(opened, document)
        if changes:
            opened.set_attributes(found.id, changes)
        attributes = opened.document(found.id).attributes
    if not attributes:
        echo(f"'{found.name}' has no attributes.")
    for key, value in attributes.items():
        echo(f"{key}={value}")


@document_app.command("edit-turn")
def edit_turn(
    project: Path = ProjectArg,
    document: str = DocumentArg,
    turn: int = typer.Argument(..., help="The turn's number (1 is the first).", min=1),
    text: str = typer.Argument(..., help="The turn's corrected text.", show_default=False),
) -> None:
    """Correct the text of a turn (a typo, a misheard word); codings move with the text.

    A coding whose words the correction changes is named, so you can check it.
    """
    from coder.documents import correct_turn, describe_changes, find_document

    with open_project(project) as opened:
        found = find_document(opened, document)
        correction = correct_turn(opened, found.id, turn, text)
    if correction.unchanged:
        echo(f"Turn {turn} of '{found.name}' already reads like that.")
        return
    echo(f"Corrected turn {turn} of '{found.name}' ('coder undo' takes it back).")
    for change, line in zip(correction.changed, describe_changes(correction), strict=True):
        what = "removed: its words are gone" if change.removed else "now covers other words"
        echo(f"  {line} ({what})")


@app.command()
def quotes(
    project: Path = ProjectArg,
    code: str = typer.Option(..., "--code", "-c", help="The code (with its subcodes)."),
    and_code: str | None = typer.Option(
        None, "--and-code", help="Only where this second code is applied too."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write them to a file (.md, .csv, .xlsx) instead."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Every passage of a code in full, with document, turn, speaker, time and memo."""
    from coder.retrieval import PassageQuery, code_passages, passage_place

    with open_project(project) as opened:
        first = opened.find_code(code)
        second = None if and_code is None else opened.find_code(and_code)
        passages = code_passages(
            opened, PassageQuery(first.id, None if second is None else second.id)
        )
        title = opened.code_path(first.id) + (
            "" if second is None else " + " + opened.code_path(second.id)
        )
        if output is not None:
            from coder.export.passages import write_passages

            write_passages(opened, title, passages, output, force=force)
            echo(f"Wrote {len(passages)} passages to {output}.")
            return
    for passage in passages:
        echo(", ".join(passage_place(passage, "turn")))
        for line in passage.text.splitlines():
            if line.strip():
                echo(f"  {line.strip()}")
        for memo in passage.memos:
            echo(f"  memo: {' '.join(memo.split())}")
        echo()
    echo(f"{len(passages)} passages of {title}.")


@app.command()
def memos(
    project: Path = ProjectArg,
    search: str = typer.Option("", "--search", "-s", help="Only memos with all these words."),
) -> None:
    """Every memo of the project with what it is about, the most recent first."""
    from coder.retrieval import find_memos

    with open_project(project) as opened:
        found = find_memos(opened, search)
        paths = opened.code_paths()
    for entry in found:
        echo(f"{entry.modified[:10]}  {_target(entry, paths)}")
        for line in entry.text.splitlines():
            if line.strip():
                echo(f"  {line.strip()}")
    echo(f"{len(found)} memos.")


def _target(entry: MemoEntry, paths: dict[int, str]) -> str:
    turn = "" if entry.segment_index is None else f", turn {entry.segment_index + 1}"
    speaker = f" ({entry.speaker})" if entry.speaker else ""
    if entry.kind == "project":
        return "project"
    code = "?" if entry.code_id is None else paths.get(entry.code_id, "?")
    if entry.kind == "code":
        return f"code {code}"
    if entry.kind == "coding":
        return f"coding {code} in {entry.document}{turn}{speaker}"
    if entry.kind == "segment":
        return f"{entry.document}{turn}{speaker}"
    return f"document {entry.document}"
