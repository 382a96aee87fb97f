"""Reviewing the model's codings: a suggestion is accepted or rejected by a researcher.

Accepting makes the suggestion the accepting researcher's coding (its source stays
'model' and its confidence stays, as provenance); rejecting hides it and keeps it, with a
rejection the model learns from, so it is never suggested again. Every review, single or
in bulk, is one undoable operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import CoderError
from coder.store.base import StoreBase, now, placeholders, where
from coder.store.codings import ACCEPTED, REJECTED, SUGGESTED
from coder.store.learning import insert_rejection
from coder.store.oplog import Transaction
from coder.store.records import Coding

_SELECT = (
    'SELECT c.id, c.document_id, c.start, c."end", c.code_id, k.name, c.created, c.memo, '
    "c.source, c.confidence, c.status, c.reason FROM codings c JOIN coders k ON k.id = c.coder_id"
)


@dataclass(frozen=True)
class ReviewOutcome:
    accepted: int = 0
    rejected: int = 0


class ReviewMixin(StoreBase):
    def _delete_coding_rows(self, tx: Transaction, coding_ids: list[int]) -> None:
        raise NotImplementedError  # provided by CodesMixin

    def suggestions(
        self,
        *,
        code_ids: list[int] | None = None,
        document_id: int | None = None,
        min_confidence: float | None = None,
        max_confidence: float | None = None,
    ) -> list[Coding]:
        """The pending suggestions, most confident first (then in document order)."""
        clause, parameters = where({"c.document_id": document_id, "c.status": SUGGESTED})
        if code_ids is not None:
            if not code_ids:
                return []
            clause += f" AND c.code_id IN ({placeholders(code_ids)})"
            parameters += code_ids
        if min_confidence is not None:
            clause += " AND COALESCE(c.confidence, 0) >= ?"
            parameters.append(min_confidence)
        if max_confidence is not None:
            clause += " AND COALESCE(c.confidence, 0) < ?"
            parameters.append(max_confidence)
        order = ' ORDER BY COALESCE(c.confidence, 0) DESC, c.document_id, c.start, c."end", c.id'
        return [Coding(*row) for row in self._query(_SELECT + clause + order, parameters)]

    def accept_codings(self, coding_ids: list[int], description: str = "accept suggestion") -> int:
        """The active coder accepts suggestions: they become that coder's codings.

        A suggestion the coder has already coded the same way is removed instead (the
        coder's coding stands). Returns the number accepted.
        """
        coder_id = self.coder_id()
        stamp = now()
        accepted = 0
        with self.write(description) as tx:
            for coding_id in coding_ids:
                row = self._review_row(tx, coding_id)
                if row[4] == ACCEPTED:
                    continue
                document_id, start, end, code_id = row[:4]
                duplicate = tx.execute(
                    'SELECT 1 FROM codings WHERE document_id = ? AND start = ? AND "end" = ? '
                    "AND code_id = ? AND coder_id = ? AND id != ?",
                    (document_id, start, end, code_id, coder_id, coding_id),
                ).fetchone()
                if duplicate:
                    self._delete_coding_rows(tx, [coding_id])
                else:
                    tx.update(
                        "codings",
                        coding_id,
                        {"coder_id": coder_id, "status": ACCEPTED, "reviewed": stamp},
                    )
                for (rejection_id,) in tx.execute(
                    'SELECT id FROM rejections WHERE document_id = ? AND start = ? AND "end" = ? '
                    "AND code_id = ?",
                    (document_id, start, end, code_id),
                ).fetchall():
                    tx.delete("rejections", rejection_id)
                accepted += 1
        return accepted

    def reject_codings(self, coding_ids: list[int], description: str = "reject suggestion") -> int:
        """The active coder rejects pending suggestions. Returns the number rejected."""
        coder_id = self.coder_id()
        stamp = now()
        rejected = 0
        with self.write(description) as tx:
            for coding_id in coding_ids:
                row = self._review_row(tx, coding_id)
                if row[4] == REJECTED:
                    continue
                if row[4] != SUGGESTED:
                    raise CoderError(f"coding {coding_id} is not a pending suggestion")
                self._mark_rejected(tx, coding_id, row[:4], coder_id, stamp)
                rejected += 1
        return rejected

    def review(
        self,
        *,
        code_ids: list[int] | None = None,
        document_id: int | None = None,
        accept_above: float | None = None,
        reject_below: float | None = None,
    ) -> ReviewOutcome:
        """Accept the pending suggestions with confidence at or above ``accept_above`` and
        reject those below ``reject_below``, in one undoable operation."""
        for name, value in (("accept above", accept_above), ("reject below", reject_below)):
            if value is not None and not 0.0 <= value <= 1.0:
                raise CoderError(f"{name} must be between 0 and 1, not {value}")
        if accept_above is not None and reject_below is not None and reject_below > accept_above:
            raise CoderError(
                f"reject below ({reject_below}) is higher than accept above ({accept_above})"
            )
        with self.write("review suggestions"):
            accepted = rejected = 0
            if accept_above is not None:
                found = self.suggestions(
                    code_ids=code_ids, document_id=document_id, min_confidence=accept_above
                )
                accepted = self.accept_codings([c.id for c in found])
            if reject_below is not None:
                found = self.suggestions(
                    code_ids=code_ids, document_id=document_id, max_confidence=reject_below
                )
                rejected = self.reject_codings([c.id for c in found])
        return ReviewOutcome(accepted, rejected)

    def _review_row(self, tx: Transaction, coding_id: int) -> tuple:
        row = tx.execute(
            'SELECT document_id, start, "end", code_id, status, source FROM codings WHERE id = ?',
            (coding_id,),
        ).fetchone()
        if row is None:
            raise CoderError(f"no coding with id {coding_id}")
        if row[5] != "model":
            raise CoderError(f"coding {coding_id} is a researcher's, not a suggestion")
        return row

    def _mark_rejected(
        self, tx: Transaction, coding_id: int, key: tuple, coder_id: int, stamp: str
    ) -> None:
        """Hide a suggestion and remember the rejection (a negative example to learn from)."""
        tx.update("codings", coding_id, {"status": REJECTED, "reviewed": stamp})
        document_id, start, end, code_id = key
        known = tx.execute(
            'SELECT 1 FROM rejections WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND code_id = ?",
            (document_id, start, end, code_id),
        ).fetchone()
        if known is None:
            insert_rejection(tx, key, coder_id, stamp)
