"""Read-only queries the terminal workbench needs beyond the core API (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass

from coder.store.base import StoreBase
from coder.store.codings import coding_filter


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
            'SELECT c.id, c.document_id, d.name, s.idx, s.speaker, c.start, c."end", '
            'substr(d.text, c.start + 1, c."end" - c.start) '
            "FROM codings c JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN segments s ON s.document_id = c.document_id AND s.start <= c.start "
            'AND s."end" > c.start '
            f"WHERE c.code_id IN ({marks}) AND {condition} "
            "ORDER BY d.name COLLATE NOCASE, c.start, c.id LIMIT ?",
            [*code_ids, *parameters, limit],
        )
        seen: set[int] = set()
        quotes: list[Quote] = []
        for row in rows:
            if row[0] in seen:  # a coding starting between two turns joins no segment twice
                continue
            seen.add(row[0])
            quotes.append(Quote(*row))
        return quotes
