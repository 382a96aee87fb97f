"""Which stretch of text a coding applies to: the one rule for spans and turns."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.store.learning import Rejection
    from coder.store.records import Segment


def applies(start: int, end: int, span_start: int, span_end: int) -> bool:
    """A coding of ``span_start``–``span_end`` applies to the stretch ``start``–``end``
    (a turn, a sentence group) when it covers most of the stretch or lies mostly
    inside it."""
    overlap = min(end, span_end) - max(start, span_start)
    if overlap <= 0:
        return False
    return overlap >= 0.5 * (end - start) or overlap >= 0.5 * (span_end - span_start)


def is_rejected(start: int, end: int, code_id: int, rejections: Iterable[Rejection]) -> bool:
    """Whether a researcher rejected ``code_id`` on (part of) the stretch ``start``–``end``."""
    return any(r.code_id == code_id and min(end, r.end) > max(start, r.start) for r in rejections)


def turns_touched(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> list[int]:
    """Positions of the turns (``starts`` sorted, turns not overlapping) that the span
    ``start``–``end`` shares at least one character with: where the workbench marks a
    coding. An empty turn is touched by nothing, and an empty span touches only a turn
    it lies strictly inside."""
    touched: list[int] = []
    position = max(bisect_right(starts, start) - 1, 0)
    while position < len(starts) and starts[position] < end:
        if ends[position] > start and ends[position] > starts[position]:
            touched.append(position)
        position += 1
    return touched


def starting_turn(starts: Sequence[int], start: int) -> int | None:
    """Index of the turn a coding starting at ``start`` starts in (the one before it when
    it starts between turns, e.g. on a speaker label); None before the first turn.
    ``starts``: the turns' start offsets, in order."""
    at = bisect_right(starts, start) - 1
    return at if at >= 0 else None


def overlapping_turns(segments: Sequence[Segment], start: int, end: int) -> Iterator[int]:
    """Indexes (in ``segments``, in order) of the turns a coding of ``start``–``end``
    overlaps; an empty turn counts when it lies inside the coding."""
    at = max(bisect_right([s.start for s in segments], start) - 1, 0)
    while at < len(segments) and segments[at].start < end:
        if start < max(segments[at].end, segments[at].start + 1):
            yield at
        at += 1
