"""The project store on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.store import Project
from tests.conftest import TEXT


def test_create_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "p.ctdb"

    def broken(project: Project) -> None:
        project.add_code("Knelpunten")
        raise CoderError("codebook broke half-way")

    with pytest.raises(CoderError, match="half-way"):
        Project.create(path, populate=broken)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []  # no temp file left behind either

    Project.create(path).close()
    with pytest.raises(CoderError, match="already exists"):
        Project.create(path)


def test_pragmas_wal_and_foreign_keys(project: Project) -> None:
    conn = sqlite3.connect(project.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project._query_one("PRAGMA foreign_keys")[0] == 1
    conn.close()


def test_open_rejects_missing_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(CoderError, match="project not found"):
        Project.open(tmp_path / "nope.ctdb")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(CoderError, match="not a Codeertafel project"):
        Project.open(other)
    junk = tmp_path / "junk.ctdb"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CoderError, match="not a Codeertafel project"):
        Project.open(junk)
    assert not (tmp_path / "nope.ctdb").exists()


def test_document_with_turns_and_attributes(project: Project, document) -> None:
    assert document.attributes == {"region": "Hoograven"}
    segments = project.segments(document.id)
    assert [s.speaker for s in segments] == ["Moeder", "Jongere", "Buurtteam"]
    text = project.text(document.id)
    assert text[segments[2].start : segments[2].end] == "Daarna kreeg ze één vaste contactpersoon."
    assert project.document("Dialoogtafel").id == document.id  # case-insensitive fallback
    project.set_attribute(document.id, "setting", "dialoogtafel")
    assert project.document(document.id).attributes == {
        "region": "Hoograven",
        "setting": "dialoogtafel",
    }


def test_duplicate_documents_are_refused_and_leave_nothing(project: Project, document) -> None:
    with pytest.raises(CoderError, match="already imported as document 'dialoogtafel'"):
        project.add_document(
            name="ander",
            original_filename="x.txt",
            sha256="abc",
            format="txt",
            text=TEXT,
            segments=[],
        )
    with pytest.raises(CoderError, match="already exists"):
        project.add_document(
            name="dialoogtafel",
            original_filename="x.txt",
            sha256="def",
            format="txt",
            text=TEXT,
            segments=[],
        )
    assert [d.name for d in project.documents()] == ["dialoogtafel"]


def test_codings_are_spans_and_validated(project: Project, document) -> None:
    wachten = project.find_code("Wachttijden")
    coding = project.add_coding(document.id, 8, 43, wachten.id, memo="duidelijk")
    assert (coding.start, coding.end, coding.coder, coding.source) == (
        8,
        43,
        "onderzoeker",
        "human",
    )
    with pytest.raises(CoderError, match="not inside the document"):
        project.add_coding(document.id, 10, 10_000, wachten.id)
    with pytest.raises(CoderError, match="confidence"):
        project.add_coding(document.id, 1, 5, wachten.id, source="model", confidence=1.5)
    model = project.add_coding(
        document.id, 0, 5, wachten.id, source="model", confidence=0.8, coder="model"
    )
    assert project.codings(source="model") == []  # a suggestion is not a reviewed coding
    assert project.suggestions() == [model]
    project.accept_codings([model.id])
    accepted = project.coding(model.id)
    # The researcher's coding now, with the model and its confidence as provenance.
    assert (accepted.source, accepted.coder, accepted.status) == (
        "model",
        "onderzoeker",
        "accepted",
    )
    assert accepted.confidence == 0.8
    assert accepted in project.codings()


def test_document_summaries_count_coded_turns(project: Project, document) -> None:
    code = project.find_code("Wachttijden")
    project.add_coding(document.id, 8, 20, code.id)
    [summary] = project.document_summaries()
    assert (summary.turns, summary.codings, summary.coded_turns) == (3, 1, 1)
    assert summary.speakers == ["Moeder", "Jongere", "Buurtteam"]


def test_memos_on_every_target(project: Project, document) -> None:
    project.add_memo("project", None, "Onderzoeksvraag: wat zijn de knelpunten?")
    project.add_memo("document", document.id, "Moeder was emotioneel.")
    memo = project.add_memo("code", project.find_code("Wachttijden").id, "Ook wachtlijsten.")
    assert memo.coder == "onderzoeker"
    assert len(project.memos()) == 3
    assert [m.text for m in project.memos("document", document.id)] == ["Moeder was emotioneel."]
    project.update_memo(memo.id, "Ook wachtlijsten en aanmeldstops.")
    assert project.memo(memo.id).text == "Ook wachtlijsten en aanmeldstops."
    with pytest.raises(CoderError):
        project.add_memo("document", None, "zonder doel")


def test_delete_document_removes_everything_of_it(project: Project, document) -> None:
    code = project.find_code("Wachttijden")
    coding = project.add_coding(document.id, 8, 20, code.id)
    project.add_memo("coding", coding.id, "memo")
    project.delete_document(document.id)
    assert project.documents() == []
    assert project.codings() == []
    assert project.memos() == []
    assert project._query_one("SELECT COUNT(*) FROM segments")[0] == 0
    assert project.history()[0].description == "delete document 'dialoogtafel'"


def test_two_connections_write_safely(project: Project, document) -> None:
    second = Project.open(project.path, coder="collega")
    code = project.find_code("Wachttijden")
    project.add_coding(document.id, 8, 20, code.id)
    second.add_coding(document.id, 20, 30, code.id)
    assert sorted(c.coder for c in project.codings()) == ["collega", "onderzoeker"]
    second.close()


def test_nlp_cache_is_keyed_by_pipeline_and_text(project: Project, document) -> None:
    assert project.cached_analysis(document.id, "nl_x-0.1", "sha") is None
    project.store_analysis(document.id, "nl_x-0.1", "sha", b"bytes")
    assert project.cached_analysis(document.id, "nl_x-0.1", "sha") == b"bytes"
    assert project.cached_analysis(document.id, "nl_x-0.2", "sha") is None
    assert project.cached_analysis(document.id, "nl_x-0.1", "other") is None
    assert project.has_analysis(document.id, "nl_x-0.1", "sha")
    assert not project.has_analysis(document.id, "nl_x-0.1", "other")


def test_nlp_cache_keeps_one_analysis_per_pipeline(project: Project, document) -> None:
    project.store_analysis(document.id, "nl_full-0.1", "sha", b"full")
    project.store_analysis(document.id, "nl_small-0.1", "sha", b"small")
    assert project.cached_analysis(document.id, "nl_full-0.1", "sha") == b"full"
    assert project.cached_analysis(document.id, "nl_small-0.1", "sha") == b"small"
    # A new version of a pipeline replaces its old analyses, not the other pipeline's.
    project.store_analysis(document.id, "nl_small-0.2/tok2vec+senter", "sha", b"new")
    assert project.cached_analysis(document.id, "nl_small-0.1", "sha") is None
    assert project.cached_analysis(document.id, "nl_full-0.1", "sha") == b"full"
    # An edited text makes every older analysis of the document stale.
    project.store_analysis(document.id, "nl_full-0.1", "edited", b"again")
    rows = project._conn.execute(
        "SELECT pipeline, text_sha256 FROM analyses WHERE document_id = ?", (document.id,)
    ).fetchall()
    assert [tuple(row) for row in rows] == [("nl_full-0.1", "edited")]


def test_nested_writes_join_the_outer_transaction(project: Project, document) -> None:
    code = project.find_code("Wachttijden")
    with pytest.raises(CoderError, match="broke"), project.write("several steps"):
        project.add_coding(document.id, 8, 20, code.id)
        project.add_memo("document", document.id, "memo")
        raise CoderError("broke half-way")
    assert project.codings() == [] and project.memos() == []  # all rolled back
    with project.write("several steps"):
        project.add_coding(document.id, 8, 20, code.id)
        project.add_memo("document", document.id, "memo")
    assert [op.description for op in project.history()] == [
        "several steps",
        "import document 'dialoogtafel'",
    ]
    project.undo()
    assert project.codings() == [] and project.memos() == []
