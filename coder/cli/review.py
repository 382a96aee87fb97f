"""``coder review``: the model's pending suggestions, listed, accepted or rejected in bulk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from coder.cli.common import (
    CoderOpt,
    ProjectArg,
    app,
    code_ids_of,
    echo,
    fail,
    open_project,
)
from coder.cli.suggest import print_reasons
from coder.suggest.reasons import Explanation, decode_reason
from coder.text_safety import terminal_json


@app.command()
def review(
    project: Path = ProjectArg,
    code: list[str] = typer.Option(
        [], "--code", help="Only suggestions of these codes (and their subcodes)."
    ),
    document: str | None = typer.Option(
        None, "--document", "-d", help="Only suggestions in this document."
    ),
    accept_above: float | None = typer.Option(
        None, "--accept-above", help="Accept the suggestions with at least this confidence."
    ),
    reject_below: float | None = typer.Option(
        None, "--reject-below", help="Reject the suggestions with a lower confidence."
    ),
    listing: bool = typer.Option(
        False, "--list", help="List the pending suggestions (the default without a decision)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON for scripts."),
    coder: str | None = CoderOpt,
) -> None:
    """Review the model's suggestions: accepted ones become your codings (the model and its
    confidence are kept as provenance), rejected ones are hidden and never suggested
    again. One review is one step of 'coder undo'."""
    for name, value in (("--accept-above", accept_above), ("--reject-below", reject_below)):
        if value is not None and not 0.0 <= value <= 1.0:
            fail(f"{name} must be between 0 and 1, not {value}")
    with open_project(project, coder) as opened:
        code_ids = code_ids_of(opened, code)
        document_id = opened.document(document).id if document is not None else None
        decided = accept_above is not None or reject_below is not None
        if decided:
            outcome = opened.review(
                code_ids=code_ids,
                document_id=document_id,
                accept_above=accept_above,
                reject_below=reject_below,
            )
            if not as_json:
                echo(
                    f"Accepted {outcome.accepted} suggestions as {opened.coder}, rejected "
                    f"{outcome.rejected}; {opened.suggestion_count()} still await review. "
                    f"Undo with 'coder undo {project}'."
                )
        if decided and not (listing or as_json):
            return
        pending = opened.suggestions(code_ids=code_ids, document_id=document_id)
        paths = opened.code_paths()
        names = {d.id: d.name for d in opened.documents()}
        reasons = [decode_reason(s.reason) for s in pending]
        rows: list[dict[str, Any]] = [
            {
                "id": s.id,
                "document": names[s.document_id],
                "start": s.start,
                "end": s.end,
                "code": paths[s.code_id],
                "confidence": s.confidence,
                "text": " ".join(opened.text(s.document_id)[s.start : s.end].split()),
                "reason": _reason(why),
            }
            for s, why in zip(pending, reasons, strict=True)
        ]
    if as_json:
        echo(terminal_json(rows))
        return
    if not rows:
        echo("No suggestions await review.")
        return
    echo(f"{len(rows)} suggestions await review, most confident first:")
    for row, why in zip(rows, reasons, strict=True):
        excerpt = row["text"] if len(row["text"]) <= 70 else row["text"][:69] + "…"
        echo(
            f"{row['confidence'] or 0:5.2f}  {row['code']}  {row['document']} "
            f"{row['start']}-{row['end']}  {excerpt}"
        )
        print_reasons(why)


def _reason(why: Explanation | None) -> dict[str, Any] | None:
    """A stored reason as plain JSON data: the words, the similar quotes, and how much
    the transcript around the turn moved the confidence."""
    if why is None:
        return None
    return {
        "words": list(why.words),
        "examples": [
            {
                "document": e.document,
                "speaker": e.speaker,
                "text": e.text,
                "similarity": e.similarity,
            }
            for e in why.examples
        ],
        "context": why.context,
    }
