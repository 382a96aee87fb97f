"""The span rules of coder/store/spans.py, their edge cases tested once for every caller."""

from __future__ import annotations

import pytest

from coder.store.learning import Rejection
from coder.store.spans import applies, is_rejected, turns_touched

# turns 0–10, 12–20, an empty one at 20–20, and 22–30
STARTS = [0, 12, 20, 22]
ENDS = [10, 20, 20, 30]


@pytest.mark.parametrize(
    ("start", "end", "touched"),
    [
        (0, 10, [0]),  # exactly one turn
        (3, 5, [0]),  # inside a turn
        (9, 13, [0, 1]),  # one character of each
        (10, 12, []),  # only the gap between two turns
        (0, 30, [0, 1, 3]),  # everything; the empty turn is touched by nothing
        (19, 23, [1, 3]),
        (30, 40, []),  # after the last turn
        (5, 5, [0]),  # an empty span strictly inside a turn
        (12, 12, []),  # an empty span at a turn's start
    ],
)
def test_turns_touched(start: int, end: int, touched: list[int]) -> None:
    assert turns_touched(STARTS, ENDS, start, end) == touched


def test_turns_touched_without_turns() -> None:
    assert turns_touched([], [], 0, 10) == []


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ((0, 100), True),  # covers the whole stretch
        ((40, 60), True),  # lies wholly inside it
        ((0, 50), True),  # half of the stretch
        ((-60, 40), False),  # less than half of the stretch, and mostly outside it
        ((90, 110), True),  # half of the span lies inside
        ((95, 120), False),  # mostly outside
        ((100, 120), False),  # only touches the end
    ],
)
def test_applies_covers_most_of_the_stretch_or_lies_mostly_inside(
    span: tuple[int, int], expected: bool
) -> None:
    """Whether a coding of ``span`` applies to the stretch 0–100 (a turn, a sentence group)."""
    assert applies(0, 100, *span) is expected


def test_a_rejection_anywhere_in_the_stretch_counts_for_its_code_only() -> None:
    rejections = [Rejection(1, 1, 90, 110, 7, "ik", "2026-01-01")]
    assert is_rejected(0, 100, 7, rejections)
    assert not is_rejected(0, 100, 8, rejections)  # another code
    assert not is_rejected(0, 90, 7, rejections)  # ends where the rejection starts
