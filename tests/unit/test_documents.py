"""Managing documents: rename, attributes, delete and correcting a turn, each undoable."""

from __future__ import annotations

import pytest

from coder.documents import (
    correct_turn,
    delete_document,
    describe_changes,
    find_document,
    parse_attribute_changes,
)
from coder.errors import CoderError
from coder.nlp.embeddings import text_key
from coder.store import Project
from coder.store.editing import text_edit
from coder.store.search import IndexedTurn
from tests.conftest import TEXT, segments_of

TABLES = {
    "documents": "SELECT * FROM documents",
    "segments": "SELECT * FROM segments",
    "document_attributes": "SELECT * FROM document_attributes",
    "codings": "SELECT * FROM codings",
    "memos": "SELECT * FROM memos",
    "rejections": "SELECT * FROM rejections",
    "analyses": "SELECT * FROM analyses",
    "search_turns": "SELECT rowid, * FROM search_turns",
    "search_state": "SELECT * FROM search_state",
    "embeddings": "SELECT * FROM embeddings",
}


def every_row(project: Project) -> dict[str, list[tuple]]:
    return {table: sorted(project._query(sql), key=repr) for table, sql in TABLES.items()}


def furnish(project: Project, document) -> None:
    """Codings, memos of every kind, a rejection, an analysis, search rows and vectors."""
    turns = project.segments(document.id)
    text = project.text(document.id)
    wachten = project.find_code("Wachttijden").id
    coding = project.add_coding(document.id, turns[0].start, turns[0].end, wachten, memo="Lang!")
    project.add_memo("coding", coding.id, "Een memo bij de codering.")
    project.add_memo("segment", turns[1].id, "Herkenbaar.")
    project.add_memo("document", document.id, "Moeder was emotioneel.")
    project.add_memo("code", wachten, "Blijft bij de code.")
    project.reject_suggestion(document.id, turns[2].start, turns[2].end, wachten)
    project.store_analysis(document.id, "nl_test-1.0", "sha", b"\x00\x01 analysis bytes \xff")
    project.store_index(
        document.id,
        "sha",
        "nl_test-1.0",
        [IndexedTurn(t.id, "w", "l", "s", "", f"{t.start},{t.end}") for t in turns],
    )
    project.store_embeddings(
        "enc", [(text_key(text[t.start : t.end]), bytes([i, 1, 2, 3])) for i, t in enumerate(turns)]
    )


def test_delete_document_and_undo_restores_every_row(project: Project, document) -> None:
    furnish(project, document)
    other = project.add_document(
        name="interview",
        original_filename="interview.txt",
        sha256="def",
        format="txt",
        text=TEXT,  # the same turns: their vectors are shared and must stay
        segments=segments_of(TEXT),
    )
    before = every_row(project)
    assert all(before[table] for table in TABLES), [t for t in TABLES if not before[t]]

    delete_document(project, document.id)
    after = every_row(project)
    assert [d.name for d in project.documents()] == ["interview"]
    assert after["codings"] == [] and after["rejections"] == [] and after["analyses"] == []
    assert [m.text for m in project.memos()] == ["Blijft bij de code."]
    assert after["search_turns"] == [] and after["search_state"] == []
    assert len(after["embeddings"]) == 3  # shared with the interview's equal turns
    assert {row[1] for row in after["segments"]} == {other.id}

    assert project.undo().description == "delete document 'dialoogtafel'"
    assert every_row(project) == before
    project.redo()
    assert every_row(project) == after
    project.undo()
    assert every_row(project) == before


def test_delete_document_takes_vectors_only_it_had(project: Project, document) -> None:
    furnish(project, document)
    delete_document(project, document.id)
    assert project._query("SELECT COUNT(*) FROM embeddings") == [(0,)]


def test_undo_survives_a_restart(project: Project, document) -> None:
    furnish(project, document)
    before = every_row(project)
    delete_document(project, document.id)
    path = project.path
    project.close()
    with Project.open(path) as reopened:
        reopened.undo()
        assert every_row(reopened) == before


def test_import_is_undoable(project: Project, document) -> None:
    assert project.history()[0].description == "import document 'dialoogtafel'"
    project.undo()
    assert project.documents() == []
    assert project._query("SELECT COUNT(*) FROM segments") == [(0,)]
    project.redo()
    assert project.document("dialoogtafel").attributes == {"region": "Hoograven"}
    assert len(project.segments(document.id)) == 3


def test_undoing_an_indexed_import_leaves_no_search_rows(project: Project, document) -> None:
    turns = project.segments(document.id)
    project.store_index(document.id, "sha", "p", [IndexedTurn(turns[0].id, "a", "a", "a", "", "")])
    project.undo()
    assert project._query("SELECT COUNT(*) FROM search_turns") == [(0,)]


