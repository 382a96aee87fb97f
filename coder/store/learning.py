"""What the suggestion model needs from the store: rejected suggestions and saved models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coder.errors import CoderError
from coder.store.base import StoreBase, now, where
from coder.store.codings import REJECTED, SUGGESTED
from coder.store.oplog import Transaction


@dataclass(frozen=True)
class Rejection:
    id: int
    document_id: int
    start: int
    end: int
    code_id: int
    coder: str
    created: str


@dataclass(frozen=True)
class StoredModel:
    name: str
    created: str
    meta: dict[str, Any]
    data: bytes


def insert_rejection(
    tx: Transaction, span: tuple[int, int, int, int], coder_id: int, stamp: str
) -> int:
    """Remember that a code does not apply to a span, (document, start, end, code)."""
    document_id, start, end, code_id = span
    return tx.insert(
        "rejections",
        {
            "document_id": document_id,
            "start": start,
            "end": end,
            "code_id": code_id,
            "coder_id": coder_id,
            "created": stamp,
        },
    )


class LearningMixin(StoreBase):
    def reject_suggestion(self, document_id: int, start: int, end: int, code_id: int) -> Rejection:
        """Remember that a code does not apply to a span: a negative example for training.

        A pending model suggestion of exactly that span and code is marked rejected in
        the same operation (hidden, kept so it is not suggested again), so one undo
        brings it back.
        """
        coder_id = self.coder_id()
        stamp = now()
        with self.write("reject suggestion") as tx:
            if tx.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is None:
                raise CoderError(f"no code with id {code_id}")
            for (coding_id,) in tx.execute(
                'SELECT id FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
                "AND code_id = ? AND status = ?",
                (document_id, start, end, code_id, SUGGESTED),
            ).fetchall():
                tx.update("codings", coding_id, {"status": REJECTED, "reviewed": stamp})
            rejection_id = insert_rejection(tx, (document_id, start, end, code_id), coder_id, stamp)
        return self.rejections(rejection_id=rejection_id)[0]

    def rejections(
        self, *, document_id: int | None = None, rejection_id: int | None = None
    ) -> list[Rejection]:
        clause, parameters = where({"r.document_id": document_id, "r.id": rejection_id})
        rows = self._query(
            'SELECT r.id, r.document_id, r.start, r."end", r.code_id, k.name, r.created '
            f"FROM rejections r JOIN coders k ON k.id = r.coder_id{clause} ORDER BY r.document_id, r.start",
            parameters,
        )
        return [Rejection(*row) for row in rows]

    def save_model(self, name: str, meta: dict[str, Any], data: bytes) -> None:
        """Keep a trained model in the project (replacing the previous one of that name)."""
        with self.write() as tx:
            tx.execute(
                "INSERT INTO models (name, created, meta, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET created = excluded.created, "
                "meta = excluded.meta, data = excluded.data",
                (name, now(), json.dumps(meta, ensure_ascii=False), data),
            )

    def load_model(self, name: str) -> StoredModel | None:
        row = self._query_one(
            "SELECT name, created, meta, data FROM models WHERE name = ?", (name,)
        )
        if row is None:
            return None
        return StoredModel(row[0], row[1], json.loads(row[2]), bytes(row[3]))
