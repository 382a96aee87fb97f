"""Read-only queries the terminal workbench needs beyond the core API (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass

from coder.store.base import StoreBase
from coder.store.codings import coding_filter
from coder.store.spans import starting_turn


@dataclass(frozen=True)
class Quote:
    """A coded passage of a document, for listing a code's quotes."""

    coding_id: int
    document_id: int
    document: str
    segment_index: int | None  # the turn the passage starts in
    speaker: str | None
    start: int
    end: int
    text: str


class ViewsMixin(StoreBase):
    def data_version(self) -> int:
        """A number that changes when another connection (process) commits a change.

        The workbench polls it to redraw when a colleague codes in the same project.
        """
        row = self._query_one("PRAGMA data_version")
        return int(row[0]) if row else 0

    def memo_counts_by_segment(self, document_id: int) -> dict[int, int]:
        """Number of segment memos per segment id of one document."""
        return dict(
            self._query(
                "SELECT m.target_id, COUNT(*) FROM memos m JOIN segments s ON s.id = m.target_id "
                "WHERE m.target_kind = 'segment' AND s.document_id = ? GROUP BY m.target_id",
                (document_id,),
            )
        )

    def code_document_counts(
        self, *, include_suggestions: bool = False, coder: str | None = None
    ) -> dict[tuple[int, int], int]:
        """Codings per (code id, document id): reviewed ones unless asked otherwise."""
        condition, parameters = coding_filter(include_suggestions=include_suggestions, coder=coder)
        return {
            (code_id, document_id): count
            for code_id, document_id, count in self._query(
                f"SELECT c.code_id, c.document_id, COUNT(*) FROM codings c WHERE {condition} "
                "GROUP BY c.code_id, c.document_id",
                parameters,
            )
        }

    def quotes(
        self,
        code_ids: list[int],
        limit: int = 1000,
        *,
        include_suggestions: bool = False,
        coder: str | None = None,
    ) -> list[Quote]:
        """The passages coded with any of ``code_ids``, in document order, with their turn."""
        if not code_ids:
            return []
        marks = ", ".join("?" for _ in code_ids)
        condition, parameters = coding_filter(include_suggestions=include_suggestions, coder=coder)
        rows = self._query(
            'SELECT c.id, c.document_id, d.name, c.start, c."end", '
            'substr(d.text, c.start + 1, c."end" - c.start) '
            "FROM codings c JOIN documents d ON d.id = c.document_id "
            f"WHERE c.code_id IN ({marks}) AND {condition} "
            "ORDER BY d.name COLLATE NOCASE, c.start, c.id LIMIT ?",
            [*code_ids, *parameters, limit],
        )
        turns: dict[int, tuple[list[int], list[tuple[int, str | None]]]] = {}
        quotes: list[Quote] = []
        for coding_id, document_id, name, start, end, text in rows:
            if document_id not in turns:
                segments = self._query(
                    "SELECT start, idx, speaker FROM segments WHERE document_id = ? ORDER BY idx",
                    (document_id,),
                )
                turns[document_id] = ([r[0] for r in segments], [(r[1], r[2]) for r in segments])
            starts, about = turns[document_id]
            at = starting_turn(starts, start)
            index, speaker = (None, None) if at is None else about[at]
            quotes.append(Quote(coding_id, document_id, name, index, speaker, start, end, text))
        return quotes
