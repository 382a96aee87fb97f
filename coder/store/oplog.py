"""Row-image operation log: the mechanism behind autosave-with-undo.

Every undoable change goes through a :class:`Transaction`, which writes the row
and remembers its image before and after. An operation (one user action) is the
list of those changes. Undo writes the *before* images back in reverse order, redo
the *after* images in order; because images are whole rows, this works for any
mix of inserts, updates and deletes (a merge, a delete with its codings, ...)
without per-action undo code.

Most undoable tables are keyed by an integer ``id``; a change names its row by that
number. Tables keyed otherwise (a document's attributes, its cached analyses, its
search-index rows, embeddings) name their row by the list of its key values, so that
deleting a document, and undoing that, restores every row it had. Blobs (analyses,
vectors) travel through the log's JSON as base64.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any

# Tables whose changes can be undone, with the columns that identify a row.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "codes": ("id",),
    "codings": ("id",),
    "memos": ("id",),
    "rejections": ("id",),
    "documents": ("id",),
    "segments": ("id",),
    "document_attributes": ("document_id", "key"),
    "analyses": ("document_id", "pipeline"),
    "search_turns": ("rowid",),  # FTS5: the row id is the segment's id
    "search_state": ("document_id",),
    "embeddings": ("encoder", "text_sha256"),
}
UNDOABLE_TABLES = frozenset(ROW_KEYS)
_INTEGER_KEYS = (("id",), ("rowid",))  # rows named by one integer, not a list

RowKey = int | list[Any]  # an integer for tables keyed by one integer, else the key values
RowImage = dict[str, Any] | None
Change = tuple[str, RowKey, RowImage, RowImage]  # table, row key, before, after


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _key_values(table: str, key: RowKey) -> list[Any]:
    return key if isinstance(key, list) else [key]


def _key_clause(table: str) -> str:
    return " AND ".join(
        "rowid = ?" if c == "rowid" else f"{_q(c)} = ?" for c in ROW_KEYS.get(table, ("id",))
    )


def row_key(table: str, image: dict[str, Any]) -> RowKey:
    """The key of a row from its image (an int for single-integer keys)."""
    columns = ROW_KEYS.get(table, ("id",))
    if columns in _INTEGER_KEYS:
        return int(image[columns[0]])
    return [image[c] for c in columns]


def read_row(conn: sqlite3.Connection, table: str, key: RowKey) -> RowImage:
    select = "rowid, *" if ROW_KEYS.get(table) == ("rowid",) else "*"
    cursor = conn.execute(
        f"SELECT {select} FROM {_q(table)} WHERE {_key_clause(table)}", _key_values(table, key)
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return {d[0]: value for d, value in zip(cursor.description, row, strict=False)}


def read_rows(conn: sqlite3.Connection, table: str, where: str, parameters: Any) -> list[RowKey]:
    """The keys of the rows of ``table`` that ``where`` selects."""
    columns = ROW_KEYS[table]
    selected = ", ".join("rowid" if c == "rowid" else _q(c) for c in columns)
    rows = conn.execute(f"SELECT {selected} FROM {_q(table)} WHERE {where}", parameters)
    return [row[0] if columns in _INTEGER_KEYS else list(row) for row in rows]


def write_image(conn: sqlite3.Connection, table: str, key: RowKey, image: RowImage) -> None:
    """Make row ``key`` of ``table`` look exactly like ``image`` (None = absent)."""
    clause, values = _key_clause(table), _key_values(table, key)
    if image is None:
        conn.execute(f"DELETE FROM {_q(table)} WHERE {clause}", values)
        return
    keys = ROW_KEYS.get(table, ("id",))
    columns = [c for c in image if c not in keys]
    exists = conn.execute(f"SELECT 1 FROM {_q(table)} WHERE {clause}", values).fetchone()
    if exists:
        # UPDATE, not REPLACE: a REPLACE deletes first, which rows referencing this one resent.
        assignments = ", ".join(f"{_q(c)} = ?" for c in columns)
        conn.execute(
            f"UPDATE {_q(table)} SET {assignments} WHERE {clause}",
            [image[c] for c in columns] + values,
        )
    else:
        names = ["rowid" if c == "rowid" else _q(c) for c in keys] + [_q(c) for c in columns]
        conn.execute(
            f"INSERT INTO {_q(table)} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})",
            values + [image[c] for c in columns],
        )


class Transaction:
    """A write transaction that records row images when it is undoable."""

    def __init__(self, conn: sqlite3.Connection, *, undoable: bool) -> None:
        self.conn = conn
        self.undoable = undoable
        self.changes: list[Change] = []

    def _record(self, table: str, key: RowKey, before: RowImage, after: RowImage) -> None:
        if self.undoable and table in UNDOABLE_TABLES:
            self.changes.append((table, key, before, after))

    def insert(self, table: str, values: dict[str, Any]) -> int:
        row_id = self.insert_new(table, values, skip_existing=False)
        assert row_id is not None
        return row_id

    def insert_new(
        self, table: str, values: dict[str, Any], *, skip_existing: bool = True
    ) -> int | None:
        """Insert a row; returns its rowid (the ``id`` of tables keyed by one). With
        ``skip_existing``, a row a UNIQUE rule says is there already is left alone
        (None): the database decides, so two processes cannot both add it."""
        columns = list(values)
        names = ["rowid" if c == "rowid" else _q(c) for c in columns]
        conflict = " ON CONFLICT DO NOTHING" if skip_existing else ""
        cursor = self.conn.execute(
            f"INSERT INTO {_q(table)} ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in columns)}){conflict}",
            [values[c] for c in columns],
        )
        if cursor.rowcount == 0:
            return None
        row_id = int(cursor.lastrowid or 0)
        if self.undoable and table in UNDOABLE_TABLES:
            key = row_id if ROW_KEYS[table] in _INTEGER_KEYS else row_key(table, values)
            self._record(table, key, None, read_row(self.conn, table, key))
        return row_id

    def update(self, table: str, key: RowKey, values: dict[str, Any]) -> None:
        before = read_row(self.conn, table, key) if self.undoable else None
        assignments = ", ".join(f"{_q(c)} = ?" for c in values)
        self.conn.execute(
            f"UPDATE {_q(table)} SET {assignments} WHERE {_key_clause(table)}",
            [*values.values(), *_key_values(table, key)],
        )
        if self.undoable:
            self._record(table, key, before, read_row(self.conn, table, key))

    def put(self, table: str, key: RowKey, image: RowImage) -> None:
        """Make a row look like ``image`` (None: absent), whether it exists or not."""
        before = read_row(self.conn, table, key) if self.undoable else None
        write_image(self.conn, table, key, image)
        if self.undoable:
            self._record(table, key, before, read_row(self.conn, table, key))

    def delete(self, table: str, key: RowKey) -> None:
        before = read_row(self.conn, table, key) if self.undoable else None
        self.conn.execute(
            f"DELETE FROM {_q(table)} WHERE {_key_clause(table)}", _key_values(table, key)
        )
        if self.undoable:
            self._record(table, key, before, None)

    def delete_where(self, table: str, where: str, parameters: Any = ()) -> int:
        """Delete (recorded) every row of ``table`` that ``where`` selects; how many."""
        keys = read_rows(self.conn, table, where, parameters)
        for key in keys:
            self.delete(table, key)
        return len(keys)

    def execute(self, sql: str, parameters: tuple[Any, ...] | list[Any] = ()) -> sqlite3.Cursor:
        """Unrecorded statement: only for tables outside the undo log."""
        return self.conn.execute(sql, parameters)


_BYTES = "$bytes"  # a blob in a row image: {"$bytes": base64} (SQLite values are never dicts)


def _encoded(image: RowImage) -> RowImage:
    if image is None:
        return None
    return {
        column: {_BYTES: base64.b64encode(value).decode("ascii")}
        if isinstance(value, bytes)
        else value
        for column, value in image.items()
    }


def _decoded(image: RowImage) -> RowImage:
    if image is None:
        return None
    result: dict[str, Any] = {}
    for column, value in image.items():
        if isinstance(value, dict):
            if set(value) != {_BYTES} or not isinstance(value[_BYTES], str):
                raise ValueError("a change whose row holds an unknown value")
            value = base64.b64decode(value[_BYTES], validate=True)
        elif isinstance(value, list):
            raise ValueError("a change whose row holds an unknown value")
        result[column] = value
    return result


def encode_changes(changes: list[Change]) -> str:
    return json.dumps(
        [(table, key, _encoded(before), _encoded(after)) for table, key, before, after in changes],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _valid_key(table: str, key: object) -> bool:
    columns = ROW_KEYS[table]
    if columns in _INTEGER_KEYS:
        return type(key) is int
    return (
        isinstance(key, list)
        and len(key) == len(columns)
        and all(type(value) in (int, str) for value in key)
    )


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
        if not _valid_key(table, row_id):
            raise ValueError("a change without a row id")
        for image in (before, after):
            if image is not None and not (
                isinstance(image, dict) and all(isinstance(key, str) for key in image)
            ):
                raise ValueError("a change whose row is not a row")
    try:
        return [
            (table, key, _decoded(before), _decoded(after)) for table, key, before, after in changes
        ]
    except (TypeError, ValueError) as error:
        raise ValueError(str(error) or "a change whose row is not a row") from None


def apply_undo(conn: sqlite3.Connection, changes: list[Change]) -> None:
    for table, key, before, _after in reversed(changes):
        write_image(conn, table, key, before)
    _forget_orphaned_search_rows(conn, changes)


def apply_redo(conn: sqlite3.Connection, changes: list[Change]) -> None:
    for table, key, _before, after in changes:
        write_image(conn, table, key, after)
    _forget_orphaned_search_rows(conn, changes)


def _forget_orphaned_search_rows(conn: sqlite3.Connection, changes: list[Change]) -> None:
    """Undoing an import removes turns whose search rows were made later (unrecorded):
    drop rows whose turn is gone, so a new turn that gets its id is not found by them."""
    if any(table == "segments" for table, *_ in changes):
        conn.execute("DELETE FROM search_turns WHERE rowid NOT IN (SELECT id FROM segments)")
