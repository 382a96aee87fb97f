"""REFI-QDA codebooks (.qdc): export, import, merge by code path."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import InputFileError
from coder.exchange.refi import export_qdc, import_qdc, import_refi
from coder.store import Project
from tests.exchange.conftest import snapshot


def _tree(project: Project) -> dict[str, tuple]:
    paths = project.code_paths()
    return {
        paths[c.id]: (c.colour, c.definition, c.inclusion, c.exclusion, c.example)
        for c in project.codes()
    }


def test_qdc_round_trip(demo: Project, fresh: Project, tmp_path: Path) -> None:
    path = export_qdc(demo, tmp_path / "codes.qdc")
    report = import_qdc(fresh, path)
    assert report.codes_added == len(demo.codes())
    assert _tree(fresh) == _tree(demo)
    # Sibling order survives too.
    assert [c.name for c in fresh.codes()] == [c.name for c in demo.codes()]


def test_qdc_merges_into_an_existing_tree_by_path(
    demo: Project, fresh: Project, tmp_path: Path
) -> None:
    fresh.add_code("Knelpunten", definition="oud")
    fresh.add_code("Eigen code")
    report = import_qdc(fresh, export_qdc(demo, tmp_path / "codes.qdc"))
    assert report.codes_added == len(demo.codes()) - 1
    assert fresh.find_code("Knelpunten").definition == demo.find_code("Knelpunten").definition
    assert fresh.find_code("Eigen code")  # untouched
    assert len(fresh.history()) == 3  # two add code operations + one import


def test_import_refi_routes_a_qdc_to_the_codebook_import(
    demo: Project, fresh: Project, tmp_path: Path
) -> None:
    report = import_refi(fresh, export_qdc(demo, tmp_path / "codes.qdc"))
    assert report.codes_added == len(demo.codes())


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>", "not well-formed XML"),
        ("<Boek/>", "root element is <Boek>"),
        ("<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "no codes"),
    ],
)
def test_bad_qdc_files(content: str, fragment: str, demo: Project, tmp_path: Path) -> None:
    path = tmp_path / "slecht.qdc"
    path.write_text(content)
    before = snapshot(demo)
    with pytest.raises(InputFileError, match=fragment) as caught:
        import_qdc(demo, path)
    assert str(caught.value).startswith(str(path))
    assert snapshot(demo) == before
