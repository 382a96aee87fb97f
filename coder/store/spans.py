"""Which stretch of text a coding applies to: the one rule for spans and turns."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.store.learning import Rejection


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
