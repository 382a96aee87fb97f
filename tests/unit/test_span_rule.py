"""The span rules of coder/store/spans.py, their edge cases tested once for every caller."""

from __future__ import annotations

import pytest

from coder.store.learning import Rejection
from coder.store.spans import (
    applies,
    first_turn_touched,
    is_rejected,
    overlaps,
    starting_turn,
    turns_touched,
)

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
        (5, 5, []),  # an empty span, even strictly inside a turn, touches nothing
        (12, 12, []),  # an empty span at a turn's start
        (5, 12, [0]),  # ends exactly where the next turn starts
        (10, 20, [1]),  # starts exactly where a turn ends
        (0, 20, [0, 1]),  # ends exactly at a turn's end, where the empty turn sits
        (5, 25, [0, 1, 3]),  # across several turns, from the middle of one to another's
        (25, 100, [3]),  # offsets past the end of the text
        (100, 120, []),  # wholly past the end
    ],
)
def test_turns_touched(start: int, end: int, touched: list[int]) -> None:
    assert turns_touched(STARTS, ENDS, start, end) == touched
    assert first_turn_touched(STARTS, ENDS, start, end) == (touched[0] if touched else None)


def test_turns_touched_without_turns() -> None:
    assert turns_touched([], [], 0, 10) == []
    assert first_turn_touched([], [], 0, 10) is None
    assert starting_turn([], 5) is None


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (0, 0),  # at the first turn's start
        (9, 0),
        (10, 0),  # in the gap after turn 0 (a speaker label): the turn before
        (12, 1),  # exactly at a turn's start
        (20, 2),  # at the empty turn's offset: the last turn starting there
        (21, 2),
        (29, 3),
        (45, 3),  # past the end: the last turn
    ],
)
def test_starting_turn(start: int, expected: int) -> None:
    assert starting_turn(STARTS, start) == expected


def test_starting_turn_before_the_first_turn() -> None:
    assert starting_turn([5, 12], 2) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (5, 15), True),
        ((0, 10), (10, 20), False),  # touching ends share no character
        ((0, 10), (3, 3), False),  # an empty span shares nothing, even strictly inside
        ((0, 10), (0, 0), False),  # an empty span at the start
        ((3, 4), (0, 10), True),
    ],
)
def test_overlaps_means_a_shared_character(
    a: tuple[int, int], b: tuple[int, int], expected: bool
) -> None:
    assert overlaps(*a, *b) is expected
    assert overlaps(*b, *a) is expected


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
