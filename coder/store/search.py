"""The search index: one full-text row per turn (SQLite FTS5), built from the analysis.

Each row holds the turn's words as written, their lemmas, stems and compound heads, one
index token per word, and the character offsets of the words in the document, so a
query finds its turns in the index and its exact words there without parsing anything.
A document's rows are replaced together with the text hash and pipeline they were made
from; a document that is deleted takes its rows with it (a trigger), and one whose text
changed is indexed again before the next search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coder.store.base import StoreBase


@dataclass(frozen=True)
class IndexedTurn:
    segment_id: int
    forms: str  # index tokens, space-separated, one per word
    lemmas: str
    stems: str
    heads: str  # compound heads ("zorg" of "jeugdzorg"), any number
    offsets: str  # "start,end start,end …", one pair per word, into the document text


@dataclass(slots=True)
class TurnMatch:
    """A turn the index found: the turn itself (so a search needs no second query for
    it) and its row. A common word finds thousands: a light record, made quickly."""

    segment_id: int
    document_id: int
    index: int  # of the turn in its document, as Segment.index
    speaker: str | None
    start: int  # the turn's place in the document text
    end: int
    time_start: float | None
    forms: str
    lemmas: str
    stems: str
    offsets: str


class SearchMixin(StoreBase):
    def indexed_state(self) -> dict[int, tuple[str, str]]:
        """Document id → (text hash, pipeline) of its indexed rows."""
        rows = self._query("SELECT document_id, text_sha256, pipeline FROM search_state")
        return {row[0]: (row[1], row[2]) for row in rows}

    def store_index(
        self, document_id: int, text_sha256: str, pipeline: str, turns: Sequence[IndexedTurn]
    ) -> None:
        """Replace a document's rows, all or nothing."""
        with self.write() as tx:
            tx.execute(
                "DELETE FROM search_turns WHERE rowid IN "
                "(SELECT id FROM segments WHERE document_id = ?)",
                (document_id,),
            )
            for turn in turns:
                tx.execute(
                    "INSERT INTO search_turns (rowid, forms, lemmas, stems, heads, offsets) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        turn.segment_id,
                        turn.forms,
                        turn.lemmas,
                        turn.stems,
                        turn.heads,
                        turn.offsets,
                    ),
                )
            tx.execute(
                "INSERT INTO search_state (document_id, text_sha256, pipeline) VALUES (?, ?, ?) "
                "ON CONFLICT (document_id) DO UPDATE SET text_sha256 = excluded.text_sha256, "
                "pipeline = excluded.pipeline",
                (document_id, text_sha256, pipeline),
            )

    def forget_index(self) -> None:
        """Drop the whole index (it is rebuilt by the next search)."""
        with self.write() as tx:
            tx.execute("DELETE FROM search_turns")
            tx.execute("DELETE FROM search_state")

    def match_turns(
        self,
        expression: str,
        document_ids: Sequence[int],
        speakers: Sequence[str] | None = None,
    ) -> list[TurnMatch]:
        """The indexed turns of ``document_ids`` that match an FTS5 ``expression``."""
        if not document_ids:
            return []
        marks = ", ".join("?" * len(document_ids))
        clause, parameters = f" AND s.document_id IN ({marks})", [expression, *document_ids]
        if speakers:
            clause += f" AND s.speaker IN ({', '.join('?' * len(speakers))})"
            parameters += list(speakers)
        # No ORDER BY: sorting rows that carry whole turns costs more than the caller's
        # sort of the records (coder.nlp.search orders them as it was asked).
        rows = self._query(
            'SELECT s.id, s.document_id, s.idx, s.speaker, s.start, s."end", s.time_start, '
            "f.forms, f.lemmas, f.stems, f.offsets "
            "FROM search_turns f JOIN segments s ON s.id = f.rowid "
            f"WHERE search_turns MATCH ?{clause}",
            parameters,
        )
        return [TurnMatch(*row) for row in rows]
