"""Exports for publications and other tools: tables, quotes, codebook, plots, safety."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from coder.demo import build_demo
from coder.errors import CoderError
from coder.export.plots import plot_code_document, plot_cooccurrence, plot_frequencies
from coder.export.quotes import codebook_markdown, latex_escape, quote_tables, to_latex, to_markdown
from coder.export.tables import code_document_matrix, codings_frame, cooccurrence, write_table
from coder.store import NewSegment, Project
from tests.cli.conftest import run_coder


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "demo.ctdb"
    build_demo(path).close()
    return path


@pytest.fixture
def demo(demo_path: Path):
    project = Project.open(demo_path)
    yield project
    project.close()


def test_codings_frame_has_attributes_and_filters(demo: Project) -> None:
    frame = codings_frame(demo)
    assert len(frame) == len(demo.codings())
    assert {
        "document",
        "segment",
        "speaker",
        "text",
        "code",
        "coder",
        "source",
        "region",
        "setting",
    } <= set(frame)
    assert frame["code"].str.contains("/").all()
    wachten = demo.find_code("Wachttijden").id
    only = codings_frame(demo, code_ids=[wachten])
    assert set(only["code"]) == {"Knelpunten/Wachttijden"}
    hoograven = codings_frame(demo, attributes={"region": "Hoograven"})
    assert set(hoograven["region"]) == {"Hoograven"} and len(hoograven) < len(frame)


def test_tables_round_trip_through_files(demo: Project, tmp_path: Path) -> None:
    frame = codings_frame(demo)
    for suffix in (".csv", ".xlsx", ".parquet"):
        path = write_table(frame, tmp_path / f"codings{suffix}")
        back = {
            ".csv": lambda p: pd.read_csv(p, encoding="utf-8-sig"),
            ".xlsx": pd.read_excel,
            ".parquet": pd.read_parquet,
        }[suffix](path)
        assert len(back) == len(frame)
        assert list(back["text"]) == list(frame["text"])  # Dutch text intact: één, ë, ’
    with pytest.raises(CoderError, match="already exists"):
        write_table(frame, tmp_path / "codings.csv")
    with pytest.raises(CoderError, match="does not exist"):
        write_table(frame, tmp_path / "nergens" / "x.csv")
    with pytest.raises(CoderError, match="tables are written as"):
        write_table(frame, tmp_path / "x.pdf")
    assert not list(tmp_path.glob(".*.tmp"))  # no temp files left behind


def test_code_document_matrix_counts(demo: Project) -> None:
    matrix = code_document_matrix(demo)
    counts = demo.code_counts()
    paths = demo.code_paths()
    for code_id, n in counts.items():
        assert matrix.loc[paths[code_id], "totaal"] == n
    assert matrix["totaal"].sum() == len(demo.codings())


def test_cooccurrence_by_hand(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "co.ctdb")
    a, b = project.add_code("A"), project.add_code("B")
    text = "een twee\n\ndrie vier\n\nvijf zes"
    document = project.add_document(
        name="d",
        original_filename="d.txt",
        sha256="h",
        format="txt",
        text=text,
        segments=[NewSegment(None, 0, 8), NewSegment(None, 10, 19), NewSegment(None, 21, 29)],
    )
    project.add_coding(document.id, 0, 3, a.id)  # turn 1: A and B
    project.add_coding(document.id, 4, 8, b.id)
    project.add_coding(document.id, 10, 19, a.id)  # turn 2: A
    project.add_coding(document.id, 5, 15, b.id)  # spans turns 1 and 2: B on both
    counts = cooccurrence(project)
    # turns with A: 1, 2; with B: 1, 2 (the spanning coding) -> A=2, B=2, AB=2
    assert counts.loc["A", "A"] == 2 and counts.loc["B", "B"] == 2 and counts.loc["A", "B"] == 2
    project.remove_coding(project.codings(code_ids=[b.id])[-1].id)
    counts = cooccurrence(project)
    assert (counts.loc["A", "A"], counts.loc["B", "B"], counts.loc["A", "B"]) == (2, 1, 1)
    jaccard = cooccurrence(project, normalised=True)
    assert jaccard.loc["A", "B"] == pytest.approx(1 / (2 + 1 - 1))
    project.close()


def test_quote_tables(demo: Project) -> None:
    tables = quote_tables(demo, limit=2)
    assert tables and all(len(t.quotes) <= 2 for t in tables)
    spread = next(t for t in tables if t.path == "Knelpunten/Wachttijden")
    assert len({q.document for q in spread.quotes}) == 2  # round robin over sessions
    named = quote_tables(demo)
    hidden = quote_tables(demo, pseudonymise=True)
    speakers = {q.speaker for t in named for q in t.quotes}
    assert "Natasha" in speakers
    assert not {q.speaker for t in hidden for q in t.quotes} & {"Natasha", "Sem", "Ingrid"}
    named_text = " ".join(q.text for t in named for q in t.quotes)
    hidden_text = " ".join(q.text for t in hidden for q in t.quotes)
    assert re.search(r"\b(Sem|Natasha|Youssef|Femke|Ingrid)\b", named_text)
    assert not re.search(r"\b(Sem|Natasha|Youssef|Femke|Ingrid)\b", hidden_text)
    assert "[" in hidden_text

    markdown = to_markdown(tables)
    assert "## Knelpunten/Wachttijden" in markdown and "| Citaat | Bron |" in markdown
    latex = to_latex(tables)
    assert "\\toprule" in latex and "\\bottomrule" in latex
    assert latex_escape("50% & _x_ #1") == r"50\% \& \_x\_ \#1"
    assert "Definitie" in codebook_markdown(demo)


def test_speaker_names_are_names_not_roles() -> None:
    from coder.export.quotes import speaker_names

    assert speaker_names("Sanne") == ["Sanne"]
    assert speaker_names("Moeder (Anja)") == ["Anja"]
    assert speaker_names("Moeder") == speaker_names("I") == speaker_names("Interviewer") == []
    assert speaker_names("Buurtteammedewerker") == []


def test_plots_are_written(demo: Project, tmp_path: Path) -> None:
    assert plot_frequencies(demo, tmp_path / "f.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in plot_code_document(demo, tmp_path / "m.svg").read_bytes()[:500]
    assert plot_cooccurrence(demo, tmp_path / "c.png", normalised=True).stat().st_size > 1000
    with pytest.raises(CoderError, match=r"\.png or \.svg"):
        plot_frequencies(demo, tmp_path / "f.jpg")


def test_export_command_formats(demo_path: Path, tmp_path: Path) -> None:
    for fmt, name in (
        ("xlsx", "c.xlsx"),
        ("matrix", "m.csv"),
        ("quotes", "q.tex"),
        ("codebook", "cb.md"),
        ("plot-frequencies", "f.svg"),
    ):
        result = run_coder(
            "export", demo_path, "--format", fmt, "-o", tmp_path / name, "--limit", "2"
        )
        assert result.code == 0, result.err
        assert (tmp_path / name).stat().st_size > 0
    # the default codebook's example quotes, a list item each
    codebook = (tmp_path / "cb.md").read_text(encoding="utf-8")
    assert "- **Voorbeelden:**\n  - Mijn buurvrouw haalt hem twee keer per week" in codebook
    wrong = run_coder("export", demo_path, "--format", "xlsx", "-o", tmp_path / "c.csv")
    assert wrong.code == 1 and "written as .xlsx" in wrong.err
    unknown = run_coder("export", demo_path, "--format", "pdf", "-o", tmp_path / "x.pdf")
    assert unknown.code == 1 and "available" in unknown.err
