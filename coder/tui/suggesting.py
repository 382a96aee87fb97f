"""What the suggestions panel shows for a turn, computed from plain data (no Textual).

The suggester scores every unit of a document once; this module picks, for the turn
under the cursor, what is still worth asking about: model-made codings waiting for a
decision first, then the strongest open suggestions (coder.suggest.open_suggestions:
not coded there yet, not rejected there) for codes the turn does not show yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coder.suggest.open_rule import MODEL, SHOWN_FROM, open_suggestions, worth_showing
from coder.suggest.reasons import decode_reason
from coder.tui.model import UNCOLOURED, TurnRow

if TYPE_CHECKING:
    from coder.store import Code, Coding
    from coder.store.learning import Rejection
    from coder.suggest.open_rule import UnitSuggestions
    from coder.suggest.reasons import Explanation

CODING = "coding"  # a model-made coding already in the project (e.g. from a promoted cluster)
SHOWN = 5  # entries per turn


@dataclass(frozen=True)
class Entry:
    """One line of the suggestions panel."""

    kind: str  # CODING, or the suggestion kind (coder.suggest.suggestions.MODEL / DEFINITION)
    code_id: int
    path: str
    colour: str
    score: float | None  # probability, similarity or the coding's confidence
    above_threshold: bool
    start: int  # the span in the document text
    end: int
    partial: bool  # a part of the turn (a sentence group of a long turn)
    coding_id: int | None = None
    why: Explanation | None = None  # the model's reasons (coder.suggest.explain, or stored)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def turn_entries(
    row: TurnRow,
    document_id: int,
    suggested: list[UnitSuggestions] | None,
    codings: list[Coding],
    rejections: list[Rejection],
    codes: dict[int, Code],
    paths: dict[int, str],
    limit: int = SHOWN,
    floor: float = SHOWN_FROM,
) -> list[Entry]:
    """The panel's lines for ``row``: pending model codings, then open suggestions
    (``codings`` and ``rejections`` are the document's); the model's from ``floor`` on
    (below their code's threshold dimmed as weak), the definitions' marked as such."""
    entries: list[Entry] = []
    reasons = {c.id: c.reason for c in codings if c.reason}  # stored by auto-tag
    for code in row.codes:
        if code.tentative:
            entries.append(
                Entry(
                    CODING,
                    code.code_id,
                    code.path,
                    code.colour,
                    code.confidence,
                    True,
                    row.start,
                    row.end,
                    not code.whole,
                    code.coding_id,
                    why=decode_reason(reasons.get(code.coding_id or 0)),
                )
            )
    present = {code.code_id for code in row.codes}  # shown on the turn already
    here = [
        item
        for item in suggested or []
        if item.unit.document_id == document_id and item.unit.segment_index == row.index
    ]
    candidates: list[Entry] = []
    seen: set[int] = set(present)
    for unit_suggestions in open_suggestions(here, codings, rejections):
        unit = unit_suggestions.unit
        span = (unit.start, unit.end)
        for suggestion in unit_suggestions.suggestions:
            known = codes.get(suggestion.code_id)
            if known is None or suggestion.code_id in present:
                continue  # deleted meanwhile, or the turn has it already
            if suggestion.kind == MODEL and not worth_showing(suggestion, floor):
                continue
            candidates.append(
                Entry(
                    suggestion.kind,
                    suggestion.code_id,
                    paths.get(suggestion.code_id, known.name),
                    known.colour or UNCOLOURED,
                    suggestion.score,
                    bool(suggestion.above_threshold),
                    unit.start,
                    unit.end,
                    span != (row.start, row.end),
                    why=suggestion.why,
                )
            )
    candidates.sort(key=lambda e: (e.above_threshold, e.score or 0.0), reverse=True)
    for entry in candidates:
        if entry.code_id not in seen:  # one line per code: its best unit
            seen.add(entry.code_id)
            entries.append(entry)
    return entries[:limit]
