"""Fuzzing project files (.ctdb): random and mutated bytes opened by the store and read
completely, or refused with one clear CoderError; never another exception."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st

from coder.errors import CoderError
from coder.ingest.importing import import_file
from coder.stats import project_stats
from coder.store import CodeSpec, NewCoding, Project
from tests.fuzz.fuzzing import assert_clear_error, fuzz, hostile_bytes
from tests.ingest.ingest_helpers import FIXTURES


def _seed() -> bytes:
    """A small project with documents, codes, codings, memos and an undo history."""
    with tempfile.TemporaryDirectory(prefix="fuzz-seed-") as name:
        path = Path(name) / "seed.ctdb"
        with Project.create(path) as project:
            project.add_codes([CodeSpec("Knelpunten", children=[CodeSpec("Wachttijden")])])
            code = project.find_code("Knelpunten/Wachttijden")
            for fixture in ("interview.srt", "mixed.txt"):
                document = import_file(project, FIXTURES / fixture, attributes={"regio": "Zuilen"})
                for turn in project.segments(document.id)[:3]:
                    project.add_codings([NewCoding(document.id, turn.start, turn.end, code.id)])
                project.add_memo("document", document.id, "Een memo.")
        # Fold the write-ahead log into the file, so the seed is one complete file.
        with Project.open(path) as project:
            project._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            project._conn.execute("PRAGMA journal_mode = DELETE")
        return path.read_bytes()


SEEDS = [_seed()]


def read_everything(project: Project) -> None:
    """What the faces read from a project: stats, texts, turns, codes, codings, memos."""
    project_stats(project)
    for document in project.documents():
        text = project.text(document.id)
        for segment in project.segments(document.id):
            assert isinstance(text[segment.start : segment.end], str)
    project.code_tree()
    project.code_paths()
    project.codings()
    project.memos()
    project.history()
    project.coders()
    project.rejections()


def undo_and_redo(project: Project) -> None:
    """Replaying the undo history, which the file brings along."""
    project.undo()
    project.redo()


def check_project(folder: Path, data: bytes) -> None:
    path = folder / "fuzz.ctdb"
    for leftover in folder.glob("fuzz.ctdb*"):
        leftover.unlink()
    path.write_bytes(data)
    try:
        with Project.open(path) as project:
            read_everything(project)
            undo_and_redo(project)
    except CoderError as error:
        assert_clear_error(error, path)
        return
    event("read")


@fuzz(200)
@given(data=hostile_bytes(SEEDS))
def test_fuzz_project_file(folder, data):
    check_project(folder, data)


def test_the_seed_itself_reads(tmp_path):
    path = tmp_path / "seed.ctdb"
    path.write_bytes(SEEDS[0])
    with Project.open(path) as project:
        read_everything(project)
        assert len(project.documents()) == 2 and len(project.codings()) == 6


_TABLES = {
    "project_meta": ["key", "value"],
    "coders": ["id", "name", "created"],
    "documents": ["id", "name", "sha256", "format", "encoding", "text", "imported"],
    "document_attributes": ["document_id", "key", "value"],
    "segments": ["document_id", "idx", "speaker", "start", "end", "time_start", "time_end"],
    "codes": ["id", "parent_id", "name", "colour", "definition", "position"],
    "codings": ["document_id", "start", "end", "code_id", "coder_id", "source", "confidence"],
    "memos": ["target_kind", "target_id", "coder_id", "text"],
    "operations": ["description", "changes", "state"],
    "rejections": ["document_id", "start", "end", "code_id"],
}
_VALUES = st.sampled_from(
    [
        None,
        0,
        -1,
        1,
        2,
        3,
        2**63 - 1,
        -(2**63),
        1.5,
        float("nan"),
        "",
        "x",
        "#E15759",
        "human",
        "model",
        "done",
        "undone",
        "document",
        "segment",
        "coding",
        b"\x00\xff",
        "9" * 100,
        "[]",
        "[[]]",
        '[["documents", 1, null, null]]',
        '[["codes", "1", {}, {}]]',
        '[["codes", 1, {"nope": 1}, null]]',
        '[["codings", 1, [1], null]]',
        "[" * 5000,
        "{}",
    ]
)


@st.composite
def hostile_rows(draw: st.DrawFn) -> list[tuple[str, str, object]]:
    """Edits (table, column, value) that no Codeertafel would write: wrong types, ids
    that point nowhere or in a circle, spans outside the text, unknown states."""
    edits = []
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(sorted(_TABLES)))
        edits.append((table, draw(st.sampled_from(_TABLES[table])), draw(_VALUES)))
    return edits


@fuzz(80)
@given(edits=hostile_rows())
def test_fuzz_project_contents(folder, edits):
    # A well-formed SQLite file with hostile contents, as another program could write it.
    path = folder / "edited.ctdb"
    path.write_bytes(SEEDS[0])
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for table, column, value in edits:
            try:
                conn.execute(
                    f'UPDATE {table} SET "{column}" = ? WHERE rowid = '
                    f"(SELECT rowid FROM {table} ORDER BY rowid DESC LIMIT 1)",
                    (value,),
                )
            except sqlite3.IntegrityError:
                continue  # NOT NULL and UNIQUE still hold; that edit is not possible
    finally:
        conn.close()
    check_project(folder, path.read_bytes())
