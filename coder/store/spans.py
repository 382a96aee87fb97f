"""Which stretch of text a coding applies to: the span rules, each written once.

Three questions, three rules, every caller using the one that means what it asks:

* :func:`turns_touched`: every turn a span shares at least one character with (where the
  workbench marks a coding, what the code × turn tables and intercoder agreement count,
  which turns a clustered quote comes from); :func:`first_turn_touched` is its first.
  :func:`overlaps` is the same rule for two spans (a rejection, the codes a quote carries).
* :func:`starting_turn`: the one turn a coding starts in (where an export or a list
  says a quote is).
* :func:`applies`: whether a coding covers most of a stretch or lies mostly inside it (the
  model's units: what it learns from, what it still suggests, a search's code filter).

Turns are given as their ``starts`` and ``ends`` (in order, not overlapping), computed
once per document by the caller.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coder.store.learning import Rejection


def overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Whether two spans share at least one character: touching ends do not, and an
    empty span (or an empty turn) shares nothing with anything."""
    return min(end, other_end) > max(start, other_start)


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
    return any(r.code_id == code_id and overlaps(start, end, r.start, r.end) for r in rejections)


def _touched(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> Iterator[int]:
    position = max(bisect_right(starts, start) - 1, 0)
    while position < len(starts) and starts[position] < end:
        if overlaps(starts[position], ends[position], start, end):
            yield position
        position += 1


def turns_touched(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> list[int]:
    """Positions of the turns that the span ``start``–``end`` shares at least one
    character with (:func:`overlaps`): a span ending where a turn starts does not touch
    it, an empty turn is touched by nothing and an empty span touches nothing."""
    return list(_touched(starts, ends, start, end))


def first_turn_touched(
    starts: Sequence[int], ends: Sequence[int], start: int, end: int
) -> int | None:
    """The first of :func:`turns_touched` (None when the span touches no turn), without
    walking the rest of a long span."""
    return next(_touched(starts, ends, start, end), None)


def starting_turn(starts: Sequence[int], start: int) -> int | None:
    """Position of the turn a coding starting at ``start`` starts in (the one before it
    when it starts between turns, e.g. on a speaker label, and the last one when it
    starts past the end); None before the first turn."""
    at = bisect_right(starts, start) - 1
    return at if at >= 0 else None
