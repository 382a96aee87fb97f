"""Real REFI-QDA files from other tools (read from ../shared/refi-samples/, never copied).

What each tool does differently, and what we expect of the import:

* ATLAS.ti 23 (ponte_*): Users only, or a nested CodeBook; no sources.
* NVivo 15 for Mac (qc_nvivo_project): internal:// paths, a .docx rich text next to
  each .txt, but both texts are empty (one newline): sources skipped, codes kept.
* qc 1.3.2 (qc_demo): not strictly to the standard: plainTextPath without
  internal://, TextSource without a name, lowercase sources/ folder; 158 selections
  carrying 205 codings by one user.
* MAXQDA 24 (paper_themes_*): a bare .qde whose sources point to internal:// files
  that are not there; coloured codes with descriptions; Sets.
* Taguette 1.4.1 (.qdc): a codebook with an empty <Sets/>.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.exchange.refi import import_refi
from coder.store import Project
from tests.exchange.conftest import SAMPLES

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/refi-samples/ not present")


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} not in the samples folder")
    return path


# file -> (documents, codes, codings, skipped reasons that must be reported)
EXPECTED = {
    "ponte_blank-atlas-project.qdpx": (0, 0, 0, []),
    "ponte_target-atlas-project.qdpx": (0, 3, 0, []),
    "qc_nvivo_project.qdpx": (0, 262, 0, ["text sources with an empty text"]),
    "qc_demo.qdpx": (2, 262, 205, []),
    "paper_themes_MAXQDA24_project.qde": (
        0,
        307,
        0,
        ["text sources whose text is not in a bare .qde", "sets of sources or codes"],
    ),
    "paper_themes_project_with_generated_codes.qde": (
        0,
        343,
        0,
        ["text sources whose text is not in a bare .qde", "sets of sources or codes"],
    ),
    "uto_tag_taguette_codebook.qdc": (0, 3, 0, ["<Sets> in the codebook"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_imports_and_reports_what_it_skipped(name: str, fresh: Project) -> None:
    documents, codes, codings, reasons = EXPECTED[name]
    report = import_refi(fresh, _sample(name))
    assert len(fresh.documents()) == documents
    assert len(fresh.codes()) == codes
    assert len(fresh.codings()) == codings
    for reason in reasons:
        assert any(reason in skipped for skipped in report.skipped), report.skipped
    assert report.summary().startswith(f"Imported {name}")


def test_qc_demo_codings_point_at_the_right_text(fresh: Project) -> None:
    report = import_refi(fresh, _sample("qc_demo.qdpx"))
    assert report.coders == ["cp"]
    assert sorted(report.documents_added) == ["admin-1", "board_2017"]
    board = fresh.document("board_2017")
    text = fresh.text(board.id)
    # qc names each selection after the line it codes ("line:6" is the 7th line).
    first = min(fresh.codings(document_id=board.id), key=lambda c: c.start)
    assert (first.start, first.end) == (320, 400)
    assert text[first.start : first.end] == text.split("\n")[6] + "\n"
    # The text stays verbatim (its odd spacing included) and turns are laid over it.
    assert text.startswith("Speaker 1:          Thank you.")
    turns = fresh.segments(board.id)
    assert len(turns) > 50
    assert all(text[t.start : t.end].strip() == text[t.start : t.end] for t in turns)
    assert any(t.speaker == "Speaker 2" for t in turns)


def test_maxqda_colours_and_descriptions_arrive(fresh: Project) -> None:
    import_refi(fresh, _sample("paper_themes_MAXQDA24_project.qde"))
    code = fresh.find_code("Additional Themes and Ideas")
    assert code.colour == "#EF8256"
    assert code.definition.startswith("This category encompasses")


def test_nested_atlas_codes_keep_their_hierarchy(fresh: Project) -> None:
    import_refi(fresh, _sample("ponte_target-atlas-project.qdpx"))
    assert sorted(fresh.code_paths().values()) == [
        "Commits",
        "Commits/2022-02-11T10:39:25Z cdbfd92",
        "Commits/2022-05-10T02:05:59Z 19e4dce",
    ]


def test_codebook_of_a_sample_merges_into_an_existing_tree(fresh: Project) -> None:
    import_refi(fresh, _sample("qc_nvivo_project.qdpx"))
    before = len(fresh.codes())
    report = import_refi(fresh, _sample("qc_demo.qdpx"))  # the same codebook, now with codings
    assert len(fresh.codes()) == before and report.codes_added == 0
    assert report.codings_added == 205
