"""The model's codings stay suggestions until reviewed; each coder's work stays apart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.export.tables import code_document_matrix, codings_frame, cooccurrence
from coder.stats import project_stats
from coder.store import NewCoding, Project
from coder.store.codings import MODEL_CODER, DuplicateCoding
from coder.store.schema import SCHEMA_VERSION, migrate, schema_version

TEXT = (
    "Moeder: We wachten al maanden.\nJongere: Niemand luistert naar mij.\nMoeder: Nog steeds niks."
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "p.ctdb", coder="anna")
    from coder.store import CodeSpec

    project.add_codes([CodeSpec("Wachttijden"), CodeSpec("Niet gehoord")])
    project.add_document(
        name="gesprek",
        original_filename="gesprek.txt",
        sha256="h",
        format="txt",
        encoding="utf-8",
        text=TEXT,
        segments=_turns(),
    )
    yield project
    project.close()


def _turns():  # type: ignore[no-untyped-def]
    from coder.store import NewSegment

    turns, start = [], 0
    for line in TEXT.split("\n"):
        turns.append(NewSegment(line.split(":")[0], start, start + len(line)))
        start += len(line) + 1
    return turns


def _suggest(project: Project, spans: list[tuple[int, int, str, float]]) -> list[int]:
    codes = {c.name: c.id for c in project.codes()}
    return project.add_codings(
        [
            NewCoding(1, s, e, codes[name], source="model", confidence=p, coder=MODEL_CODER)
            for s, e, name, p in spans
        ],
        description="auto-tag gesprek",
    )


def _observable(project: Project) -> tuple:
    """Everything a researcher counts or exports."""
    return (
        project_stats(project)["documents"],
        project_stats(project)["codes"],
        [(n.code.id, n.count) for n in project.code_tree()],
        project.code_document_counts(),
        codings_frame(project).to_dict("records"),
        code_document_matrix(project).to_dict(),
        cooccurrence(project).to_dict(),
        [q.coding_id for q in project.quotes([c.id for c in project.codes()])],
    )


def test_suggestions_change_no_count_or_export_until_accepted(project: Project) -> None:
    wachten = project.find_code("Wachttijden")
    project.add_coding(1, 8, 30, wachten.id)
    before = _observable(project)
    ids = _suggest(project, [(39, 66, "Niet gehoord", 0.07), (75, 91, "Wachttijden", 0.62)])
    assert _observable(project) == before
    # Asked for, they are in, and marked as the model's pending suggestions.
    frame = codings_frame(project, include_suggestions=True)
    assert sorted(frame["status"]) == ["accepted", "suggested", "suggested"]
    assert set(frame[frame["status"] == "suggested"]["coder"]) == {"model"}
    assert project_stats(project, include_suggestions=True)["totals"]["codings"] == 3
    # Accepted, one of them counts as the researcher's.
    project.accept_codings([ids[1]])
    stats = project_stats(project)
    assert stats["codes"]["Wachttijden"]["count"] == 2
    assert stats["coders"] == {"anna": 2}
    assert stats["totals"]["pending_suggestions"] == 1


def test_accept_reject_and_bulk_review_are_undoable(project: Project) -> None:
    ids = _suggest(
        project,
        [
            (0, 30, "Wachttijden", 0.91),
            (31, 66, "Niet gehoord", 0.55),
            (67, 91, "Wachttijden", 0.08),
            (31, 66, "Wachttijden", 0.04),
        ],
    )
    rows = project.suggestions()
    assert [r.confidence for r in rows] == [0.91, 0.55, 0.08, 0.04]  # most confident first
    outcome = project.review(accept_above=0.5, reject_below=0.1)
    assert (outcome.accepted, outcome.rejected) == (2, 2)
    accepted = project.coding(ids[0])
    assert (accepted.coder, accepted.source, accepted.status, accepted.confidence) == (
        "anna",
        "model",
        "accepted",
        0.91,
    )
    assert project.coding(ids[2]).status == "rejected"
    assert len(project.rejections()) == 2  # negative examples for training
    assert project.suggestions() == []
    assert project.history(1)[0].description == "review suggestions"
    project.undo()  # the whole bulk review, in one step
    assert [s.id for s in project.suggestions()] == ids
    assert project.rejections() == [] and project.codings() == []
    project.redo()
    assert len(project.codings()) == 2
    # One at a time, also undoable.
    project.undo()
    project.reject_codings([ids[1]])
    assert project.coding(ids[1]).status == "rejected"
    project.undo()
    assert project.coding(ids[1]).status == "suggested"
    project.accept_codings([ids[1]])
    assert project.coding(ids[1]).coder == "anna"
    project.undo()
    assert project.coding(ids[1]).coder == MODEL_CODER


def test_bulk_review_of_one_code_and_document(project: Project) -> None:
    _suggest(project, [(0, 30, "Wachttijden", 0.9), (31, 66, "Niet gehoord", 0.9)])
    wachten = project.find_code("Wachttijden")
    outcome = project.review(code_ids=[wachten.id], document_id=1, accept_above=0.5)
    assert (outcome.accepted, outcome.rejected) == (1, 0)
    assert [s.code_id for s in project.suggestions()] == [project.find_code("Niet gehoord").id]
    with pytest.raises(CoderError, match="between 0 and 1"):
        project.review(accept_above=1.5)


def test_a_rejected_suggestion_is_not_stored_again(project: Project) -> None:
    [first] = _suggest(project, [(0, 30, "Wachttijden", 0.9)])
    project.reject_codings([first])
    assert _suggest(project, [(0, 30, "Wachttijden", 0.9)]) == []
    assert project.suggestions() == []


def test_accepting_what_the_coder_has_already_keeps_one_coding(project: Project) -> None:
    wachten = project.find_code("Wachttijden")
    mine = project.add_coding(1, 0, 30, wachten.id)
    [suggested] = _suggest(project, [(0, 30, "Wachttijden", 0.9)])
    project.accept_codings([suggested])
    assert [c.id for c in project.codings()] == [mine.id]
    assert project.suggestions() == []


def test_the_same_code_on_the_same_span_twice_is_a_no_op(project: Project) -> None:
    wachten = project.find_code("Wachttijden")
    project.add_coding(1, 0, 30, wachten.id)
    operations = len(project.history())
    with pytest.raises(DuplicateCoding, match="anna has code 'Wachttijden' on this passage"):
        project.add_coding(1, 0, 30, wachten.id)
    assert len(project.codings()) == 1 and len(project.history()) == operations
    project.add_coding(1, 0, 30, wachten.id, coder="bert")  # another coder may
    assert len(project.codings()) == 2


def test_the_database_refuses_a_duplicate_whoever_writes_it(project: Project) -> None:
    wachten = project.find_code("Wachttijden")
    project.add_coding(1, 0, 30, wachten.id)
    conn = sqlite3.connect(project.path)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(
            'INSERT INTO codings (document_id, start, "end", code_id, coder_id, created) '
            "SELECT document_id, start, \"end\", code_id, coder_id, 'x' FROM codings"
        )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # a human coding is never pending
        conn.execute(
            'INSERT INTO codings (document_id, start, "end", code_id, coder_id, created, status) '
            "VALUES (1, 1, 5, 1, 1, 'x', 'suggested')"
        )
    conn.close()


def test_per_coder_counts(project: Project) -> None:
    wachten = project.find_code("Wachttijden")
    project.add_coding(1, 0, 30, wachten.id)
    project.add_coding(1, 0, 30, wachten.id, coder="bert")
    project.add_coding(1, 67, 91, wachten.id, coder="bert")
    assert project.coder_counts() == {"anna": 1, "bert": 2}
    assert project_stats(project, coder="bert")["codes"]["Wachttijden"]["count"] == 2
    assert project_stats(project)["codes"]["Wachttijden"]["count"] == 3
    [summary] = project.document_summaries(coder="anna")
    assert (summary.codings, summary.coded_turns) == (1, 1)


def make_v8_project(path: Path) -> None:
    """A project file as Codeertafel wrote it before codings had a status."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=8)
    conn.executescript(
        f"""
        INSERT INTO project_meta VALUES ('application', 'codeertafel'), ('created', 'x');
        INSERT INTO coders VALUES (1, 'anna', 'x'), (2, 'model', 'x');
        INSERT INTO codes (id, name) VALUES (1, 'Wachttijden'), (2, 'Niet gehoord');
        INSERT INTO documents (id, name, original_filename, sha256, format, text, imported)
            VALUES (1, 'gesprek', 'gesprek.txt', 'h', 'txt', '{TEXT}', 'x');
        -- anna's coding, stored twice (two memos), and once more with another memo
        INSERT INTO codings (id, document_id, start, "end", code_id, coder_id, created, memo)
            VALUES (1, 1, 0, 30, 1, 1, 'x', 'lang'), (2, 1, 0, 30, 1, 1, 'x', ''),
                   (3, 1, 0, 30, 1, 1, 'x', 'erg lang');
        -- the model's codings of two concurrent auto-tag runs
        INSERT INTO codings (id, document_id, start, "end", code_id, coder_id, created, source,
                             confidence)
            VALUES (4, 1, 31, 66, 2, 2, 'x', 'model', 0.07), (5, 1, 31, 66, 2, 2, 'x', 'model', 0.07),
                   (6, 1, 67, 91, 1, 2, 'x', 'model', 0.1);
        INSERT INTO memos (target_kind, target_id, coder_id, text, created, modified)
            VALUES ('coding', 3, 1, 'notitie', 'x', 'x');
        INSERT INTO operations (created, description, changes) VALUES ('x', 'apply code', '[]');
        """
    )
    conn.close()


