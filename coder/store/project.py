"""A Codeertafel project: one SQLite file. This package is the only place with SQL.

Every user action is one transaction (autosave: nothing is ever unsaved). Changes to
documents, codes, codings and memos are recorded in the operation log, so they can be undone
and redone, also after a restart.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from coder.errors import CoderError
from coder.files import replaced_atomically
from coder.store import integrity, oplog
from coder.store.base import now
from coder.store.codes import CodesMixin
from coder.store.codings import CodingsMixin
from coder.store.deid import DeidMixin
from coder.store.documents import DocumentsMixin
from coder.store.editing import EditingMixin
from coder.store.jobs import JobsMixin
from coder.store.learning import LearningMixin
from coder.store.records import Operation
from coder.store.retrieval import RetrievalMixin
from coder.store.review import ReviewMixin
from coder.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, schema_version
from coder.store.search import SearchMixin
from coder.store.views import ViewsMixin

DEFAULT_CODER = "onderzoeker"


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE, so a
    # second process waits for the lock (busy timeout) instead of failing half-way.
    conn = sqlite3.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


class DatabaseProblem(CoderError):
    """SQLite could not do what was asked of the project file, in words a user can act on.

    ``kind``: "read-only", "cannot-open", "locked", "not-a-project", "damaged", "full",
    "io" or "other".
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


_PROBLEMS: dict[str, tuple[str, str]] = {
    # sqlite error name prefix -> (kind, message after the path)
    "SQLITE_READONLY": (
        "read-only",
        "the project file (or its folder) is read-only; Codeertafel saves every change "
        "at once, so make both writable or work on a copy",
    ),
    "SQLITE_CANTOPEN": (
        "cannot-open",
        "cannot open the project file (Codeertafel keeps a journal beside it: is the "
        "folder writable?)",
    ),
    "SQLITE_BUSY": ("locked", "the project is in use by another program (database is locked)"),
    "SQLITE_LOCKED": ("locked", "the project is in use by another program (database is locked)"),
    "SQLITE_NOTADB": ("not-a-project", "not a Codeertafel project (not an SQLite file)"),
    "SQLITE_CORRUPT": ("damaged", "the project file is damaged"),
    "SQLITE_FULL": ("full", "the disk is full; nothing was saved"),
    "SQLITE_IOERR": ("io", "cannot read or write the project file (disk I/O error)"),
}


def database_problem(path: Path, error: sqlite3.Error) -> DatabaseProblem:
    """One line naming the project file and what went wrong with it."""
    name = getattr(error, "sqlite_errorname", "") or ""
    for prefix, (kind, message) in _PROBLEMS.items():
        if name.startswith(prefix):
            return DatabaseProblem(f"{path}: {message} ({error})", kind)
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(
        error, sqlite3.IntegrityError | sqlite3.OperationalError | sqlite3.ProgrammingError
    ):
        return DatabaseProblem(f"{path}: the project file is damaged ({error})", "damaged")
    return DatabaseProblem(f"{path}: database error ({error})", "other")


