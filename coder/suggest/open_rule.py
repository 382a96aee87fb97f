"""What a suggestion is, and the one rule for which suggestions are still open.

Kept light (no scikit-learn, no spaCy), so the workbench can apply the rule without
loading the model's libraries; :mod:`coder.suggest.suggestions` makes the suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coder.errors import CoderError
from coder.store.spans import applies, is_rejected

if TYPE_CHECKING:
    from coder.store import Coding, Project
    from coder.store.learning import Rejection
    from coder.suggest.explain import Explanation
    from coder.suggest.units import Unit

MODEL, DEFINITION = "model", "definition"

# A model suggestion is shown from this probability on (the project's "suggestion_floor"
# setting changes it): a 5 % guess is noise, not a suggestion.
SHOWN_FROM = 0.15
FLOOR_SETTING = "suggestion_floor"
# Coding a model suggestion under this probability, or under its code's threshold, is
# asked about first: more often wrong than right.
ASK_BELOW = 0.30


@dataclass(frozen=True)
class Suggestion:
    code_id: int
    score: float  # a probability for "model", a similarity for "definition"
    kind: str
    above_threshold: bool
    why: Explanation | None = None  # for the model's, when asked for (coder.suggest.explain)


@dataclass(frozen=True)
class UnitSuggestions:
    unit: Unit
    suggestions: list[Suggestion]


def open_suggestions(
    suggested: list[UnitSuggestions], codings: list[Coding], rejections: list[Rejection]
) -> list[UnitSuggestions]:
    """What is still worth asking about: each unit's suggestions less the codes a coding
    already gives it (any coder, the model's included) and the codes a researcher
    rejected there. The one rule for the command line and the workbench."""
    result = []
    for item in suggested:
        unit = item.unit
        present = {
            c.code_id
            for c in codings
            if c.document_id == unit.document_id and applies(unit.start, unit.end, c.start, c.end)
        }
        refused = [r for r in rejections if r.document_id == unit.document_id]
        kept = [
            s
            for s in item.suggestions
            if s.code_id not in present
            and not is_rejected(unit.start, unit.end, s.code_id, refused)
        ]
        result.append(UnitSuggestions(unit, kept))
    return result


def worth_showing(suggestion: Suggestion, floor: float = SHOWN_FROM) -> bool:
    """A suggestion to show: the model's from ``floor`` on; the definitions' (marked as
    such, a similarity and no probability) when they reach their own bar."""
    if suggestion.kind == MODEL:
        return suggestion.score >= floor
    return suggestion.above_threshold


def asks_first(kind: str, score: float | None, above_threshold: bool) -> bool:
    """Coding a suggestion is confirmed first: a model guess under ASK_BELOW or under
    its code's threshold."""
    return kind == MODEL and (not above_threshold or (score or 0.0) < ASK_BELOW)


def parse_floor(text: str, source: str) -> float:
    """A floor as typed (0.2, 20 %, 20%), or a one-line error naming ``source``."""
    value = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        floor = float(value) / (100 if text.strip().endswith("%") else 1)
    except ValueError:
        raise CoderError(f"{source}: '{text}' is not a number between 0 and 1") from None
    if not 0 <= floor <= 1:
        raise CoderError(f"{source}: '{text}' is not a number between 0 and 1")
    return floor


def suggestion_floor(project: Project) -> float:
    """The project's floor for showing model suggestions (SHOWN_FROM unless set)."""
    stored = project.meta(FLOOR_SETTING)
    if stored is None:
        return SHOWN_FROM
    try:
        return parse_floor(stored, "the project's suggestion floor")
    except CoderError:  # written by another program: the default, not a crash
        return SHOWN_FROM
