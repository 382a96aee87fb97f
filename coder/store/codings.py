"""Codings (a code on a span of a document) and memos."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from coder.errors import CoderError
from coder.store.base import StoreBase, chunks, now, placeholders, where
from coder.store.oplog import Transaction
from coder.store.records import Coding, Memo

SOURCES = ("human", "model")
MODEL_CODER = "model"  # the coder of the model's codings (auto-tagging, promoted clusters)
MEMO_TARGETS = ("project", "document", "segment", "code", "coding")

# A coding's status. Counts, exports and analyses use reviewed codings unless asked.
SUGGESTED, ACCEPTED, REJECTED = "suggested", "accepted", "rejected"
REVIEWED: tuple[str, ...] = (ACCEPTED,)
WITH_SUGGESTIONS: tuple[str, ...] = (ACCEPTED, SUGGESTED)
ALL_STATUSES: tuple[str, ...] = (ACCEPTED, SUGGESTED, REJECTED)

_CODING_SELECT = (
    'SELECT c.id, c.document_id, c.start, c."end", c.code_id, k.name, c.created, c.memo, '
    "c.source, c.confidence, c.status, c.reason FROM codings c JOIN coders k ON k.id = c.coder_id"
)


class CodingScope(TypedDict):
    """Which codings count, as keyword arguments of every count, table and export."""

    include_suggestions: bool
    coder: str | None


class DuplicateCoding(CoderError):
    """The coder has this code on this span already: applying it again changes nothing."""


def statuses(include_suggestions: bool = False) -> tuple[str, ...]:
    return WITH_SUGGESTIONS if include_suggestions else REVIEWED


def coding_filter(
    alias: str = "c", *, include_suggestions: bool = False, coder: str | None = None
) -> tuple[str, list[object]]:
    """The one SQL condition for "the codings that count": reviewed ones (and, when asked,
    pending suggestions), of one coder or of all. Every count and listing uses it."""
    wanted = statuses(include_suggestions)
    condition = f"{alias}.status IN ({placeholders(wanted)})"
    parameters: list[object] = list(wanted)
    if coder is not None:
        condition += f" AND {alias}.coder_id = (SELECT id FROM coders WHERE name = ?)"
        parameters.append(coder)
    return condition, parameters


@dataclass(frozen=True)
class NewCoding:
    document_id: int
    start: int
    end: int
    code_id: int
    source: str = "human"
    confidence: float | None = None
    memo: str = ""
    coder: str | None = None
    reason: str | None = None  # the model's, as coder.suggest.reasons stores it


class CodingsMixin(StoreBase):
    def _check_coding(self, tx: Transaction, coding: NewCoding) -> None:
        row = tx.execute(
            "SELECT length(text) FROM documents WHERE id = ?", (coding.document_id,)
        ).fetchone()
        if row is None:
            raise CoderError(f"no document with id {coding.document_id}")
        if not 0 <= coding.start < coding.end <= row[0]:
            raise CoderError(
                f"span {coding.start}-{coding.end} is not inside the document (length {row[0]})"
            )
        if tx.execute("SELECT 1 FROM codes WHERE id = ?", (coding.code_id,)).fetchone() is None:
            raise CoderError(f"no code with id {coding.code_id}")
        if coding.source not in SOURCES:
            raise CoderError(f"source must be one of {', '.join(SOURCES)}, not '{coding.source}'")
        if coding.confidence is not None and not 0.0 <= coding.confidence <= 1.0:
            raise CoderError(f"confidence {coding.confidence} is not between 0 and 1")

    def add_coding(
        self,
        document_id: int,
        start: int,
        end: int,
        code_id: int,
        *,
        source: str = "human",
        confidence: float | None = None,
        memo: str = "",
        coder: str | None = None,
    ) -> Coding:
        """Store one coding; :class:`DuplicateCoding` (nothing stored) when the coder has
        this code on exactly this span already."""
        new = NewCoding(document_id, start, end, code_id, source, confidence, memo, coder)
        stored = self.add_codings([new], description="apply code")
        if not stored:
            name = self._query_one("SELECT name FROM codes WHERE id = ?", (code_id,))
            raise DuplicateCoding(
                f"{new.coder or self.coder} has code '{name[0] if name else code_id}' "
                "on this passage already"
            )
        return self.coding(stored[0])

    def add_codings(self, codings: list[NewCoding], description: str = "apply codes") -> list[int]:
        """Store several codings as one undoable operation (e.g. one code on many turns).

        Returns the ids of the codings stored. One the same coder has already (same code,
        same span) is skipped: the database's UNIQUE rule decides, so two processes
        storing the same model codings at once leave one copy. The model's codings are
        stored as suggestions.
        """
        coder_ids = {name: self.coder_id(name) for name in {c.coder or self.coder for c in codings}}
        created = now()
        ids: list[int] = []
        with self.write(description) as tx:
            for coding in codings:
                self._check_coding(tx, coding)
                coding_id = tx.insert_new(
                    "codings",
                    {
                        "document_id": coding.document_id,
                        "start": coding.start,
                        "end": coding.end,
                        "code_id": coding.code_id,
                        "coder_id": coder_ids[coding.coder or self.coder],
                        "created": created,
                        "memo": coding.memo or "",
                        "source": coding.source,
                        "confidence": coding.confidence,
                        "status": SUGGESTED if coding.source == "model" else ACCEPTED,
                        "reason": coding.reason,
                    },
                )
                if coding_id is not None:
                    ids.append(coding_id)
        return ids

    def coding(self, coding_id: int) -> Coding:
        row = self._query_one(f"{_CODING_SELECT} WHERE c.id = ?", (coding_id,))
        if row is None:
            raise CoderError(f"no coding with id {coding_id}")
        return Coding(*row)

    def codings(
        self,
        *,
        document_id: int | None = None,
        code_ids: list[int] | None = None,
        coder: str | None = None,
        source: str | None = None,
        status: Sequence[str] | None = REVIEWED,
    ) -> list[Coding]:
        """Codings, filtered, in document order: by default the reviewed ones (a
        researcher's); ``status=WITH_SUGGESTIONS`` adds the pending suggestions, ``None``
        gives every coding whatever its status."""
        clause, parameters = where(
            {"c.document_id": document_id, "k.name": coder, "c.source": source}
        )
        if status is not None:
            wanted = f"c.status IN ({placeholders(status)})"
            clause = f"{clause} AND {wanted}" if clause else f" WHERE {wanted}"
            parameters = [*parameters, *status]
        order = ' ORDER BY c.document_id, c.start, c."end", c.id'
        if code_ids is None:
            return [Coding(*r) for r in self._query(_CODING_SELECT + clause + order, parameters)]
        result: list[Coding] = []
        for part in chunks(code_ids):
            in_part = f"c.code_id IN ({placeholders(part)})"
            restricted = f"{clause} AND {in_part}" if clause else f" WHERE {in_part}"
            result.extend(
                Coding(*r)
                for r in self._query(_CODING_SELECT + restricted + order, [*parameters, *part])
            )
        result.sort(key=lambda c: (c.document_id, c.start, c.end, c.id))
        return result

    def remove_coding(self, coding_id: int) -> None:
        self.remove_codings([coding_id])

    def remove_codings(self, coding_ids: list[int], description: str = "remove coding") -> None:
        with self.write(description) as tx:
            for coding_id in coding_ids:
                if (
                    tx.execute("SELECT 1 FROM codings WHERE id = ?", (coding_id,)).fetchone()
                    is None
                ):
                    raise CoderError(f"no coding with id {coding_id}")
            self._delete_coding_rows(tx, coding_ids)

    def _delete_coding_rows(self, tx: Transaction, coding_ids: list[int]) -> None:
        raise NotImplementedError  # provided by CodesMixin

    def set_coding_memo(self, coding_id: int, memo: str) -> None:
        self.coding(coding_id)
        with self.write("edit coding memo") as tx:
            tx.update("codings", coding_id, {"memo": memo})

    def code_counts(
        self, *, include_suggestions: bool = False, coder: str | None = None
    ) -> dict[int, int]:
        condition, parameters = coding_filter(include_suggestions=include_suggestions, coder=coder)
        return dict(
            self._query(
                f"SELECT c.code_id, COUNT(*) FROM codings c WHERE {condition} GROUP BY c.code_id",
                parameters,
            )
        )

    def coder_counts(self, *, include_suggestions: bool = False) -> dict[str, int]:
        """Codings per coder (reviewed ones; pending suggestions under the model when asked)."""
        condition, parameters = coding_filter(include_suggestions=include_suggestions)
        return dict(
            self._query(
                f"SELECT k.name, COUNT(c.id) FROM coders k JOIN codings c ON c.coder_id = k.id "
                f"WHERE {condition} GROUP BY k.id ORDER BY k.id",
                parameters,
            )
        )

    def suggestion_count(self) -> int:
        row = self._query_one("SELECT COUNT(*) FROM codings WHERE status = ?", (SUGGESTED,))
        return int(row[0]) if row else 0

    # -- memos -----------------------------------------------------------------------------

    def add_memo(self, target_kind: str, target_id: int | None, text: str) -> Memo:
        if target_kind not in MEMO_TARGETS:
            raise CoderError(
                f"a memo belongs to one of {', '.join(MEMO_TARGETS)}, not '{target_kind}'"
            )
        if (target_kind == "project") != (target_id is None):
            raise CoderError("a project memo has no target; every other memo needs one")
        if not text.strip():
            raise CoderError("a memo needs text")
        coder_id = self.coder_id()
        stamp = now()
        with self.write(f"add {target_kind} memo") as tx:
            memo_id = tx.insert(
                "memos",
                {
                    "target_kind": target_kind,
                    "target_id": target_id,
                    "coder_id": coder_id,
                    "text": text,
                    "created": stamp,
                    "modified": stamp,
                },
            )
        return self.memo(memo_id)

    def memo(self, memo_id: int) -> Memo:
        row = self._query_one(
            "SELECT m.id, m.target_kind, m.target_id, m.text, k.name, m.created, m.modified "
            "FROM memos m LEFT JOIN coders k ON k.id = m.coder_id WHERE m.id = ?",
            (memo_id,),
        )
        if row is None:
            raise CoderError(f"no memo with id {memo_id}")
        return Memo(*row)

    def memos(self, target_kind: str | None = None, target_id: int | None = None) -> list[Memo]:
        clause, parameters = where({"m.target_kind": target_kind, "m.target_id": target_id})
        rows = self._query(
            "SELECT m.id, m.target_kind, m.target_id, m.text, k.name, m.created, m.modified "
            f"FROM memos m LEFT JOIN coders k ON k.id = m.coder_id{clause} ORDER BY m.id",
            parameters,
        )
        return [Memo(*row) for row in rows]

    def update_memo(self, memo_id: int, text: str) -> Memo:
        self.memo(memo_id)
        if not text.strip():
            raise CoderError("a memo needs text (delete it instead)")
        with self.write("edit memo") as tx:
            tx.update("memos", memo_id, {"text": text, "modified": now()})
        return self.memo(memo_id)

    def delete_memo(self, memo_id: int) -> None:
        self.memo(memo_id)
        with self.write("delete memo") as tx:
            tx.delete("memos", memo_id)
