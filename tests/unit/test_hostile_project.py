"""Project files that cannot be used: one line that says why, never a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import coder.store.project as store_project
from coder.errors import CoderError
from coder.store import CodeSpec, Project
from coder.store.project import DatabaseProblem


def _read_only_connect(path: Path) -> sqlite3.Connection:
    """What SQLite does with a file it may not write: it opens it read-only.

    Tests run as root in some CI containers, where permissions do not bind; opening
    with ``mode=ro`` gives SQLite the same situation everywhere.
    """
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=1)


@pytest.fixture
def closed_project(project: Project) -> Path:
    path = project.path
    project.close()
    return path


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
def test_a_read_only_project_is_called_read_only(closed_project, monkeypatch, wal):
    # The old code said "not a Codeertafel project", or (a file already in WAL mode)
    # opened it and failed at the first change with an OperationalError traceback.
    if not wal:
        conn = sqlite3.connect(closed_project)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
    monkeypatch.setattr(store_project, "_connect", _read_only_connect)
    with pytest.raises(DatabaseProblem) as caught:
        Project.open(closed_project)
    assert caught.value.kind == "read-only"
    message = str(caught.value)
    assert message.startswith(f"{closed_project}: the project file (or its folder) is read-only")
    assert "not a Codeertafel project" not in message and "\n" not in message


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind for root")
def test_a_file_without_write_permission_is_called_read_only(closed_project):
    closed_project.chmod(0o444)
    try:
        with pytest.raises(DatabaseProblem, match="read-only"):
            Project.open(closed_project)
    finally:
        closed_project.chmod(0o644)


def test_a_write_that_fails_is_one_coder_error_and_leaves_nothing(project, monkeypatch):
    before = [c.name for c in project.codes()]
    real = project._conn

    class Failing:
        """Passes everything through, except that the commit finds the disk full."""

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if sql == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

    monkeypatch.setattr(project, "_conn", Failing())
    with pytest.raises(DatabaseProblem, match="database or disk is full"):
        project.add_codes([CodeSpec(name="Nieuw")])
    monkeypatch.undo()
    assert [c.name for c in project.codes()] == before


def test_a_damaged_project_file_is_called_damaged(closed_project, tmp_path):
    damaged = tmp_path / "kapot.ctdb"
    shutil.copy(closed_project, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(page, len(data), page):  # every b-tree page after the first
        data[offset : offset + 8] = b"\xff" * 8
    damaged.write_bytes(bytes(data))
    with pytest.raises(CoderError) as caught, Project.open(damaged) as opened:
        opened.documents()
        opened.codes()
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{damaged}: the project file is damaged")


def test_a_folder_named_like_a_project_is_called_a_folder(tmp_path):
    folder = tmp_path / "studie.ctdb"
    folder.mkdir()
    with pytest.raises(CoderError, match="is a folder, not a project file"):
        Project.open(folder)


# -- found by the fuzzer (tests/fuzz/test_fuzz_project.py) -------------------------------------


def _edit(path: Path, sql: str, *parameters: object) -> None:
    """Change a closed project as another program could: no CHECK constraints."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql, parameters)
    conn.close()


@pytest.mark.parametrize(
    ("sql", "problem"),
    [
        # A KeyError traceback in code_paths() on the old code:
        ("UPDATE codes SET parent_id = 0 WHERE id = 2", "a reference points to a row"),
        # Endless recursion on the old code:
        ("UPDATE codes SET parent_id = 2 WHERE id = 1", "a code is its own ancestor"),
        ("UPDATE codes SET position = 'x'", "codes.position holds a value of the wrong type"),
        ('UPDATE segments SET "end" = 10 ** 6', "a turn lies outside its document's text"),
        ("UPDATE documents SET text = text || char(0)", "NUL characters"),
        # A reason is JSON text or nothing; bytes would reach the reason's JSON reader
        ("UPDATE codings SET reason = x'7b7d'", "codings.reason holds a value of the wrong type"),
    ],
)
def test_a_project_changed_by_another_program_is_refused_at_open(project, document, sql, problem):
    path = project.path
    assert project.code(2).parent_id == 1
    turn = project.segments(document.id)[0]
    project.add_coding(document.id, turn.start, turn.end, 2)  # a coding to change
    project.close()
    _edit(path, sql.replace("10 ** 6", "1000000"))
    with pytest.raises(DatabaseProblem) as caught:
        Project.open(path)
    assert caught.value.kind == "damaged"
    assert problem in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "changes",
    [
        "[" * 5000,
        "{}",
        '[["operations", 1, null, null]]',
        '[["codes", "1", null, null]]',
        '[["document_attributes", 1, null, null]]',
        '[["analyses", [1, "p"], null, {"data": {"$bytes": 5}}]]',
        '[["analyses", [1, "p"], null, {"data": {"$bytes": "not base64!"}}]]',
        '[["memos", 1, null, {"text": ["a"]}]]',
    ],
    ids=[
        "5000-deep",
        "not-a-list",
        "other-table",
        "text-row-id",
        "integer-key-of-a-keyed-table",
        "blob-not-text",
        "blob-not-base64",
        "list-value",
    ],
)
def test_a_damaged_undo_history_is_one_line_not_a_traceback(project, changes):
    project.add_code("Nieuw")
    path = project.path
    project.close()
    _edit(path, "UPDATE operations SET changes = ?", changes)
    with Project.open(path) as opened:
        with pytest.raises(CoderError, match="the undo history is damaged"):
            opened.undo()
        assert [c.name for c in opened.codes()][-1] == "Nieuw"
