"""What a suggestion is, and the one rule for which suggestions are still open.

Kept light (no scikit-learn, no spaCy), so the workbench can apply the rule without
loading the model's libraries; :mod:`coder.suggest.suggestions` makes the suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coder.store.spans import applies, is_rejected

if TYPE_CHECKING:
    from coder.store import Coding
    from coder.store.learning import Rejection
    from coder.suggest.explain import Explanation
    from coder.suggest.units import Unit

MODEL, DEFINITION = "model", "definition"


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
