"""What pseudonymisation keeps in a project, and how it rewrites a copy.

The researcher's review of the findings (names that are not identifying, names the
detector missed) is kept in the project, so a second run gives the same result. The
pseudonymised copy is made from a backup of the project whose texts are then rewritten
here: every position (turns, codings, rejections) moves with the text, and everything
derived from the original text (analyses, embeddings, the model, the undo history,
jobs, the review itself) is dropped and the file vacuumed, so no original text is left
in it, not even in free pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coder.store.base import StoreBase, now

KEEP, ADD = "keep", "add"


@dataclass(frozen=True)
class DeidDecision:
    text: str
    kind: str  # for ADD: the kind of the name; for KEEP: ""
    action: str  # KEEP (not identifying) or ADD (identifying, missed by the detector)


@dataclass(frozen=True)
class RewrittenDocument:
    document_id: int
    name: str
    original_filename: str
    sha256: str
    text: str
    segments: list[tuple[int, str | None, int, int]]  # (segment id, speaker, start, end)
    codings: list[tuple[int, int, int]]  # (coding id, start, end)
    rejections: list[tuple[int, int, int]]


class DeidMixin(StoreBase):
    _conn: sqlite3.Connection

    def deid_decisions(self) -> list[DeidDecision]:
        rows = self._query("SELECT text, kind, action FROM deid_decisions ORDER BY action, text")
        return [DeidDecision(*row) for row in rows]

    def decide_deid(self, decisions: Sequence[DeidDecision]) -> None:
        """Record review decisions; a later decision on the same text replaces it."""
        with self.write() as tx:
            for decision in decisions:
                tx.execute(
                    "INSERT INTO deid_decisions (text, kind, action, created) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (text) DO UPDATE SET kind = excluded.kind, "
                    "action = excluded.action, created = excluded.created",
                    (decision.text, decision.kind, decision.action, now()),
                )

    def forget_deid(self, texts: Sequence[str]) -> None:
        with self.write() as tx:
            for text in texts:
                tx.execute("DELETE FROM deid_decisions WHERE text = ?", (text,))

    def backup_to(self, path: Path) -> None:
        """A consistent copy of the whole project at ``path`` (SQLite's backup)."""
        target = sqlite3.connect(path)
        try:
            with self._lock:  # type: ignore[attr-defined]
                self._conn.backup(target)
        finally:
            target.close()

    def rewrite_document(self, document: RewrittenDocument) -> None:
        """Replace a document's text and names, moving its turns, codings and
        rejections with it (only for a pseudonymised copy: not undoable)."""
        with self.write() as tx:
            tx.execute(
                "UPDATE documents SET name = ?, original_filename = ?, sha256 = ?, text = ? "
                "WHERE id = ?",
                (
                    document.name,
                    document.original_filename,
                    document.sha256,
                    document.text,
                    document.document_id,
                ),
            )
            for segment_id, speaker, start, end in document.segments:
                tx.execute(
                    'UPDATE segments SET speaker = ?, start = ?, "end" = ? WHERE id = ?',
                    (speaker, start, end, segment_id),
                )
            for table, rows in (("codings", document.codings), ("rejections", document.rejections)):
                for row_id, start, end in rows:
                    tx.execute(
                        f'UPDATE {table} SET start = ?, "end" = ? WHERE id = ?',
                        (start, end, row_id),
                    )

    def rewrite_notes(self, memos: dict[int, str], coding_memos: dict[int, str]) -> None:
        with self.write() as tx:
            for memo_id, text in memos.items():
                tx.execute("UPDATE memos SET text = ? WHERE id = ?", (text, memo_id))
            for coding_id, text in coding_memos.items():
                tx.execute("UPDATE codings SET memo = ? WHERE id = ?", (text, coding_id))

    def forget_derived(self) -> None:
        """Drop what was derived from the original text, then vacuum the file."""
        with self.write() as tx:
            for table in (
                "analyses",
                "search_turns",
                "search_state",
                "embeddings",
                "models",
                "operations",
                "job_items",
                "jobs",
                "deid_decisions",
            ):
                tx.execute(f"DELETE FROM {table}")
            # FTS5 keeps deleted words in its index until its segments are merged
            tx.execute("INSERT INTO search_turns (search_turns) VALUES ('rebuild')")
        with self._lock:  # type: ignore[attr-defined]
            self._conn.execute("VACUUM")
            # the old pages may still sit in the write-ahead log: empty it
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
