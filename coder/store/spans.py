"""Which stretch of text a coding applies to: the one rule for spans and turns."""

from __future__ import annotations

from collections.abc import Iterable
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
