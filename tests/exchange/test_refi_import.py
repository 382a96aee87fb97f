"""Importing hand-made REFI-QDA files: tolerance of foreign quirks, and bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from coder.errors import CoderError, InputFileError
from coder.exchange.refi import import_refi
from coder.store import NewSegment, Project
from tests.exchange.conftest import snapshot

U1 = "11111111-1111-1111-1111-111111111111"
U2 = "{22222222-2222-2222-2222-222222222222}"
C1 = "c0000000-0000-0000-0000-000000000001"
C2 = "C0000000-0000-0000-0000-000000000002"  # referenced in lower case below
S1 = "50000000-0000-0000-0000-000000000001"
S2 = "50000000-0000-0000-0000-000000000002"
N1 = "a0000000-0000-0000-0000-000000000001"
N2 = "a0000000-0000-0000-0000-000000000002"
N3 = "a0000000-0000-0000-0000-000000000003"
V1 = "b0000000-0000-0000-0000-000000000001"

TEXT_1 = "Interviewer: Hoe ging het?\r\n\r\nAnna: Lang wachten, één jaar.\r\n"
TEXT_2 = "Eerste regel over school.\nTweede regel over thuis.\nDerde regel."


def qde(sources: str, extra: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="vreemd" origin="Tool X 1.0" creatingUserGUID="{U1}">
 <Users><User guid="{U1}" name="Anna B"/><User guid="{U2}" name="Bert"/></Users>
 <CodeBook><Codes>
  <Code guid="{C1}" name="Wachten/tijd" isCodable="true" color="#abc">
   <Description>Lang wachten.

Inclusie: wachtlijst</Description>
   <NoteRef targetGUID="{N3}"/>
   <Code guid="{C2}" name="Jaar" isCodable="true" color="rood"/>
  </Code>
 </Codes></CodeBook>
 <Variables><Variable guid="{V1}" name="regio" typeOfVariable="Text"/></Variables>
 <Sources>{sources}
  <PDFSource guid="60000000-0000-0000-0000-000000000001" name="scan.pdf" path="internal://x.pdf"/>
 </Sources>
 <Notes>
  <Note guid="{N1}" name="Opvallend"><PlainTextContent>Anna is stellig.</PlainTextContent></Note>
  <Note guid="{N2}" name="Los"><PlainTextContent>Een losse gedachte.</PlainTextContent></Note>
  <Note guid="{N3}"><PlainTextContent>Over de code.</PlainTextContent></Note>
 </Notes>
 <Sets><Set guid="70000000-0000-0000-0000-000000000001" name="Alles"/></Sets>
 <Gadget guid="x"/>
 {extra}
</Project>"""


SOURCES = f"""
  <TextSource guid="{S1}" name="Interview Anna" plainTextPath="Interview Anna.txt" creatingUser="{U2}">
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000001" startPosition="36" endPosition="50">
    <Coding guid="f0000000-0000-0000-0000-000000000001" creatingUser="{U1}"><CodeRef targetGUID="{C1.upper()}"/></Coding>
    <Coding guid="f0000000-0000-0000-0000-000000000002"><CodeRef targetGUID="{C2.lower()}"/></Coding>
    <NoteRef targetGUID="{N1}"/>
   </PlainTextSelection>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000002" startPosition="52" endPosition="999">
    <Coding guid="f0000000-0000-0000-0000-000000000003"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000003" startPosition="500" endPosition="600">
    <Coding guid="f0000000-0000-0000-0000-000000000004"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000004" startPosition="10" endPosition="5">
    <Coding guid="f0000000-0000-0000-0000-000000000005"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000005" startPosition="0" endPosition="5">
    <Coding guid="f0000000-0000-0000-0000-000000000006"><CodeRef targetGUID="d0000000-0000-0000-0000-00000000dead"/></Coding>
   </PlainTextSelection>
   <VariableValue><VariableRef targetGUID="{V1}"/><TextValue>Overvecht</TextValue></VariableValue>
  </TextSource>
  <TextSource guid="{S2}" name="Regels">
   <PlainTextContent>{TEXT_2}</PlainTextContent>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000006" startPosition="0" endPosition="25">
    <Coding guid="f0000000-0000-0000-0000-000000000007" creatingUser="{U2}"><CodeRef targetGUID="{C1}"/></Coding>
   </PlainTextSelection>
  </TextSource>"""


