"""``coder document``, ``coder quotes`` and ``coder memos`` through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.store import Project
from tests.cli.conftest import run_coder
from tests.cli.test_cli import assert_one_line_error


@pytest.fixture
def imported(mini_project: Path, data: Path) -> Path:
    result = run_coder("import", mini_project, data / "gesprek.txt", "--attr", "regio=Lunetten")
    assert result.code == 0, result.err
    with Project.open(mini_project) as project:
        document = project.document("gesprek")
        turns = project.segments(document.id)
        text = project.text(document.id)
        wachten = project.find_code("Wachttijden").id
        vast = project.find_code("Vaste contactpersoon").id
        first = project.add_coding(document.id, turns[0].start, turns[0].end, wachten)
        project.add_memo("coding", first.id, "Een half jaar!")
        project.add_coding(document.id, turns[0].start, turns[0].start + 10, vast)
        half = text.index("half")
        project.add_coding(document.id, half, half + 4, vast)  # the word the edit will change
        project.add_memo("segment", turns[2].id, "Het keerpunt van het gesprek.")
    return mini_project


def test_rename_attributes_and_undo(imported: Path) -> None:
    result = run_coder("document", "rename", imported, "gesprek", "Dialoogtafel Lunetten")
    assert result.code == 0, result.err
    result = run_coder(
        "document", "attr", imported, "dialoogtafel lunetten", "setting=dialoogtafel", "regio="
    )
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["setting=dialoogtafel"]
    with Project.open(imported) as project:
        assert project.document("Dialoogtafel Lunetten").attributes == {"setting": "dialoogtafel"}
    assert run_coder("undo", imported).code == 0
    assert run_coder("undo", imported).code == 0
    with Project.open(imported) as project:
        assert project.document("gesprek").attributes == {"regio": "Lunetten"}


def test_delete_asks_for_yes_and_undo_brings_it_back(imported: Path) -> None:
    assert_one_line_error(
        run_coder("document", "delete", imported, "gesprek"), "3 codings", "--yes"
    )
    result = run_coder("document", "delete", imported, "gesprek", "--yes")
    assert result.code == 0, result.err
    with Project.open(imported) as project:
        assert project.documents() == [] and project.codings() == [] and project.memos() == []
    assert "delete document 'gesprek'" in run_coder("undo", imported).out
    with Project.open(imported) as project:
        assert len(project.codings()) == 3 and len(project.memos()) == 2


def test_edit_turn_names_the_codings_it_changes(imported: Path) -> None:
    result = run_coder(
        "document",
        "edit-turn",
        imported,
        "gesprek",
        "1",
        "We moesten zes maanden wachten op hulp.",
    )
    assert result.code == 0, result.err
    assert "Werkzame factoren/Vaste contactpersoon: “half” (now covers other words)" in result.out
    assert "Wachttijden" not in result.out  # the whole-turn coding simply grew
    with Project.open(imported) as project:
        document = project.document("gesprek")
        text = project.text(document.id)
        turn = project.segments(document.id)[0]
        assert text[turn.start : turn.end] == "We moesten zes maanden wachten op hulp."
        whole = project.codings(code_ids=[project.find_code("Wachttijden").id])[0]
        assert (whole.start, whole.end) == (turn.start, turn.end)


def test_document_mistakes_are_one_line(imported: Path) -> None:
    assert_one_line_error(run_coder("document", "rename", imported, "nope", "x"), "no document")
    assert_one_line_error(run_coder("document", "attr", imported, "gesprek", "regio"), "key=value")
    assert_one_line_error(
        run_coder("document", "edit-turn", imported, "gesprek", "9", "tekst"), "no turn 9"
    )
    assert_one_line_error(run_coder("document", "edit-turn", imported, "gesprek", "nul", "x"))


def test_quotes_in_full_alone_and_together(imported: Path, tmp_path: Path) -> None:
    result = run_coder("quotes", imported, "--code", "Wachttijden")
    assert result.code == 0, result.err
    assert "gesprek, turn 1, Moeder" in result.out
    assert "We moesten een half jaar wachten op hulp." in result.out
    assert "memo: Een half jaar!" in result.out
    together = run_coder(
        "quotes", imported, "--code", "Wachttijden", "--and-code", "Vaste contactpersoon"
    )
    assert together.code == 0, together.err
    assert "2 passages of Knelpunten/Wachttijden + Werkzame factoren/Vaste contactpersoon" in (
        together.out
    )
    output = tmp_path / "citaten.md"
    written = run_coder("quotes", imported, "--code", "Wachttijden", "-o", output)
    assert written.code == 0, written.err
    assert "> We moesten een half jaar wachten op hulp." in output.read_text(encoding="utf-8")
    assert_one_line_error(run_coder("quotes", imported, "--code", "Bestaat niet"), "no code")


def test_memos_searchable(imported: Path) -> None:
    result = run_coder("memos", imported)
    assert result.code == 0, result.err
    assert "2 memos." in result.out
    found = run_coder("memos", imported, "--search", "keerpunt")
    assert "gesprek, turn 3 (Moeder)" in found.out and "1 memos." in found.out
    assert "Een half jaar" not in found.out
