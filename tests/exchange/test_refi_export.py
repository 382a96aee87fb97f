"""Our .qdpx/.qdc export: valid QDA-XML, stable, positions in code points."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from coder.errors import CoderError
from coder.exchange.qdaxml import PROJECT_NS, code_description, split_description
from coder.exchange.refi import export_qdc, export_qdpx
from coder.store import NewSegment, Project
from tests.exchange.conftest import FIXTURES

NS = {"q": PROJECT_NS}


def _schema():
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(FIXTURES / "Project-mrt2019.xsd")))


def _validate(qde: bytes) -> None:
    from lxml import etree

    schema = _schema()
    document = etree.fromstring(qde)
    assert schema.validate(document), schema.error_log


def test_demo_export_validates_against_the_refi_schema(demo: Project, tmp_path: Path) -> None:
    segment = demo.segments(demo.documents()[0].id)[2]
    demo.add_memo("segment", segment.id, "Hier draait het gesprek.")
    demo.add_memo("coding", demo.codings()[0].id, "Twijfel: ook Regie?")
    demo.add_memo("code", demo.codes()[0].id, "Groep, niet zelf gebruiken.")
    path = export_qdpx(demo, tmp_path / "demo.qdpx")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        _validate(qde)
        root = ET.fromstring(qde)
        sources = root.findall("q:Sources/q:TextSource", NS)
        assert len(sources) == len(demo.documents())
        for source in sources:
            reference = source.get("plainTextPath")
            assert reference == f"internal://{source.get('guid')}.txt"
            assert f"sources/{source.get('guid')}.txt" in names
            document = demo.document(source.get("name"))
            assert archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8") == demo.text(
                document.id
            )
    assert len(root.findall(".//q:PlainTextSelection/q:Coding/q:CodeRef", NS)) == len(
        demo.codings()
    )
    assert {u.get("name") for u in root.findall("q:Users/q:User", NS)} == set(demo.coders())
    assert (
        len(root.findall("q:Variables/q:Variable", NS)) == 4
    )  # date, participants, region, setting
    assert len(root.findall("q:Cases/q:Case", NS)) == len(demo.documents())
    assert root.find("q:NoteRef", NS) is not None  # the project memo


def test_reexport_is_byte_identical(demo: Project, tmp_path: Path) -> None:
    first = export_qdpx(demo, tmp_path / "a.qdpx").read_bytes()
    second = export_qdpx(demo, tmp_path / "b.qdpx").read_bytes()
    assert first == second


def test_export_refuses_to_overwrite_without_force(demo: Project, tmp_path: Path) -> None:
    target = tmp_path / "demo.qdpx"
    target.write_text("oud")
    with pytest.raises(CoderError, match="already exists"):
        export_qdpx(demo, target)
    assert target.read_text() == "oud"
    export_qdpx(demo, target, force=True)
    assert zipfile.is_zipfile(target)


def test_positions_count_code_points_not_bytes_or_utf16(tmp_path: Path) -> None:
    # "😀" is one code point, 4 UTF-8 bytes and 2 UTF-16 units: REFI counts 1, as Python does.
    text = "Jongere: 😀 Ik moest één jaar wachten."
    start = text.index("één")
    project = Project.create(tmp_path / "p.ctdb")
    code = project.add_code("Wachttijden")
    document = project.add_document(
        name="emoji",
        original_filename="e.txt",
        sha256="e",
        format="txt",
        text=text,
        segments=[NewSegment("Jongere", 9, len(text))],
    )
    project.add_coding(document.id, start, start + len("één jaar wachten"), code.id)
    path = export_qdpx(project, tmp_path / "e.qdpx")
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    selection = root.find(".//q:PlainTextSelection", NS)
    assert int(selection.get("startPosition")) == start == 20
    assert int(selection.get("endPosition")) == start + 16
    project.close()


def test_code_description_is_readable_and_splits_back() -> None:
    text = code_description(
        "Lang wachten op hulp.", "Wachtlijsten.", "Wachten in de wachtkamer.", "Een half jaar."
    )
    assert text == (
        "Lang wachten op hulp.\n\nInclusion: Wachtlijsten.\n\n"
        "Exclusion: Wachten in de wachtkamer.\n\nExample: Een half jaar."
    )
    assert split_description(text) == {
        "definition": "Lang wachten op hulp.",
        "inclusion": "Wachtlijsten.",
        "exclusion": "Wachten in de wachtkamer.",
        "example": "Een half jaar.",
    }
    # A label in the middle of prose is not a field; Dutch labels are understood.
    assert split_description("Zie Example: hieronder.")["definition"] == "Zie Example: hieronder."
    assert split_description("Iets.\n\nVoorbeeld: dit")["example"] == "dit"


def test_qdc_export_is_a_codebook_document(demo: Project, tmp_path: Path) -> None:
    path = export_qdc(demo, tmp_path / "codes.qdc")
    root = ET.parse(path).getroot()
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    codes = root.findall(".//{urn:QDA-XML:codebook:1.0}Code")
    assert len(codes) == len(demo.codes())
    assert all(code.get("color", "").startswith("#") for code in codes)


def test_qdc_export_of_an_empty_codebook_is_refused(fresh: Project, tmp_path: Path) -> None:
    with pytest.raises(CoderError, match="no codes"):
        export_qdc(fresh, tmp_path / "leeg.qdc")
    assert not (tmp_path / "leeg.qdc").exists()
