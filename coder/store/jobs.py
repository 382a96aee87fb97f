"""Long batch jobs recorded in the project, so a killed run can be resumed.

A job (e.g. auto-tagging a corpus on a Dask cluster) is a list of items (files or
documents). An item is marked done in the same transaction that stores its result,
so after a crash each item is either wholly stored and done, or not stored and still
pending: resuming redoes exactly the pending ones, and nothing is stored twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coder.errors import CoderError
from coder.store.base import StoreBase, now

PENDING, DONE, FAILED = "pending", "done", "failed"


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    created: str
    finished: str | None
    settings: dict[str, Any]


@dataclass(frozen=True)
class JobItem:
    key: str  # a transcript path, or "document:<id>"
    state: str
    document_id: int | None
    detail: str  # why it failed


class JobsMixin(StoreBase):
    def start_job(self, kind: str, settings: dict[str, Any], keys: Sequence[str]) -> Job:
        """Record a job and its items (all pending)."""
        with self.write() as tx:
            job_id = tx.execute(
                "INSERT INTO jobs (kind, created, settings) VALUES (?, ?, ?)",
                (kind, now(), json.dumps(settings, ensure_ascii=False)),
            ).lastrowid
            for key in dict.fromkeys(keys):
                tx.execute("INSERT INTO job_items (job_id, key) VALUES (?, ?)", (job_id, key))
        return self.job(int(job_id))  # type: ignore[arg-type]

    def job(self, job_id: int) -> Job:
        row = self._query_one(
            "SELECT id, kind, created, finished, settings FROM jobs WHERE id = ?", (job_id,)
        )
        if row is None:
            raise CoderError(f"no job with id {job_id}")
        try:
            settings = json.loads(row[4])
        except (ValueError, TypeError, RecursionError):
            settings = None
        if not isinstance(settings, dict):
            raise CoderError(f"{self.path}: job {job_id} is damaged; start it anew")  # type: ignore[attr-defined]
        return Job(row[0], row[1], row[2], row[3], settings)

    def unfinished_job(self, kind: str) -> Job | None:
        """The latest job of ``kind`` that did not finish, if any."""
        row = self._query_one(
            "SELECT id FROM jobs WHERE kind = ? AND finished IS NULL ORDER BY id DESC LIMIT 1",
            (kind,),
        )
        return None if row is None else self.job(row[0])

    def job_items(self, job_id: int, state: str | None = None) -> list[JobItem]:
        clause, parameters = (
            ("", [job_id]) if state is None else (" AND state = ?", [job_id, state])
        )
        rows = self._query(
            f"SELECT key, state, document_id, detail FROM job_items WHERE job_id = ?{clause} "
            "ORDER BY rowid",
            parameters,
        )
        return [JobItem(*row) for row in rows]

    def finish_item(
        self, job_id: int, key: str, state: str, document_id: int | None = None, detail: str = ""
    ) -> None:
        """Mark an item done or failed; call inside the transaction that stores its result."""
        with self.write() as tx:
            tx.execute(
                "UPDATE job_items SET state = ?, document_id = ?, detail = ? "
                "WHERE job_id = ? AND key = ?",
                (state, document_id, detail, job_id, key),
            )

    def finish_job(self, job_id: int) -> None:
        with self.write() as tx:
            tx.execute("UPDATE jobs SET finished = ? WHERE id = ?", (now(), job_id))
