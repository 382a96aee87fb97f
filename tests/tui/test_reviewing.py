"""What the pseudonymisation screen lists of a review (plain data, no terminal)."""

from __future__ import annotations

from coder.deid.detect import KINDS, ORGANISATION, PERSON, PLACE, Finding
from coder.deid.patterns import DATE
from coder.store.deid import ADD, KEEP, DeidDecision
from coder.tui.reviewing import (
    ACCEPTED,
    ADDED,
    DROPPED,
    OPEN,
    Place,
    decision_for,
    finding_rows,
    kind_counts,
)
from coder.tui.widgets.findings_view import KIND_STYLES

TURNS = [
    "Samira woont in Lombok.",
    "Toen kwam samira met Veilig Thuis, in maart 2023.",
    "Bij veilig thuis en bij Aydın.",
]


def found(text: str, name: str, kind: str, nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Finding(start, start + len(name), name, kind)


FINDINGS = [
    [found(TURNS[0], "Lombok", PLACE), found(TURNS[0], "Samira", PERSON)],
    [found(TURNS[1], "samira", PERSON), found(TURNS[1], "maart 2023", DATE)],
    [found(TURNS[2], "Aydın", PERSON)],
]


def test_one_row_per_name_in_reading_order_with_its_places() -> None:
    rows = finding_rows(TURNS, FINDINGS, [])
    assert [(r.text, r.kind, r.count) for r in rows] == [
        ("Samira", PERSON, 2),  # also as "samira": names are folded as the detector does
        ("Lombok", PLACE, 1),
        ("maart 2023", DATE, 1),
        ("Aydın", PERSON, 1),
    ]
    assert rows[0].places == (Place(0, 0, 6), Place(1, 10, 16))
    assert all(r.status(set()) == OPEN for r in rows)
    assert rows[3].status({("aydin", PERSON)}) == ACCEPTED


def test_decisions_show_as_added_and_kept_names_where_they_occur() -> None:
    decisions = [
        DeidDecision("aydin", PERSON, ADD),
        DeidDecision("Veilig Thuis", "", KEEP),
        DeidDecision("Utrecht", "", KEEP),  # not in this document: not listed
    ]
    rows = finding_rows(TURNS, FINDINGS, decisions)
    statuses = {r.text: r.status(set()) for r in rows}
    assert statuses["Aydın"] == ADDED
    assert statuses["Veilig Thuis"] == DROPPED
    assert "Utrecht" not in statuses
    kept = next(r for r in rows if r.text == "Veilig Thuis")
    assert kept.places == (Place(1, 21, 33), Place(2, 4, 16))  # any case, whole words
    assert kept.decision == decisions[1]
    assert decision_for("AYDIN", decisions) == decisions[0]
    assert decision_for("Bram", decisions) is None


def test_kind_counts_count_occurrences_of_every_kind() -> None:
    counts = kind_counts(FINDINGS)
    assert counts[PERSON] == 3 and counts[PLACE] == 1 and counts[DATE] == 1
    assert counts[ORGANISATION] == 0 and set(counts) == set(KINDS)


def test_every_kind_has_its_own_style() -> None:
    assert set(KIND_STYLES) == set(KINDS)
    assert len({style.bgcolor for style in KIND_STYLES.values()}) == len(KINDS)
