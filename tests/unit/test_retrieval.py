"""Reading coded material back: passages of a code, of two codes together, all memos."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.export.formats import ExportRequest, export
from coder.retrieval import PassageQuery, clock, code_passages, find_memos
from coder.store import NewSegment, Project


@pytest.fixture
def coded(project: Project, document):
    turns = project.segments(document.id)
    text = project.text(document.id)
    knelpunten = project.find_code("Knelpunten").id
    wachten = project.find_code("Wachttijden").id
    vast = project.find_code("Vaste contactpersoon").id
    whole = project.add_coding(document.id, turns[0].start, turns[0].end, wachten, memo="Lang!")
    project.add_memo("coding", whole.id, "Tweede gedachte.")
    maanden = text.index("maanden")
    project.add_coding(document.id, maanden, maanden + 15, vast)  # "maanden wachten"
    project.add_coding(document.id, turns[2].start, turns[2].end, vast)
    project.add_memo("segment", turns[1].id, "Doorverwijzen zonder overdracht.")
    project.add_memo("document", document.id, "Moeder was emotioneel.")
    project.add_memo("code", knelpunten, "Knelpunten uit de dialoogtafels.")
    project.add_memo("project", None, "Onderzoeksvraag.")
    return project, document, {"knelpunten": knelpunten, "wachten": wachten, "vast": vast}


def test_passages_of_a_code_with_subcodes_in_full(coded) -> None:
    project, _document, codes = coded
    [passage] = code_passages(project, PassageQuery(codes["knelpunten"]))
    assert passage.text == "We moesten maanden wachten op hulp."
    assert (passage.document, passage.segment_index, passage.speaker) == (
        "dialoogtafel",
        0,
        "Moeder",
    )
    assert passage.memos == ("Lang!", "Tweede gedachte.")
    assert code_passages(project, PassageQuery(codes["knelpunten"], subcodes=False)) == []


def test_passages_of_two_codes_together_are_where_they_overlap(coded) -> None:
    project, _document, codes = coded
    [together] = code_passages(project, PassageQuery(codes["wachten"], codes["vast"]))
    assert together.text == "maanden wachten"
    assert len(together.coding_ids) == 2 and set(together.code_ids) == {
        codes["wachten"],
        codes["vast"],
    }
    with pytest.raises(CoderError, match="two different codes"):
        code_passages(project, PassageQuery(codes["vast"], codes["vast"]))
    with pytest.raises(CoderError, match="no code"):
        code_passages(project, PassageQuery(9999))


def test_every_memo_with_its_target_searchable(coded) -> None:
    project, document, codes = coded
    entries = find_memos(project)
    kinds = sorted(e.kind for e in entries)
    assert kinds == ["code", "coding", "coding", "document", "project", "segment"]
    [turn_memo] = find_memos(project, "overdracht")
    assert (turn_memo.document_id, turn_memo.segment_index, turn_memo.speaker) == (
        document.id,
        1,
        "Jongere",
    )
    # a coding's own memo and a memo on the coding, both located at its turn
    on_coding = find_memos(project, "", kinds=("coding",))
    assert {e.text for e in on_coding} == {"Lang!", "Tweede gedachte."}
    assert all(e.segment_index == 0 and e.code_id == codes["wachten"] for e in on_coding)
    assert [e.text for e in find_memos(project, "knelpunten dialoogtafels")] == [
        "Knelpunten uit de dialoogtafels."
    ]
    assert find_memos(project, "MOEDER emotioneel")[0].kind == "document"
    assert find_memos(project, "bestaat niet") == []


def test_clock() -> None:
    assert (clock(None), clock(75.4), clock(3725)) == ("", "01:15", "1:02:05")


def test_passages_export_markdown_and_table(coded, tmp_path: Path) -> None:
    project, _document, codes = coded
    request = ExportRequest(
        tmp_path / "samen.md",
        False,
        [codes["wachten"]],
        None,
        None,
        None,
        together_code_ids=[codes["vast"]],
    )
    assert "1 passages" in str(export(project, "passages", request))
    text = (tmp_path / "samen.md").read_text(encoding="utf-8")
    assert "# Knelpunten/Wachttijden + Werkzame factoren/Vaste contactpersoon" in text
    assert "**dialoogtafel, beurt 1, Moeder**" in text and "> maanden wachten" in text
    table = ExportRequest(tmp_path / "alles.csv", False, [codes["vast"]], None, None, None)
    export(project, "passages", table)
    rows = (tmp_path / "alles.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("document,turn,speaker,time,codes")
    assert len(rows) == 3
    with pytest.raises(CoderError, match="needs the codes"):
        export(project, "passages", ExportRequest(tmp_path / "x.md", False, None, None, None, None))


def test_markup_in_a_passage_stays_text(project: Project, tmp_path: Path) -> None:
    text = "| <script>alert(1)</script> [lacht] **vet**"
    document = project.add_document(
        name="vijandig",
        original_filename="v.txt",
        sha256="v",
        format="txt",
        text=text,
        segments=[NewSegment("=cmd|' /C calc'!A0", 0, len(text), 3.0)],
    )
    code = project.find_code("Wachttijden").id
    project.add_coding(document.id, 0, len(text), code)
    export(project, "passages", ExportRequest(tmp_path / "v.md", False, [code], None, None, None))
    written = (tmp_path / "v.md").read_text(encoding="utf-8")
    assert "<script>" not in written and "\\|" in written
    export(project, "passages", ExportRequest(tmp_path / "v.csv", False, [code], None, None, None))
    assert "'=cmd" in (tmp_path / "v.csv").read_text(encoding="utf-8-sig")
