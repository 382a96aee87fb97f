"""The rows of the pseudonymisation screen's lists, and the decisions taken on them.

The screen (:mod:`coder.tui.screens.deid`) fills two tables: the documents, each with
its number of findings per kind, and the distinct findings of one document, each
styled by its kind (struck through when dropped as not identifying), with its count
and its review status; under them, a summary of the whole review. The cells and the
summary are built here from the review, without the screen; so are finding a name's
row again after a new review and storing a decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from coder.deid.detect import KINDS, Finding, fold
from coder.store.deid import KEEP
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.reviewing import ACCEPTED, ADDED, DROPPED, FindingRow, kind_counts
from coder.tui.screens.clusters import one_line
from coder.tui.screens.deid_dialogs import kind_name
from coder.tui.widgets.findings_view import DROPPED_STYLE, KIND_STYLES

if TYPE_CHECKING:
    from coder.deid.pseudonymise import Review
    from coder.store import Project
    from coder.store.deid import DeidDecision

NAME_WIDTH = 22  # of a document name in the list
STATUS_STYLES = {ACCEPTED: "green", ADDED: "bold", DROPPED: "dim"}


def record(
    project: Project,
    *,
    keep: Sequence[str] = (),
    add: Sequence[str] = (),
    forget: Sequence[str] = (),
) -> bool:
    """Store review decisions (for ``CodeertafelApp.act``, which reports errors)."""
    from coder.deid.pseudonymise import decide

    if forget:
        project.forget_deid(forget)
    decide(project, keep=keep, add=add)
    return True


def row_of(rows: list[FindingRow], folded: str, accepted: set, fallback: int) -> int:
    """The position of the row of a name: where it is found, else where it is kept."""
    matches = [n for n, row in enumerate(rows) if fold(row.text) == folded]
    found = [n for n in matches if rows[n].status(accepted) != DROPPED]
    return (found or matches or [fallback])[0]


def document_cells(name: str, findings: Sequence[Sequence[Finding]]) -> tuple[str, Text, Text]:
    """A document's row: its name, its number of findings, and that number per kind."""
    counts = kind_counts(findings)
    kinds = Text()
    for kind in KINDS:
        if counts[kind]:
            if kinds:
                kinds.append(" ")
            kinds.append(f"{kind} {counts[kind]}", style=KIND_STYLES[kind])
    return (
        one_line(display_text(name), NAME_WIDTH),
        Text(str(sum(counts.values())), justify="right"),
        kinds,
    )


def finding_cells(row: FindingRow, accepted: set[tuple[str, str]]) -> tuple[Text, str, Text, Text]:
    """A finding's row: its text styled by kind (struck through when dropped), its kind,
    how often it occurs, and its status."""
    status = row.status(accepted)
    text = Text(display_text(row.text))
    if status == DROPPED:
        text.stylize(DROPPED_STYLE)
    else:
        text.stylize(KIND_STYLES.get(row.kind, ""))
    return (
        text,
        kind_name(row.kind) if row.kind else "",
        Text(str(row.count), justify="right"),
        status_cell(status),
    )


def status_cell(status: str) -> Text:
    """A finding's review status, in words and its style."""
    return Text(t(f"deid.status.{status}"), style=STATUS_STYLES.get(status, ""))


def review_summary(found: Review, decisions: Sequence[DeidDecision], documents: int) -> str:
    """The line under the lists: how many documents, the distinct names found in them,
    and the researcher's decisions (names dropped, names added)."""
    names = {
        (fold(f.text), f.kind)
        for turns in found.findings.values()
        for in_turn in turns
        for f in in_turn
    }
    return t(
        "deid.summary",
        documents=documents,
        names=len(names),
        dropped=sum(1 for d in decisions if d.action == KEEP),
        added=sum(1 for d in decisions if d.action != KEEP),
    )