def test_an_old_project_migrates_its_model_codings_to_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "v8.ctdb"
    make_v8_project(path)
    with Project.open(path) as project:
        assert schema_version(project._conn) == SCHEMA_VERSION
        [mine] = project.codings()
        assert (mine.id, mine.coder, mine.status) == (1, "anna", "accepted")
        assert mine.memo == "lang\nerg lang"  # the duplicates' memos are kept
        assert [m.target_id for m in project.memos("coding")] == [1]
        assert [(s.id, s.status) for s in project.suggestions()] == [
            (6, "suggested"),
            (4, "suggested"),
        ]
        assert project_stats(project)["totals"]["codings"] == 1
        assert project.history() == []  # row images without a status cannot be replayed
        assert _suggest(project, [(31, 66, "Niet gehoord", 0.07)]) == []


def test_the_model_is_a_coder_in_agreement(project: Project) -> None:
    from coder.exchange.agreement import agreement

    wachten = project.find_code("Wachttijden")
    project.add_coding(1, 0, 30, wachten.id)
    project.add_coding(1, 67, 91, wachten.id)
    ids = _suggest(project, [(0, 30, "Wachttijden", 0.9), (31, 66, "Wachttijden", 0.3)])
    project.reject_codings([ids[1]])  # rejected, still something the model said
    report = agreement(project, "anna", MODEL_CODER)
    [code] = report.codes
    assert (code.turns, code.by_a, code.by_b) == (3, 2, 2)
    assert code.percent == pytest.approx(100 / 3)
    assert any("model" in note for note in report.notes)
