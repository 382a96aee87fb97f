"""Hostile REFI-QDA files (.qdpx, .qde, .qdc): refused within the limits, in one line.

Every bomb is built in memory (tests/bombs.py). Each test also shows that nothing was
imported: a refused file leaves the project exactly as it was.
"""

from __future__ import annotations

import os
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from coder.errors import CoderError, InputFileError, LimitExceeded
from coder.exchange.refi import import_qdc, import_refi
from coder.exchange.refi_plan import ImportPlanner
from coder.exchange.refi_read import RefiProject, RefiSelection, RefiSource, read_codebook_file
from coder.exchange.turns import derive_turns
from coder.ingest import limits
from coder.store import Project
from tests.bombs import (
    BILLION_LAUGHS_XML,
    MB,
    PROJECT_QDE,
    assert_refused,
    nested_codes,
    qdpx,
    set_declared_size,
    zip_bytes,
)
from tests.exchange.conftest import snapshot

SOURCE_TEXT = "Anna: We wachtten een jaar op hulp.\n\nJeugdconsulent: Dat is te lang.\n"


def _refused(project: Project, path: Path, kind: type[InputFileError] = InputFileError) -> str:
    """Import ``path``, expect a one-line refusal naming it; the project is unchanged."""
    before = snapshot(project)
    problem = assert_refused(lambda file: import_refi(project, file), path, kind)
    assert snapshot(project) == before
    return problem