def qdpx(
    path: Path, project_qde: str, files: dict[str, bytes], qde_name: str = "project.qde"
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde_name, project_qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    # A capitalised Sources/ folder and a path without internal://: both tolerated.
    return qdpx(
        tmp_path / "vreemd.qdpx", qde(SOURCES), {"Sources/Interview Anna.txt": TEXT_1.encode()}
    )


def test_foreign_quirks_are_tolerated_and_reported(fresh: Project, foreign: Path) -> None:
    report = import_refi(fresh, foreign)
    anna, lines = fresh.document("Interview Anna"), fresh.document("Regels")
    assert fresh.text(anna.id) == TEXT_1  # verbatim, CRLF included
    assert anna.attributes == {"regio": "Overvecht"}
    # "/" cannot be in a code name; "#abc" is a short colour; "rood" is no colour.
    code = fresh.find_code("Wachten∕tijd")
    assert code.colour == "#AABBCC"
    assert (code.definition, code.inclusion) == ("Lang wachten.", "wachtlijst")
    assert fresh.find_code("Wachten∕tijd/Jaar").colour is not None  # a palette colour
    assert report.adjusted["code names with '/' (replaced by '∕')"] == 1
    assert report.adjusted["code colours not of the form #RRGGBB (left out)"] == 1
    assert report.adjusted["selections reaching past their source's text (clamped)"] == 1
    assert report.skipped["selections outside their source's text"] == 1
    assert report.skipped["selections whose start lies after their end"] == 1
    assert report.skipped["codings of a code that is not in the codebook"] == 1
    assert report.skipped["PDFSource (only text sources are supported)"] == 1
    assert report.skipped["sets of sources or codes (not supported)"] == 1
    assert report.skipped["unknown element <Gadget>"] == 1

    paths = fresh.code_paths()
    found = {(c.document_id, c.start, c.end, paths[c.code_id], c.coder) for c in fresh.codings()}
    assert found == {
        (anna.id, 36, 50, "Wachten∕tijd", "Anna B"),  # the coding's own user
        (anna.id, 36, 50, "Wachten∕tijd/Jaar", "Bert"),  # else the source's creating user
        (anna.id, 52, len(TEXT_1), "Wachten∕tijd", "Bert"),  # clamped to the text
        (lines.id, 0, 25, "Wachten∕tijd", "Bert"),
    }
    assert fresh.text(anna.id)[36:50] == "Lang wachten, "
    memos = {(m.target_kind, m.text, m.coder) for m in fresh.memos()}
    assert ("code", "Over de code.", fresh.coder) in memos
    assert ("project", "Los\n\nEen losse gedachte.", fresh.coder) in memos  # an unattached note
    assert sum(1 for m in fresh.memos("coding") if m.text == "Opvallend\n\nAnna is stellig.") == 2
    # Turns over the verbatim text: paragraphs with speakers, or lines.
    turns = [(s.speaker, fresh.text(anna.id)[s.start : s.end]) for s in fresh.segments(anna.id)]
    assert turns == [
        ("Interviewer", "Hoe ging het?"),
        ("Anna", "Lang wachten, één jaar."),
    ] or turns == [
        (None, "Interviewer: Hoe ging het?"),
        (None, "Anna: Lang wachten, één jaar."),
    ]
    # Already in our layout (one speakerless paragraph): the txt reader's one turn.
    assert [fresh.text(lines.id)[s.start : s.end] for s in fresh.segments(lines.id)] == [TEXT_2]


def test_as_coder_attributes_everything_to_one_coder(fresh: Project, foreign: Path) -> None:
    report = import_refi(fresh, foreign, as_coder="collega")
    assert report.coders == ["collega"]
    assert {c.coder for c in fresh.codings()} == {"collega"}
    assert {m.coder for m in fresh.memos()} == {"collega"}


def test_bare_qde_with_inline_text(fresh: Project, tmp_path: Path) -> None:
    path = tmp_path / "los.qde"
    path.write_text(qde(SOURCES), encoding="utf-8")
    report = import_refi(fresh, path)
    assert [d.name for d in fresh.documents()] == ["Regels"]  # the inline one
    assert (
        report.skipped["text sources whose text is not in a bare .qde (import the .qdpx instead)"]
        == 1
    )
    assert report.skipped["codings on text sources that were not imported"] == 6


def test_same_text_reuses_the_document_and_same_name_other_text_does_not(
    fresh: Project, foreign: Path
) -> None:
    fresh.add_document(
        name="Mijn naam",
        original_filename="a.txt",
        sha256="x",
        format="txt",
        text=TEXT_2,
        segments=[NewSegment(None, 0, len(TEXT_2))],
    )
    fresh.add_document(
        name="Interview Anna",
        original_filename="b.txt",
        sha256="y",
        format="txt",
        text="Iets anders.",
        segments=[NewSegment(None, 0, 12)],
    )
    report = import_refi(fresh, foreign)
    assert report.documents_reused == ["Mijn naam"]
    assert report.documents_added == ["Interview Anna (2)"]
    assert any("differs" in message for message in report.messages)
    assert len(fresh.codings(document_id=fresh.document("Mijn naam").id)) == 1


def test_users_guid_braces_and_case_do_not_matter(fresh: Project, foreign: Path) -> None:
    import_refi(fresh, foreign)
    assert "Bert" in fresh.coders()  # referenced without braces, declared with them


# -- bad files: one-line errors naming the file, nothing stored ----------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    not_zip = tmp_path / "kapot.qdpx"
    not_zip.write_text("dit is geen zip")
    no_qde = tmp_path / "leeg.qdpx"
    with zipfile.ZipFile(no_qde, "w") as archive:
        archive.writestr("sources/a.txt", "tekst")
    broken = qdpx(tmp_path / "gebroken.qdpx", "<Project name='x'><Users>", {})
    wrong_root = tmp_path / "anders.qde"
    wrong_root.write_text("<html><body/></html>")
    broken_bare = tmp_path / "gebroken.qde"
    broken_bare.write_text("<Project")
    return {
        "not a zip": (not_zip, "zip"),
        "zip without project.qde": (no_qde, "project.qde"),
        "malformed XML": (broken, "not well-formed XML"),
        "wrong root": (wrong_root, "root element is <html>"),
        "malformed bare qde": (broken_bare, "not well-formed XML"),
        "missing": (tmp_path / "weg.qdpx", "file not found"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not a zip",
        "zip without project.qde",
        "malformed XML",
        "wrong root",
        "malformed bare qde",
        "missing",
    ],
)
def test_bad_files_are_input_errors_and_store_nothing(
    case: str, demo: Project, tmp_path: Path
) -> None:
    path, fragment = _bad_files(tmp_path)[case]
    before = snapshot(demo)
    with pytest.raises(InputFileError) as caught:
        import_refi(demo, path)
    message = str(caught.value)
    assert message.startswith(str(path)) and fragment in message and "\n" not in message
    assert snapshot(demo) == before


def test_a_failure_while_storing_rolls_back_everything(
    fresh: Project, foreign: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(fresh)

    def broken_memo(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise CoderError("disk full (simulated)")

    # Memos are stored last: documents, codes and codings were already written.
    monkeypatch.setattr(Project, "add_memo", broken_memo)
    with pytest.raises(InputFileError, match="nothing imported: disk full"):
        import_refi(fresh, foreign)
    assert snapshot(fresh) == before


def test_a_qde_inside_the_zip_under_another_name_is_found(fresh: Project, tmp_path: Path) -> None:
    path = qdpx(tmp_path / "x.qdpx", qde(SOURCES), {}, qde_name="Export.QDE")
    report = import_refi(fresh, path)
    assert report.documents_added == ["Regels"]


CASES = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="cases">
 <CodeBook><Codes><Code guid="{C1}" name="Thuis" isCodable="true"/></Codes></CodeBook>
 <Variables>
  <Variable guid="{V1}" name="leeftijd" typeOfVariable="Integer"/>
 </Variables>
 <Cases>
  <Case guid="d1000000-0000-0000-0000-000000000001" name="Anna">
   <VariableValue><VariableRef targetGUID="{V1}"/><IntegerValue>17</IntegerValue></VariableValue>
   <SourceRef targetGUID="{S1}"/>
  </Case>
 </Cases>
 <Sources>
  <TextSource guid="{S1}" name="Heel">
   <PlainTextContent>  Thuis ging het mis.  </PlainTextContent>
   <PlainTextSelection guid="e0000000-0000-0000-0000-000000000009" startPosition="2" endPosition="7">
    <NoteRef targetGUID="{N1}"/>
   </PlainTextSelection>
   <Coding guid="f0000000-0000-0000-0000-000000000009"><CodeRef targetGUID="{C1}"/></Coding>
  </TextSource>
 </Sources>
 <Notes><Note guid="{N1}" name="Memo: turn 1"><PlainTextContent>Kernzin.</PlainTextContent></Note></Notes>
</Project>"""


def test_cases_whole_source_codings_and_notes_on_uncoded_selections(
    fresh: Project, tmp_path: Path
) -> None:
    path = tmp_path / "cases.qde"
    path.write_text(CASES, encoding="utf-8")
    report = import_refi(fresh, path)
    document = fresh.document("Heel")
    assert document.attributes == {"leeftijd": "17"}  # a case's value, via its SourceRef
    [coding] = fresh.codings()
    # A coding of the whole source covers its text (without the surrounding blanks).
    assert fresh.text(document.id)[coding.start : coding.end] == "Thuis ging het mis."
    assert report.adjusted["codings of a whole source (coded over its full text)"] == 1
    # A note on an uncoded selection is a memo on the turn it lies in.
    [memo] = fresh.memos("segment")
    assert memo.text == "Kernzin." and memo.target_id == fresh.segments(document.id)[0].id
    assert report.adjusted["notes on part of a turn (attached to the whole turn)"] == 1
