"""A transcript with its identifying details marked, one colour per kind.

The pseudonymisation screen's reading pane: the transcript view (lazy, one turn at a
time), each finding drawn in the style of its kind, the names kept as not identifying
struck through, and the occurrence under review reversed, its turn under the cursor.
The researcher moves through the findings list, not through this view, so it takes no
focus.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from coder.deid.detect import ORGANISATION, PERSON, PLACE, Finding
from coder.deid.patterns import AGE, CONTACT, DATE
from coder.text_safety import display_text
from coder.tui.model import TurnRow
from coder.tui.reviewing import Place
from coder.tui.widgets.transcript import TranscriptView

# Dark text on light, distinct backgrounds: readable on dark and light themes alike.
KIND_STYLES = {
    PERSON: Style(color="#000000", bgcolor="#F28E2B", bold=True),
    PLACE: Style(color="#000000", bgcolor="#8CD17D"),
    ORGANISATION: Style(color="#000000", bgcolor="#86BCB6"),
    DATE: Style(color="#000000", bgcolor="#F1CE63"),
    AGE: Style(color="#000000", bgcolor="#D4A6C8"),
    CONTACT: Style(color="#000000", bgcolor="#FF9D9A"),
}
DROPPED_STYLE = Style(strike=True, dim=True)
MARKED_STYLE = Style(reverse=True, underline=True)


class FindingsView(TranscriptView, can_focus=False):
    """Turns with their findings marked by kind; one occurrence marked as under review."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.findings: list[Sequence[Finding]] = []  # per turn position
        self.speaker_findings: list[Sequence[Finding]] = []
        self.dropped: dict[int, list[Place]] = {}  # per turn position
        self.marked: Place | None = None
        self._positions: dict[int, int] = {}  # segment id -> turn position

    def show_findings(
        self,
        rows: list[TurnRow],
        findings: Sequence[Sequence[Finding]],
        speakers: Sequence[Sequence[Finding]],
        dropped: Sequence[Place],
    ) -> None:
        """Show a document's turns with their findings (nothing marked yet)."""
        self.findings = list(findings) or [[] for _ in rows]
        self.speaker_findings = list(speakers) or [[] for _ in rows]
        self.dropped = {}
        for place in dropped:
            self.dropped.setdefault(place.turn, []).append(place)
        self.marked = None
        self._positions = {row.segment_id: position for position, row in enumerate(rows)}
        self._cache.clear()
        self.set_rows(rows, keep=False)

    def mark(self, place: Place | None) -> None:
        """Mark one occurrence and bring its turn into view."""
        previous, self.marked = self.marked, place
        self._invalidate(*(p.turn for p in (previous, place) if p is not None))
        if place is not None:
            self.go_to_turn(self.rows[place.turn].index if place.turn < len(self.rows) else 0)

    def turn_speaker(self, row: TurnRow, style: Style) -> Text:
        label = super().turn_speaker(row, style)
        position = self._positions.get(row.segment_id, -1)
        if row.speaker and 0 <= position < len(self.speaker_findings):
            for finding in self.speaker_findings[position]:
                label.stylize(KIND_STYLES.get(finding.kind, ""), finding.start, finding.end)
        return label

    def turn_body(self, row: TurnRow) -> Text:
        body = Text(display_text(row.text))  # one character for one: the findings still fit
        position = self._positions.get(row.segment_id, -1)
        if 0 <= position < len(self.findings):
            for finding in self.findings[position]:
                body.stylize(KIND_STYLES.get(finding.kind, ""), finding.start, finding.end)
        for place in self.dropped.get(position, []):
            body.stylize(DROPPED_STYLE, place.start, place.end)
        if self.marked is not None and self.marked.turn == position:
            body.stylize(MARKED_STYLE, self.marked.start, self.marked.end)
        return body