def test_rename_and_attributes_undo(project: Project, document) -> None:
    project.rename_document(document.id, "Dialoogtafel Lunetten")
    assert find_document(project, "dialoogtafel lunetten").id == document.id
    with pytest.raises(CoderError, match="already exists"):
        project.add_document(
            name="Dialoogtafel Lunetten",
            original_filename="x",
            sha256="x",
            format="txt",
            text="x",
            segments=[],
        )
    project.set_attributes(document.id, parse_attribute_changes(["regio=Lunetten", "region="]))
    assert project.document(document.id).attributes == {"regio": "Lunetten"}
    assert project.attribute_keys() == ["regio"]
    project.undo()
    assert project.document(document.id).attributes == {"region": "Hoograven"}
    project.undo()
    assert project.document(document.id).name == "dialoogtafel"
    with pytest.raises(CoderError, match="key=value"):
        parse_attribute_changes(["regio"])
    with pytest.raises(CoderError, match="needs a name"):
        project.set_attributes(document.id, {" ": "x"})


def test_text_edit_is_the_smallest_replacement() -> None:
    edit = text_edit("We moesten maanden wachten", "We moesten maandenlang wachten", 10)
    assert (edit.start, edit.end, edit.replacement, edit.delta) == (28, 28, "lang", 4)
    edit = text_edit("abcdef", "abXYef", 0)
    assert (edit.start, edit.end, edit.replacement) == (2, 4, "XY")


def test_correcting_a_turn_moves_codings_and_reports_the_ones_it_cuts(
    project: Project, document
) -> None:
    turns = project.segments(document.id)
    text = project.text(document.id)
    wachten = project.find_code("Wachttijden").id
    vast = project.find_code("Vaste contactpersoon").id
    first = turns[0]  # "We moesten maanden wachten op hulp."
    maanden = text.index("maanden")
    whole = project.add_coding(document.id, first.start, first.end, wachten)
    cut = project.add_coding(document.id, maanden - 8, maanden + 3, vast)  # "moesten maa"
    inside = project.add_coding(document.id, maanden + 1, maanden + 4, vast)  # "aan"
    later = project.add_coding(document.id, turns[2].start, turns[2].end, vast)
    later_text = text[turns[2].start : turns[2].end]
    before = every_row(project)

    correction = correct_turn(project, document.id, 1, "We moesten weken wachten op hulp.")
    new_text = project.text(document.id)
    new_turns = project.segments(document.id)
    assert new_text[new_turns[0].start : new_turns[0].end] == "We moesten weken wachten op hulp."
    assert new_text[new_turns[2].start : new_turns[2].end] == later_text
    assert new_turns[1].start == turns[1].start - 2
    # the whole-turn coding still covers the whole turn, the later one the same words
    assert project.coding(whole.id).end == new_turns[0].end
    moved = project.coding(later.id)
    assert new_text[moved.start : moved.end] == later_text
    # "maand" became "wek": a coding the edit cut into keeps what is left of it, one
    # inside the replaced letters now covers the replacement; both are reported
    assert new_text[project.coding(cut.id).start : project.coding(cut.id).end] == "moesten wek"
    assert new_text[project.coding(inside.id).start : project.coding(inside.id).end] == "wek"
    assert {(c.code, c.text, c.removed) for c in correction.changed} == {
        ("Werkzame factoren/Vaste contactpersoon", "moesten maa", False),
        ("Werkzame factoren/Vaste contactpersoon", "aan", False),
    }
    assert describe_changes(correction)[0].startswith("Werkzame factoren/Vaste contactpersoon")
    assert project.history()[0].description == "edit turn text"
    project.undo()
    assert every_row(project) == before


def test_a_coding_on_deleted_words_is_removed_with_its_memo(project: Project, document) -> None:
    text = project.text(document.id)
    words = text.index("van elkaar ")
    coding = project.add_coding(document.id, words, words + 10, project.find_code("Wachttijden").id)
    project.add_memo("coding", coding.id, "weg")
    correction = correct_turn(project, document.id, 2, "Niemand wist wat ze deden.")
    assert [(c.text, c.removed) for c in correction.changed] == [("van elkaar", True)]
    assert project.codings() == [] and project.memos() == []
    project.undo()
    assert project.coding(coding.id).start == words and len(project.memos()) == 1


def test_correcting_drops_the_documents_search_rows(project: Project, document) -> None:
    furnish(project, document)
    correct_turn(project, document.id, 2, "Niemand wist wat de ander deed.")
    assert project._query("SELECT COUNT(*) FROM search_turns") == [(0,)]
    assert project.indexed_state() == {}


def test_correcting_refuses_what_it_cannot_do(project: Project, document) -> None:
    with pytest.raises(CoderError, match="no turn 9"):
        correct_turn(project, document.id, 9, "tekst")
    with pytest.raises(CoderError, match="empty"):
        correct_turn(project, document.id, 1, "  ")
    same = project.text(document.id)
    unchanged = correct_turn(
        project, document.id, 1, same[project.segments(document.id)[0].start :].split("\n")[0]
    )
    assert unchanged.unchanged
