"""Fuzzing the REFI-QDA readers (.qdpx, .qde, .qdc): each file is imported completely
into a project, or refused with one clear InputFileError and the project unchanged."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from coder.errors import InputFileError
from coder.exchange.refi import export_qdc, export_qdpx, import_qdc, import_refi
from coder.ingest.importing import import_file
from coder.store import CodeSpec, NewCoding, Project
from tests.exchange.conftest import snapshot
from tests.exchange.test_refi_import import SOURCES, TEXT_1, qde
from tests.fuzz.fuzzing import (
    assert_clear_error,
    fresh_copy,
    fuzz,
    hostile_bytes,
    mutated_member,
    mutated_xml,
)
from tests.ingest.ingest_helpers import FIXTURES


def _seeds() -> dict[str, bytes]:
    """A .qdpx and .qdc exported by us, and a foreign .qdpx with every quirk we tolerate."""
    with tempfile.TemporaryDirectory(prefix="fuzz-seeds-") as name:
        folder = Path(name)
        with Project.create(folder / "seed.ctdb") as project:
            project.add_codes([CodeSpec("Knelpunten", children=[CodeSpec("Wachttijden")])])
            for fixture in ("interview.srt", "teams.vtt"):
                document = import_file(project, FIXTURES / fixture)
                turn = project.segments(document.id)[0]
                code = project.find_code("Knelpunten/Wachttijden")
                project.add_codings([NewCoding(document.id, turn.start, turn.end, code.id)])
                project.add_memo("document", document.id, "Een memo over dit gesprek.")
            exported = export_qdpx(project, folder / "seed.qdpx").read_bytes()
            codebook = export_qdc(project, folder / "seed.qdc").read_bytes()
        foreign = folder / "vreemd.qdpx"
        with zipfile.ZipFile(foreign, "w") as archive:
            archive.writestr("project.qde", qde(SOURCES))
            archive.writestr("Sources/Interview Anna.txt", TEXT_1)
        with zipfile.ZipFile(folder / "seed.qdpx") as archive:
            bare_qde = archive.read("project.qde")
        return {
            "qdpx": exported,
            "foreign": foreign.read_bytes(),
            "qde": bare_qde,
            "qdc": codebook,
        }


SEEDS = _seeds()
ZIPS = [SEEDS["qdpx"], SEEDS["foreign"]]
XML = [SEEDS["qde"], qde(SOURCES).encode(), SEEDS["qdc"]]


def check_import(template: Path, suffix: str, data: bytes) -> None:
    folder = template.parent
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    with Project.open(fresh_copy(template)) as project:
        before = snapshot(project)
        try:
            report = import_qdc(project, path) if suffix == ".qdc" else import_refi(project, path)
        except InputFileError as error:
            assert_clear_error(error, path)
            assert snapshot(project) == before  # nothing half-imported
            return
        event("imported")
        assert all("\n" not in line for line in report.lines())
        for coding in project.codings():
            assert 0 <= coding.start < coding.end <= len(project.text(coding.document_id))


@fuzz(200)
@given(data=hostile_bytes(ZIPS))
def test_fuzz_qdpx_bytes(template, data):
    check_import(template, ".qdpx", data)


@fuzz(100)
@given(data=mutated_member(ZIPS, (".qde", ".txt")))
def test_fuzz_qdpx_members(template, data):
    check_import(template, ".qdpx", data)


@pytest.mark.parametrize("suffix", [".qde", ".qdc"])
@fuzz(200)
@given(data=st.data())
def test_fuzz_xml_bytes(template, suffix, data):
    check_import(template, suffix, data.draw(hostile_bytes(XML)))


@pytest.mark.parametrize("suffix", [".qde", ".qdc"])
@fuzz(100)
@given(data=st.data())
def test_fuzz_xml_structure(template, suffix, data):
    check_import(template, suffix, data.draw(mutated_xml(XML)))
