"""What the pseudonymisation screen shows of a review, computed from plain data (no Textual).

The core's review gives, per document, the findings of each turn. The screen lists the
distinct findings of one document (one line per name and kind, however it is written:
"Samira", "samira" and "SAMIRA" are one name, as the detector and the key fold them),
in reading order, with where each occurs; and, struck through, the names the researcher
marked as not identifying that occur in the document, so that decision can be undone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coder.deid.detect import KINDS, Finding, fold
from coder.store.deid import ADD, KEEP, DeidDecision

OPEN, ACCEPTED, ADDED, DROPPED = "open", "accepted", "added", "dropped"


@dataclass(frozen=True)
class Place:
    """Where a finding occurs: ``turn`` is the position of the turn in the document."""

    turn: int
    start: int
    end: int


@dataclass(frozen=True)
class FindingRow:
    """One line of the findings list: a distinct name (or date, age, contact) of a document."""

    text: str  # as first written in the document
    kind: str
    places: tuple[Place, ...]
    decision: DeidDecision | None = None  # the researcher's stored decision on it

    @property
    def key(self) -> tuple[str, str]:
        return (fold(self.text), self.kind)

    @property
    def count(self) -> int:
        return len(self.places)

    def status(self, accepted: set[tuple[str, str]]) -> str:
        if self.decision is not None:
            return DROPPED if self.decision.action == KEEP else ADDED
        return ACCEPTED if self.key in accepted else OPEN


def decision_for(text: str, decisions: Sequence[DeidDecision]) -> DeidDecision | None:
    """The decision on ``text`` (compared as the detector does: folded)."""
    folded = fold(text)
    return next((d for d in decisions if fold(d.text) == folded), None)


def finding_rows(
    turns: Sequence[str],
    findings: Sequence[Sequence[Finding]],
    decisions: Sequence[DeidDecision],
) -> list[FindingRow]:
    """The distinct findings of a document with the texts ``turns`` (in reading order),
    then the names kept as not identifying that occur in it."""
    places: dict[tuple[str, str], list[Place]] = {}
    written: dict[tuple[str, str], str] = {}
    for position, in_turn in enumerate(findings):
        for finding in sorted(in_turn, key=lambda f: f.start):
            key = (fold(finding.text), finding.kind)
            written.setdefault(key, finding.text)
            places.setdefault(key, []).append(Place(position, finding.start, finding.end))
    added = [d for d in decisions if d.action == ADD]
    rows = [
        FindingRow(written[key], key[1], tuple(where), decision_for(written[key], added))
        for key, where in places.items()
    ]
    for decision in decisions:
        if decision.action != KEEP:
            continue
        occurrences = tuple(_occurrences(decision.text, turns))
        if occurrences:
            rows.append(FindingRow(decision.text, "", occurrences, decision))
    return rows


def _occurrences(name: str, turns: Sequence[str]) -> list[Place]:
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    return [
        Place(position, match.start(), match.end())
        for position, text in enumerate(turns)
        for match in pattern.finditer(text)
    ]


def kind_counts(findings: Sequence[Sequence[Finding]]) -> Counter[str]:
    """How many findings of each kind a document has (occurrences, not names)."""
    counts: Counter[str] = Counter({kind: 0 for kind in KINDS})
    counts.update(f.kind for in_turn in findings for f in in_turn)
    return counts
