"""coder pseudonymise: review what identifies people, then write a pseudonymised copy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coder.cli.common import ProjectArg, app, echo, fail, open_project, progress_bar
from coder.text_safety import terminal_json

if TYPE_CHECKING:
    from coder.deid.pseudonymise import Review
    from coder.store import Project


@app.command()
def pseudonymise(
    project: Path = ProjectArg,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the pseudonymised copy here (a new project file)."
    ),
    key: Path | None = typer.Option(
        None,
        "--key",
        help="The key file (CSV: original, kind, pseudonym); kept apart from the copy. "
        "An existing key is reused, so pseudonyms stay the same.",
    ),
    style: str = typer.Option(
        "tags", "--style", help="tags ([PERSOON-3], [PLAATS-1]) or names (realistic names)."
    ),
    list_: bool = typer.Option(
        False, "--list", help="List what was found per document (the default without -o)."
    ),
    as_json: bool = typer.Option(False, "--json", help="With --list: print JSON."),
    keep: list[str] = typer.Option(
        [], "--keep", help="Not identifying: leave this name as it is (repeatable)."
    ),
    add: list[str] = typer.Option(
        [],
        "--add",
        help="Identifying, though not found: NAME or NAME=KIND (PER, LOC, ORG, DATE, AGE, "
        "CONTACT; repeatable).",
    ),
    words: Path | None = typer.Option(
        None, "--words", help="A file of names to add, one per line (NAME or NAME=KIND)."
    ),
    forget: list[str] = typer.Option(
        [], "--forget", help="Take back an earlier --keep or --add of this name."
    ),
) -> None:
    """Find names, places, organisations, dates, ages and contact details; review them
    (--keep, --add, stored in the project); write a pseudonymised copy with -o and --key.

    Example: coder pseudonymise studie.ctdb --list, then
    coder pseudonymise studie.ctdb --keep "Veilig Thuis" -o anoniem.ctdb --key sleutel.csv
    """
    from coder.deid.copies import write_pseudonymised_copy
    from coder.deid.pseudonymise import decide, review

    if output is not None and key is None:
        fail("--output needs --key: the key is what lets you trace a pseudonym back")
    additions = list(add)
    if words is not None:
        additions += _word_list(words)
    with open_project(project) as opened:
        if forget:
            opened.forget_deid(forget)
        if keep or additions:
            decide(opened, keep=keep, add=additions)
        with progress_bar("Finding") as update:
            found = review(opened, progress=update)
        if output is None or list_:
            _print_review(opened, found, as_json)
        if output is None:
            return
        assert key is not None
        with progress_bar("Pseudonymising") as update:
            summary = write_pseudonymised_copy(
                opened, output, key, style=style, found=found, progress=update
            )
    kinds = ", ".join(f"{kind} {count}" for kind, count in summary.per_kind.most_common())
    echo(
        f"Wrote {output}: {summary.documents} documents, {summary.replaced} replacements "
        f"({kinds or 'none'}); key with {summary.names} names in {key} (keep it apart)."
    )


def _word_list(path: Path) -> list[str]:
    from coder.ingest.limits import read_small_text

    lines = read_small_text(path, 4 * 2**20, "a word list").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _print_review(opened: Project, found: Review, as_json: bool) -> None:
    documents = {d.id: d.name for d in opened.documents()}
    decisions = opened.deid_decisions()
    if as_json:
        echo(
            terminal_json(
                {
                    "documents": [
                        {
                            "document": documents[document_id],
                            "findings": [
                                {"text": text, "kind": kind, "count": count}
                                for (kind, text), count in sorted(counts.items())
                            ],
                        }
                        for document_id, counts in found.counts.items()
                    ],
                    "decisions": [
                        {"text": d.text, "kind": d.kind, "action": d.action} for d in decisions
                    ],
                }
            )
        )
        return
    for document_id, counts in found.counts.items():
        echo(f"{documents[document_id]}: {sum(counts.values())} findings")
        for (kind, text), count in sorted(counts.items()):
            echo(f"  {kind:<8} {text}  ×{count}")
    for decision in decisions:
        what = "kept (not identifying)" if decision.action == "keep" else f"added ({decision.kind})"
        echo(f"Review: {decision.text} — {what}")