def _file(tmp_path: Path, data: bytes, name: str = "x.qdpx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_small_qdpx_that_unpacks_to_100_mb_is_refused_from_its_directory(fresh, tmp_path):
    # Measured on the old code: 4.1 GB of memory and 150 s for this 0.5 MB file.
    path = _file(tmp_path, qdpx({"bom": 100 * MB}))
    assert path.stat().st_size < MB
    tracemalloc.start()
    try:
        problem = _refused(fresh, path, LimitExceeded)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem == "sources/bom.txt is compressed more than 100:1 (limit); refused"
    assert peak < 20 * MB


def test_members_that_declare_500_mb_each_are_refused_before_unpacking(fresh, tmp_path):
    # The old code passed 12 GB on three such members and kept growing.
    data = qdpx({"a": b"x" * 1000, "b": b"y" * 1000, "c": b"z" * 1000})
    for name in ("a", "b", "c"):
        data = set_declared_size(data, f"sources/{name}.txt", 500 * MB)
    problem = _refused(fresh, _file(tmp_path, data), LimitExceeded)
    assert problem == "sources/a.txt is compressed more than 100:1 (limit); refused"


def test_a_member_whose_header_lies_about_its_size_is_unpacked_in_bounded_pieces(fresh, tmp_path):
    # The directory claims 1 KB for 50 MB of zeros: ZipFile.read would unpack all of it
    # in one call before noticing; reading in pieces stops at the claimed size.
    data = set_declared_size(qdpx({"bom": 50 * MB}), "sources/bom.txt", 1000)
    tracemalloc.start()
    try:
        problem = _refused(fresh, _file(tmp_path, data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem.startswith("sources/bom.txt inside is damaged (")
    assert peak < 10 * MB


def test_what_is_unpacked_in_total_is_limited_while_reading(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr("coder.ingest.zipped.MAX_UNPACKED_BYTES", 2 * MB)
    sources = {name: os.urandom(MB) for name in ("a", "b", "c")}  # incompressible: no ratio
    problem = _refused(fresh, _file(tmp_path, qdpx(sources)), LimitExceeded)
    assert problem == "unpacks to more than 2 MB (limit); refused"


def test_a_source_over_the_size_limit_is_named_as_such_not_as_missing(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr("coder.exchange.refi_read.MAX_TRANSCRIPT_BYTES", MB)
    problem = _refused(fresh, _file(tmp_path, qdpx({"lang": os.urandom(MB + 1)})), LimitExceeded)
    assert problem == "sources/lang.txt unpacks to more than 1 MB (limit); refused"


def test_a_directory_that_declares_too_much_in_total_is_refused(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr("coder.exchange.refi_read.MAX_QDPX_DECLARED_BYTES", MB)
    data = qdpx({"a": os.urandom(600_000), "b": os.urandom(600_000)})
    problem = _refused(fresh, _file(tmp_path, data), LimitExceeded)
    assert problem == "unpacks to more than 1 MB (limit); refused"


def test_too_many_members_are_refused(fresh, tmp_path):
    members: dict[str, bytes | int] = {"project.qde": PROJECT_QDE.format(sources="").encode()}
    members.update({f"sources/{i}.txt": b"" for i in range(limits.MAX_ZIP_MEMBERS)})
    problem = _refused(fresh, _file(tmp_path, zip_bytes(members, method=zipfile.ZIP_STORED)))
    assert problem == "holds more than 10,000 files (limit); refused"


def test_compression_methods_that_cannot_be_bounded_are_refused(fresh, tmp_path):
    data = zip_bytes(
        {"project.qde": PROJECT_QDE.format(sources="").encode()}, method=zipfile.ZIP_BZIP2
    )
    problem = _refused(fresh, _file(tmp_path, data))
    assert problem == "project.qde uses an unsupported compression method"


@pytest.mark.parametrize("zipped", [True, False], ids=["qdpx", "qde"])
def test_codes_nested_5000_deep_are_refused_not_a_recursion_error(fresh, tmp_path, zipped):
    xml = nested_codes(5000).encode()
    path = (
        _file(tmp_path, zip_bytes({"project.qde": xml}))
        if zipped
        else _file(tmp_path, xml, "diep.qde")
    )
    what = "project.qde" if zipped else "the file"
    problem = _refused(fresh, path, LimitExceeded)
    assert problem == f"{what} is nested more than 100 levels deep (limit); refused"


def test_too_many_elements_are_refused_while_parsing(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr("coder.exchange.qdaxml.MAX_XML_ELEMENTS", 1000)
    xml = '<Project xmlns="urn:QDA-XML:project:1.0">' + "<x/>" * 1000 + "</Project>"
    path = _file(tmp_path, xml.encode(), "plat.qde")
    assert _refused(fresh, path, LimitExceeded) == (
        "the file is made of more than 1,000 elements (limit); refused"
    )


def test_a_code_tree_within_the_depth_limit_still_imports(fresh, tmp_path):
    report = import_refi(fresh, _file(tmp_path, nested_codes(90).encode(), "diep.qde"))
    assert report.codes_added == 90


def test_a_qdc_nested_too_deep_is_refused(fresh, tmp_path):
    xml = nested_codes(3000).replace("<Project", "<CodeBook").replace("</Project>", "</CodeBook>")
    xml = xml.replace("<CodeBook><Codes>", "<Codes>", 1).replace(
        "</Codes></CodeBook></CodeBook>", "</Codes></CodeBook>"
    )
    path = _file(tmp_path, xml.encode(), "diep.qdc")
    before = snapshot(fresh)
    with pytest.raises(LimitExceeded, match="nested more than 100 levels deep"):
        import_qdc(fresh, path)
    assert snapshot(fresh) == before


@pytest.mark.parametrize("name", ["lol.qde", "lol.qdc"])
def test_dtds_and_entities_are_refused(fresh, tmp_path, name):
    path = _file(tmp_path, BILLION_LAUGHS_XML.encode(), name)
    before = snapshot(fresh)
    with pytest.raises(InputFileError) as caught:
        import_refi(fresh, path)
    assert caught.value.problem == (
        "the file has a DTD (<!DOCTYPE ...>), which QDA-XML never needs; refused"
    )
    assert snapshot(fresh) == before


def test_an_external_entity_inside_a_qdpx_is_refused(fresh, tmp_path):
    xml = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
    )
    problem = _refused(fresh, _file(tmp_path, zip_bytes({"project.qde": xml.encode()})))
    assert problem.startswith("project.qde has a DTD")


def test_a_folder_named_like_a_qdpx_is_called_a_folder(fresh, tmp_path):
    folder = tmp_path / "x.qdpx"
    folder.mkdir()
    assert _refused(fresh, folder) == "is a folder, not a file"
    (tmp_path / "x.qdc").mkdir()
    with pytest.raises(InputFileError, match=r"x\.qdc: is a folder, not a file"):
        import_qdc(fresh, tmp_path / "x.qdc")


def test_a_bare_qde_over_the_xml_limit_is_refused_before_reading(fresh, tmp_path):
    path = tmp_path / "groot.qde"
    with path.open("wb") as handle:
        handle.truncate(limits.MAX_XML_BYTES + 1)  # sparse: nothing is written
    assert _refused(fresh, path, LimitExceeded) == "larger than 64 MB (limit); refused"


def test_a_normal_qdpx_with_sources_still_imports(fresh, tmp_path):
    report = import_refi(fresh, _file(tmp_path, qdpx({"Interview Anna": SOURCE_TEXT.encode()})))
    assert report.documents_added == ["Interview Anna"]
    assert fresh.text(fresh.document("Interview Anna").id) == SOURCE_TEXT


# -- found by the fuzzer (tests/fuzz) ----------------------------------------------------------


def test_a_source_with_nul_characters_is_skipped_as_binary(fresh, tmp_path):
    # SQLite measures text up to its first NUL, so the codings of such a source were
    # refused by the store and the whole import failed with a confusing span error.
    data = qdpx({"Anna": b"Anna: hoi\x00 daar\n", "Bob": SOURCE_TEXT.encode()})
    report = import_refi(fresh, _file(tmp_path, data))
    assert report.documents_added == ["Bob"]
    assert report.skipped == {"text sources that are binary data, not text": 1}


def test_a_document_text_with_nul_is_refused_by_the_store(fresh):
    with pytest.raises(CoderError, match="contains NUL characters"):
        fresh.add_document(
            name="x", original_filename="x", sha256="x", format="txt", text="a\x00b", segments=[]
        )


@pytest.mark.parametrize("encoding", ["klingon", "shift_jis"])
def test_an_xml_encoding_that_cannot_be_read_is_one_line(fresh, tmp_path, encoding):
    xml = f'<?xml version="1.0" encoding="{encoding}"?><Project name="x"/>'
    path = _file(tmp_path, xml.encode(), "x.qde")
    assert _refused(fresh, path) == "the file declares an encoding that cannot be read"


# -- work that grew with the square of the file -------------------------------------------------


def _timed(call):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_many_sibling_codes_are_read_in_linear_time(tmp_path):
    # Each code was compared with all its siblings before it: quadratic in their number.
    codes = "".join(f'<Code guid="{i}" name="c{i}" isCodable="true"/>' for i in range(10_000))
    xml = f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'
    path = _file(tmp_path, xml.encode(), "breed.qdc")
    model, seconds = _timed(lambda: read_codebook_file(path))
    assert len(model.codes) == 10_000 and seconds < 1.0


def test_a_note_on_each_of_many_selections_is_planned_in_linear_time(fresh):
    # Each note on a selection without codings looked for its turn by reading all the
    # document's turns from the project again: quadratic in the number of notes.
    text = "".join(f"Anna: zin {i}.\n\n" for i in range(5000))
    turns = derive_turns(text)
    document = fresh.add_document(
        name="a", original_filename="a", sha256="a", format="txt", text=text, segments=turns
    )
    model = RefiProject(origin="", name="x", user=None)
    model.notes = {f"n{i}": f"notitie {i}" for i in range(len(turns))}
    source = RefiSource(guid="s", name="a", text=text, missing=None, user=None)
    source.selections = [
        RefiSelection(t.start, t.end, [], None, [f"n{i}"]) for i, t in enumerate(turns)
    ]
    model.sources = [source]
    planner = ImportPlanner(fresh, model, None)
    _, seconds = _timed(planner.plan)
    assert seconds < 1.0
    assert planner.documents[0].id == document.id
    assert [m.target[1] for m in planner.memos] == list(range(len(turns)))


def test_many_sources_of_one_name_are_numbered_in_linear_time(fresh, monkeypatch):
    # Each source of a name already taken tried "(2)", "(3)", ... from the start.
    monkeypatch.setattr("coder.exchange.refi_plan.derive_turns", lambda text, name: [])
    model = RefiProject(origin="", name="x", user=None)
    model.sources = [
        RefiSource(guid=f"s{i}", name="a", text=f"tekst {i}", missing=None, user=None)
        for i in range(6000)
    ]
    planner = ImportPlanner(fresh, model, None)
    _, seconds = _timed(planner.plan)
    assert seconds < 1.0
    assert [d.name for d in planner.documents[:3]] == ["a", "a (2)", "a (3)"]
    assert planner.documents[-1].name == "a (6000)"
