"""Codings (a code on a span of a document) and memos."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import CoderError
from coder.store.base import StoreBase, chunks, now, placeholders, where
from coder.store.oplog import Transaction
from coder.store.records import Coding, Memo

SOURCES = ("human", "model")
MODEL_CODER = "model"  # the coder of the model's codings (auto-tagging, promoted clusters)
MEMO_TARGETS = ("project", "document", "segment", "code", "coding")

_CODING_SELECT = (
    'SELECT c.id, c.document_id, c.start, c."end", c.code_id, k.name, c.created, c.memo, '
    "c.source, c.confidence FROM codings c JOIN coders k ON k.id = c.coder_id"
)


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
        new = NewCoding(document_id, start, end, code_id, source, confidence, memo, coder)
        [coding_id] = self.add_codings([new], description="apply code")
        return self.coding(coding_id)

    def add_codings(self, codings: list[NewCoding], description: str = "apply codes") -> list[int]:
        """Store several codings as one undoable operation (e.g. one code on many turns)."""
        coder_ids = {name: self.coder_id(name) for name in {c.coder or self.coder for c in codings}}
        created = now()
        ids: list[int] = []
        with self.write(description) as tx:
            for coding in codings:
                self._check_coding(tx, coding)
                ids.append(
                    tx.insert(
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
                        },
                    )
                )
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
    ) -> list[Coding]:
        """Codings, filtered, in document order."""
        clause, parameters = where(
            {"c.document_id": document_id, "k.name": coder, "c.source": source}
        )
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

    def accept_codings(self, coding_ids: list[int]) -> None:
        """A human confirms model-made codings: they become human codings of the active coder."""
        coder_id = self.coder_id()
        with self.write("accept suggestion") as tx:
            for coding_id in coding_ids:
                tx.update("codings", coding_id, {"source": "human", "coder_id": coder_id})

    def code_counts(self) -> dict[int, int]:
        return dict(self._query("SELECT code_id, COUNT(*) FROM codings GROUP BY code_id"))

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
