"""Forward migrations: an older project file opens and is brought up to date, data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.store import Project
from coder.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version


def make_v1_project(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.execute("INSERT INTO project_meta VALUES ('application', 'codeertafel'), ('created', 'x')")
    conn.execute("INSERT INTO codes (id, name) VALUES (1, 'Knelpunten')")
    conn.execute(
        "INSERT INTO documents (id, name, original_filename, sha256, format, text, imported) "
        "VALUES (1, 'oud', 'oud.txt', 'h', 'txt', 'Tekst van vroeger', 'x')"
    )
    conn.close()


def test_v1_project_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "oud.ctdb"
    make_v1_project(path)
    with Project.open(path) as project:
        assert schema_version(project._conn) == SCHEMA_VERSION
        assert [d.name for d in project.documents()] == ["oud"]
        assert project.find_code("Knelpunten").id == 1
        project.store_analysis(1, "p", "s", b"x")  # the v2 table exists now
        assert project.cached_analysis(1, "p", "s") == b"x"


def test_every_migration_runs_from_empty(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    assert migrate(conn) == 0
    assert schema_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
    assert migrate(conn) == SCHEMA_VERSION  # idempotent
    conn.close()


def test_newer_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nieuw.ctdb"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CoderError, match="newer Codeertafel"):
        Project.open(path)


def test_v3_analyses_survive_the_move_to_one_per_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "v3.ctdb"
    make_v1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.execute("INSERT INTO analyses VALUES (1, 'nl_full-0.1', 'sha', 'x', x'0102')")
    conn.close()
    with Project.open(path) as project:
        assert project.cached_analysis(1, "nl_full-0.1", "sha") == b"\x01\x02"
        project.store_analysis(1, "nl_small-0.1", "sha", b"small")  # a second pipeline
        assert project.cached_analysis(1, "nl_full-0.1", "sha") == b"\x01\x02"


def test_v9_model_codings_get_room_for_their_reason(tmp_path: Path) -> None:
    """v10: a coding keeps why the model made it; older ones have none, and undo keeps it."""
    from coder.store import NewCoding

    path = tmp_path / "v9.ctdb"
    make_v1_project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=9)
    conn.executescript(
        """
        INSERT INTO coders VALUES (1, 'model', 'x');
        INSERT INTO codings (id, document_id, start, "end", code_id, coder_id, created, source,
                             confidence, status)
            VALUES (1, 1, 0, 5, 1, 1, 'x', 'model', 0.8, 'suggested');
        """
    )
    conn.close()
    with Project.open(path) as project:
        assert schema_version(project._conn) == SCHEMA_VERSION
        [old] = project.suggestions()
        assert (old.confidence, old.reason) == (0.8, None)
        reason = '{"w": ["vroeger"], "e": []}'
        [new] = project.add_codings(
            [NewCoding(1, 6, 10, 1, "model", 0.7, coder="model", reason=reason)]
        )
        assert project.coding(new).reason == reason
        project.undo()
        assert [s.id for s in project.suggestions()] == [1]
        project.redo()
        assert project.coding(new).reason == reason
