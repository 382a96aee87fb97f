"""Reading coded material back: the passages of a code (or of two codes together) and
every memo of the project, each with where it stands (read only; no writes here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coder.store.base import StoreBase, chunks, placeholders
from coder.store.records import Segment
from coder.store.spans import starting_turn


@dataclass(frozen=True)
class Passage:
    """A coded stretch of a document with what a researcher reads it with.

    For two codes together it is the stretch where a coding of each overlaps;
    ``coding_ids`` then names both codings."""

    coding_ids: tuple[int, ...]
    code_ids: tuple[int, ...]
    document_id: int
    document: str
    segment_index: int | None  # the turn the passage starts in
    speaker: str | None
    time_start: float | None  # the turn's timestamp (seconds), when the file had one
    start: int
    end: int
    text: str
    memos: tuple[str, ...]  # the codings' memos and the memos on them
    source: str  # human or model (model when either coding is the model's)


@dataclass(frozen=True)
class MemoEntry:
    """A memo with what it is about. ``memo_id`` is None for a coding's own memo."""

    kind: str  # project, document, segment, code, coding
    memo_id: int | None
    target_id: int | None
    text: str
    coder: str | None
    modified: str
    document_id: int | None  # where to jump: a document's, turn's or coding's
    document: str | None
    segment_index: int | None
    speaker: str | None
    code_id: int | None  # a code memo's code, a coding's code


_CODING = 'SELECT id, document_id, start, "end", code_id, memo, source FROM codings'


class RetrievalMixin(StoreBase):
    segments: Callable[[int], list[Segment]]  # provided by DocumentsMixin (annotations:
    text: Callable[[int], str]  # they do not shadow the methods in the Project's order)

    def passages(
        self, code_ids: list[int], together_with: list[int] | None = None
    ) -> list[Passage]:
        """The passages coded with any of ``code_ids``; with ``together_with``, the
        stretches where such a coding overlaps one of those codes. Document order."""
        first = self._codings_of(code_ids)
        spans: dict[tuple[int, int, int], list[tuple]] = {}
        if together_with is None:
            for row in first:
                spans.setdefault((row[1], row[2], row[3]), []).append(row)
        else:
            by_document: dict[int, list[tuple]] = {}
            for row in self._codings_of(together_with):
                by_document.setdefault(row[1], []).append(row)
            for row in first:
                for other in by_document.get(row[1], []):
                    start, end = max(row[2], other[2]), min(row[3], other[3])
                    if start < end and other[0] != row[0]:
                        found = spans.setdefault((row[1], start, end), [])
                        found.extend(r for r in (row, other) if r not in found)
        return self._passages(spans)

    def _codings_of(self, code_ids: list[int]) -> list[tuple]:
        rows: list[tuple] = []
        for part in chunks(list(dict.fromkeys(code_ids))):
            rows += self._query(f"{_CODING} WHERE code_id IN ({placeholders(part)})", part)
        return rows

    def _passages(self, spans: dict[tuple[int, int, int], list[tuple]]) -> list[Passage]:
        documents = dict(self._query("SELECT id, name FROM documents"))
        coding_memos: dict[int, list[str]] = {}
        ids = sorted({row[0] for rows in spans.values() for row in rows})
        for part in chunks(ids):
            for target, text in self._query(
                "SELECT target_id, text FROM memos WHERE target_kind = 'coding' "
                f"AND target_id IN ({placeholders(part)}) ORDER BY id",
                part,
            ):
                coding_memos.setdefault(target, []).append(text)
        texts: dict[int, str] = {}
        turns: dict[int, list[Segment]] = {}
        passages: list[Passage] = []
        for (document_id, start, end), rows in spans.items():
            if document_id not in texts:
                texts[document_id] = self.text(document_id)
                turns[document_id] = self.segments(document_id)
            turn = _turn_at(turns[document_id], start)
            memos = [row[5] for row in rows if row[5]]
            for row in rows:
                memos += coding_memos.get(row[0], [])
            passages.append(
                Passage(
                    coding_ids=tuple(row[0] for row in rows),
                    code_ids=tuple(dict.fromkeys(row[4] for row in rows)),
                    document_id=document_id,
                    document=documents[document_id],
                    segment_index=None if turn is None else turn.index,
                    speaker=None if turn is None else turn.speaker,
                    time_start=None if turn is None else turn.time_start,
                    start=start,
                    end=end,
                    text=texts[document_id][start:end],
                    memos=tuple(dict.fromkeys(memos)),
                    source="model" if any(row[6] == "model" for row in rows) else "human",
                )
            )
        passages.sort(key=lambda p: (p.document.casefold(), p.start, p.end, p.coding_ids))
        return passages

    def memo_entries(self) -> list[MemoEntry]:
        """Every memo of the project (and every coding's own memo), with its target,
        the most recently changed first."""
        documents = dict(self._query("SELECT id, name FROM documents"))
        turns: dict[int, list[Segment]] = {}

        def turn_of(document_id: int | None, position: int | None) -> Segment | None:
            if document_id is None or position is None:
                return None
            if document_id not in turns:
                turns[document_id] = self.segments(document_id)
            return _turn_at(turns[document_id], position)

        rows = self._query(
            "SELECT m.id, m.target_kind, m.target_id, m.text, k.name, m.modified, "
            "COALESCE(s.document_id, c.document_id), COALESCE(s.start, c.start), c.code_id "
            "FROM memos m LEFT JOIN coders k ON k.id = m.coder_id "
            "LEFT JOIN segments s ON m.target_kind = 'segment' AND s.id = m.target_id "
            "LEFT JOIN codings c ON m.target_kind = 'coding' AND c.id = m.target_id"
        )
        rows += self._query(
            "SELECT NULL, 'coding', c.id, c.memo, k.name, c.created, c.document_id, c.start, "
            "c.code_id FROM codings c JOIN coders k ON k.id = c.coder_id WHERE c.memo != ''"
        )
        entries: list[MemoEntry] = []
        for memo_id, kind, target, text, coder, modified, document_id, position, code_id in rows:
            if kind == "document":
                document_id = target
            turn = turn_of(document_id, position)
            entries.append(
                MemoEntry(
                    kind=kind,
                    memo_id=memo_id,
                    target_id=target,
                    text=text,
                    coder=coder,
                    modified=modified,
                    document_id=document_id,
                    document=documents.get(document_id),
                    segment_index=None if turn is None else turn.index,
                    speaker=None if turn is None else turn.speaker,
                    code_id=target if kind == "code" else code_id,
                )
            )
        entries.sort(key=lambda e: (e.modified, e.memo_id or 0), reverse=True)
        return entries


def _turn_at(turns: list[Segment], position: int) -> Segment | None:
    """The turn a passage or a memo's coding starts in (:func:`starting_turn`); the first
    turn for a position before it."""
    at = starting_turn([turn.start for turn in turns], position)
    return turns[at] if at is not None else (turns[0] if turns else None)