def _check_writable(conn: sqlite3.Connection) -> None:
    """Fail at once on a project that cannot be written, not at the first change.

    Rewriting the schema version in a transaction that is rolled back writes nothing,
    but asks SQLite for write access (a read-only file fails here with SQLITE_READONLY).
    """
    version = schema_version(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {version}")
    finally:
        conn.execute("ROLLBACK")


class Project(
    DocumentsMixin,
    EditingMixin,
    CodesMixin,
    CodingsMixin,
    ReviewMixin,
    LearningMixin,
    ViewsMixin,
    JobsMixin,
    DeidMixin,
    SearchMixin,
    RetrievalMixin,
):
    """An open project file. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, coder: str | None = None) -> None:
        self._conn = conn
        self.path = path
        # One connection may be shared with TUI worker threads; sqlite3 objects are not
        # safe for concurrent use, so every statement sequence holds this lock.
        self._lock = threading.RLock()
        self._active: oplog.Transaction | None = None  # the open write transaction, if any
        self.coder = coder or self.meta("default_coder") or DEFAULT_CODER

    # -- lifecycle ---------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        coder: str | None = None,
        populate: Callable[[Project], None] | None = None,
    ) -> Project:
        """Create a new project file, atomically.

        The file is built under a temporary name beside the target (schema, then
        ``populate``, e.g. the codebook) and renamed into place only when complete, so a
        failure never leaves a half-written project behind.
        """
        path = Path(path)
        if path.exists():
            raise CoderError(f"{path}: already exists (choose another name or remove it)")
        if not path.parent.exists():
            raise CoderError(f"{path}: folder {path.parent} does not exist")
        with replaced_atomically(path) as tmp:
            conn = _connect(tmp)
            migrate(conn)
            project = cls(conn, tmp, coder)
            with project.write() as tx:
                tx.execute(
                    "INSERT INTO project_meta (key, value) VALUES ('application', ?), ('created', ?)",
                    (APPLICATION_ID, now()),
                )
            project.coder_id(project.coder)
            if populate is not None:
                populate(project)
            # Nothing done while creating is something to undo.
            conn.execute("DELETE FROM operations")
            conn.close()
            if path.exists():
                raise CoderError(f"{path}: already exists (choose another name or remove it)")
        return cls.open(path, coder=coder)

    @classmethod
    def open(cls, path: str | Path, *, coder: str | None = None) -> Project:
        path = Path(path)
        if not path.exists():
            raise CoderError(f"{path}: project not found (create it with 'coder init {path}')")
        if path.is_dir():
            raise CoderError(f"{path}: is a folder, not a project file")
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path)
            version = schema_version(conn)
            if version > SCHEMA_VERSION:
                raise CoderError(
                    f"{path}: made by a newer Codeertafel (schema {version}, this version "
                    f"knows {SCHEMA_VERSION}); upgrade Codeertafel"
                )
            try:
                row = conn.execute(
                    "SELECT value FROM project_meta WHERE key = 'application'"
                ).fetchone()
            except sqlite3.OperationalError as error:
                if database_problem(path, error).kind != "other":
                    raise
                row = None  # no such table: some other SQLite file
            if row is None or row[0] != APPLICATION_ID:
                raise CoderError(f"{path}: not a Codeertafel project")
            _check_writable(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                migrate(conn)
            found = integrity.problems(conn)
            if found:
                raise DatabaseProblem(
                    f"{path}: the project file is damaged or was changed by another "
                    f"program ({found[0]})",
                    "damaged",
                )
            project = cls(conn, path, coder)
        except sqlite3.Error as error:
            if conn is not None:
                conn.close()
            raise database_problem(path, error) from None
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return project

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def write(self, description: str | None = None) -> Iterator[oplog.Transaction]:
        """One write transaction; with a ``description`` it becomes an undoable operation.

        A write opened inside another one (in the same thread) joins it: its changes
        commit or roll back with the outer transaction and belong to the outer
        operation. So several store methods can be made one all-or-nothing step, e.g.
        a whole REFI-QDA import.
        """
        with self._lock:
            if self._active is not None:
                yield self._active
                return
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise database_problem(self.path, error) from None
            tx = oplog.Transaction(self._conn, undoable=description is not None)
            self._active = tx
            try:
                yield tx
                if description is not None and tx.changes:
                    # A new action ends the redo branch, as in every editor.
                    self._conn.execute("DELETE FROM operations WHERE state = 'undone'")
                    self._conn.execute(
                        "INSERT INTO operations (created, description, changes) VALUES (?, ?, ?)",
                        (now(), description, oplog.encode_changes(tx.changes)),
                    )
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                if isinstance(error, sqlite3.IntegrityError):
                    raise  # a conflict the caller may handle (e.g. undo of a stale step)
                raise database_problem(self.path, error) from None
            except BaseException:
                self._rollback()
                raise
            finally:
                self._active = None

    def _rollback(self) -> None:
        # SQLite rolls back by itself after some errors (disk full, I/O error).
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn.execute(sql, parameters).fetchall()
            except sqlite3.Error as error:
                raise database_problem(self.path, error) from None

    def _query_one(self, sql: str, parameters: Sequence[object] = ()) -> tuple | None:
        with self._lock:
            try:
                return self._conn.execute(sql, parameters).fetchone()
            except sqlite3.Error as error:
                raise database_problem(self.path, error) from None

    # -- undo / redo -------------------------------------------------------------------

    def undo(self) -> Operation | None:
        """Undo the most recent operation; None when there is nothing to undo."""
        return self._step("done", "undone", "DESC", oplog.apply_undo)

    def redo(self) -> Operation | None:
        """Redo the most recently undone operation; None when there is nothing to redo."""
        return self._step("undone", "done", "ASC", oplog.apply_redo)

    def _step(
        self, from_state: str, to_state: str, order: str, apply: Callable
    ) -> Operation | None:
        with self.write() as tx:
            row = tx.execute(
                f"SELECT id, created, description, changes FROM operations "
                f"WHERE state = ? ORDER BY id {order} LIMIT 1",
                (from_state,),
            ).fetchone()
            if row is None:
                return None
            try:
                changes = oplog.decode_changes(row[3])
            except ValueError as error:
                raise CoderError(
                    f"{self.path}: cannot {to_state[:-2]} '{row[2]}': the undo history is "
                    f"damaged ({error})"
                ) from None
            try:
                apply(self._conn, changes)
            except sqlite3.IntegrityError as error:
                raise CoderError(f"cannot {to_state[:-2]} '{row[2]}': {error}") from None
            tx.execute("UPDATE operations SET state = ? WHERE id = ?", (to_state, row[0]))
        return Operation(row[0], row[1], row[2], to_state)

    def history(self, limit: int = 50) -> list[Operation]:
        rows = self._query(
            "SELECT id, created, description, state FROM operations ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [Operation(*row) for row in rows]

    # -- metadata and coders -------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._query_one("SELECT value FROM project_meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as tx:
            tx.execute(
                "INSERT INTO project_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def coder_id(self, name: str | None = None) -> int:
        """The id of coder ``name`` (default: the active coder), created on first use."""
        name = (name or self.coder).strip()
        if not name:
            raise CoderError("a coder needs a name")
        row = self._query_one("SELECT id FROM coders WHERE name = ?", (name,))
        if row is not None:
            return int(row[0])
        with self.write() as tx:
            # Another process may add the same coder meanwhile (two auto-tag runs): the
            # UNIQUE name decides, and both use the one row.
            tx.insert_new("coders", {"name": name, "created": now()})
            return int(tx.execute("SELECT id FROM coders WHERE name = ?", (name,)).fetchone()[0])

    def coders(self) -> list[str]:
        return [row[0] for row in self._query("SELECT name FROM coders ORDER BY id")]
