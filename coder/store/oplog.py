"""Row-image operation log: the mechanism behind autosave-with-undo.

Every undoable change goes through a :class:`Transaction`, which writes the row
and remembers its image before and after. An operation (one user action) is the
list of those changes. Undo writes the *before* images back in reverse order, redo
the *after* images in order; because images are whole rows, this works for any
mix of inserts, updates and deletes (a merge, a delete with its codings, ...)
without per-action undo code.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# Tables whose rows have an integer ``id`` and whose changes can be undone.
UNDOABLE_TABLES = frozenset({"codes", "codings", "memos", "rejections"})

RowImage = dict[str, Any] | None
Change = tuple[str, int, RowImage, RowImage]  # table, row id, before, after


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_row(conn: sqlite3.Connection, table: str, row_id: int) -> RowImage:
    cursor = conn.execute(f"SELECT * FROM {_q(table)} WHERE id = ?", (row_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    return {d[0]: value for d, value in zip(cursor.description, row, strict=False)}


def write_image(conn: sqlite3.Connection, table: str, row_id: int, image: RowImage) -> None:
    """Make row ``row_id`` of ``table`` look exactly like ``image`` (None = absent)."""
    if image is None:
        conn.execute(f"DELETE FROM {_q(table)} WHERE id = ?", (row_id,))
        return
    columns = [c for c in image if c != "id"]
    exists = conn.execute(f"SELECT 1 FROM {_q(table)} WHERE id = ?", (row_id,)).fetchone()
    if exists:
        # UPDATE, not REPLACE: a REPLACE deletes first, which rows referencing this one resent.
        assignments = ", ".join(f"{_q(c)} = ?" for c in columns)
        conn.execute(
            f"UPDATE {_q(table)} SET {assignments} WHERE id = ?",
            [image[c] for c in columns] + [row_id],
        )
    else:
        conn.execute(
            f"INSERT INTO {_q(table)} (id, {', '.join(map(_q, columns))}) "
            f"VALUES (?, {', '.join('?' for _ in columns)})",
            [row_id] + [image[c] for c in columns],
        )


class Transaction:
    """A write transaction that records row images when it is undoable."""

    def __init__(self, conn: sqlite3.Connection, *, undoable: bool) -> None:
        self.conn = conn
        self.undoable = undoable
        self.changes: list[Change] = []

    def _record(self, table: str, row_id: int, before: RowImage, after: RowImage) -> None:
        if self.undoable and table in UNDOABLE_TABLES:
            self.changes.append((table, row_id, before, after))

    def insert(self, table: str, values: dict[str, Any]) -> int:
        row_id = self.insert_new(table, values, skip_existing=False)
        assert row_id is not None
        return row_id

    def insert_new(
        self, table: str, values: dict[str, Any], *, skip_existing: bool = True
    ) -> int | None:
        """Insert a row; with ``skip_existing``, a row a UNIQUE rule says is there already
        is left alone (None): the database decides, so two processes cannot both add it."""
        columns = list(values)
        conflict = " ON CONFLICT DO NOTHING" if skip_existing else ""
        cursor = self.conn.execute(
            f"INSERT INTO {_q(table)} ({', '.join(map(_q, columns))}) "
            f"VALUES ({', '.join('?' for _ in columns)}){conflict}",
            [values[c] for c in columns],
        )
        if cursor.rowcount == 0:
            return None
        row_id = int(cursor.lastrowid or 0)
        if self.undoable and table in UNDOABLE_TABLES:
            self._record(table, row_id, None, read_row(self.conn, table, row_id))
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        before = read_row(self.conn, table, row_id) if self.undoable else None
        assignments = ", ".join(f"{_q(c)} = ?" for c in values)
        self.conn.execute(
            f"UPDATE {_q(table)} SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )
        if self.undoable:
            self._record(table, row_id, before, read_row(self.conn, table, row_id))

    def delete(self, table: str, row_id: int) -> None:
        before = read_row(self.conn, table, row_id) if self.undoable else None
        self.conn.execute(f"DELETE FROM {_q(table)} WHERE id = ?", (row_id,))
        if self.undoable:
            self._record(table, row_id, before, None)

    def execute(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Cursor:
        """Unrecorded statement: only for tables outside the undo log."""
        return self.conn.execute(sql, parameters)


def encode_changes(changes: list[Change]) -> str:
    return json.dumps(changes, ensure_ascii=False, separators=(",", ":"))


def decode_changes(payload: str) -> list[Change]:
    """The changes of one operation; a ValueError when they are not what we write.

    The log lives in the project file, which may come from someone else: an entry is
    only replayed when it has our shape and names a table that undo may touch.
    """
    try:
        data = json.loads(payload)
        if not isinstance(data, list):
            raise ValueError
        changes = [(table, row_id, before, after) for table, row_id, before, after in data]
    except (TypeError, ValueError, RecursionError):
        raise ValueError("not a list of changes") from None
    for table, row_id, before, after in changes:
        if table not in UNDOABLE_TABLES:
            raise ValueError(f"a change to table {str(table)[:40]!r}")
        if type(row_id) is not int:
            raise ValueError("a change without a row id")
        for image in (before, after):
            if image is not None and not (
                isinstance(image, dict) and all(isinstance(key, str) for key in image)
            ):
                raise ValueError("a change whose row is not a row")
    return changes


def apply_undo(conn: sqlite3.Connection, changes: list[Change]) -> None:
    for table, row_id, before, _after in reversed(changes):
        write_image(conn, table, row_id, before)


def apply_redo(conn: sqlite3.Connection, changes: list[Change]) -> None:
    for table, row_id, _before, after in changes:
        write_image(conn, table, row_id, after)
