"""Issue #13: transcript text never becomes a spreadsheet formula, HTML or broken file."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from coder.export.quotes import (
    codebook_markdown,
    latex_escape,
    quote_tables,
    to_latex,
    to_markdown,
)
from coder.export.spreadsheet import FORMULA_LEADERS, csv_cell, write_csv
from coder.export.tables import code_document_matrix, codings_frame, write_table
from coder.store import Project
from tests.cli.conftest import run_coder
from tests.hostile import FORMULA, FORMULA_CODE, HTML_CODE, make_hostile_project


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_project(tmp_path_factory.mktemp("hostile") / "vijandig.ctdb")


@pytest.fixture
def hostile(hostile_path: Path):
    project = Project.open(hostile_path)
    yield project
    project.close()


def assert_no_formulas(path: Path) -> list[openpyxl.cell.Cell]:
    """Every cell of every sheet is a value, none a formula; returns the text cells."""
    workbook = openpyxl.load_workbook(path)
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell)
    leading = [cell for cell in texts if cell.value.startswith(FORMULA_LEADERS)]
    assert leading and all(cell.quotePrefix for cell in leading)
    return texts


def assert_no_formula_leading(path: Path, encoding: str = "utf-8-sig") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows for cell in row if not is_number(cell)]
    assert not [cell for cell in cells if cell.startswith(FORMULA_LEADERS)]
    return rows


def is_number(cell: str) -> bool:
    """Negative numbers ("-0.2") are written as numbers, as they should be."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_cells_are_neutralised_and_numbers_stay_numbers() -> None:
    assert csv_cell("=1+1") == "'=1+1"
    for leader in ("+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{leader}x") == f"'{leader}x"
    assert csv_cell("gewoon = tekst") == "gewoon = tekst"
    assert csv_cell(-3) == -3 and csv_cell(-0.5) == -0.5 and csv_cell(None) == ""


def test_codings_xlsx_has_no_formula_and_keeps_all_text(hostile: Project, tmp_path: Path) -> None:
    frame = codings_frame(hostile)
    path = write_table(frame, tmp_path / "codings.xlsx")
    texts = assert_no_formulas(path)
    values = {cell.value for cell in texts}
    assert FORMULA in values and FORMULA_CODE in values  # text kept, shown as text
    assert "formfeed en  controle" in values  # \x0c and \x01 cannot be in an .xlsx file
    sheet = openpyxl.load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    start = header.index("start") + 1
    rows = range(2, sheet.max_row + 1)
    assert all(sheet.cell(row=r, column=start).data_type == "n" for r in rows)
    assert len(pd.read_excel(path)) == len(frame)


def test_codings_csv_has_no_formula_leading_cell(hostile: Project, tmp_path: Path) -> None:
    path = write_table(codings_frame(hostile), tmp_path / "codings.csv")
    rows = assert_no_formula_leading(path)
    assert "'" + FORMULA in [cell for row in rows for cell in row]
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert pd.api.types.is_numeric_dtype(back["start"]) and pd.api.types.is_numeric_dtype(
        back["segment"]
    )


def test_parquet_keeps_the_raw_text(hostile: Project, tmp_path: Path) -> None:
    path = write_table(codings_frame(hostile), tmp_path / "codings.parquet")
    assert FORMULA in set(pd.read_parquet(path)["text"])


def test_matrix_with_code_names_as_index(hostile: Project, tmp_path: Path) -> None:
    matrix = code_document_matrix(hostile)
    rows = assert_no_formula_leading(write_table(matrix, tmp_path / "m.csv", index=True))
    assert "'" + FORMULA_CODE in [row[0] for row in rows]
    assert_no_formulas(write_table(matrix, tmp_path / "m.xlsx", index=True))


def test_export_command_spreadsheets(hostile_path: Path, tmp_path: Path) -> None:
    for fmt, name in (("xlsx", "c.xlsx"), ("codebook", "cb.xlsx"), ("cooccurrence", "co.xlsx")):
        result = run_coder("export", hostile_path, "--format", fmt, "-o", tmp_path / name)
        assert result.code == 0, result.err
        assert_no_formulas(tmp_path / name)
    for fmt, name in (("csv", "c.csv"), ("codebook", "cb.csv"), ("matrix", "m.csv")):
        result = run_coder("export", hostile_path, "--format", fmt, "-o", tmp_path / name)
        assert result.code == 0, result.err
        assert_no_formula_leading(tmp_path / name)


def test_agreement_tables(hostile_path: Path, tmp_path: Path) -> None:
    from coder.exchange.agreement import agreement
    from coder.export.agreement import write_agreement_table

    copy = tmp_path / "kopie.ctdb"
    copy.write_bytes(hostile_path.read_bytes())
    project = Project.open(copy)
    document = project.documents()[0]
    segment = project.segments(document.id)[1]
    project.add_coding(
        document.id, segment.start, segment.end, project.find_code(FORMULA_CODE).id, coder="ander"
    )
    report = agreement(project, "tester", "ander")
    project.close()
    texts = assert_no_formulas(write_agreement_table(report, tmp_path / "a.xlsx", force=False))
    assert FORMULA_CODE in {cell.value for cell in texts}
    rows = assert_no_formula_leading(
        write_agreement_table(report, tmp_path / "a.csv", force=False), encoding="utf-8"
    )
    assert "'" + FORMULA_CODE in [row[0] for row in rows]


def test_cluster_tables_go_through_the_same_writer(tmp_path: Path) -> None:
    from coder.cluster.run import write_table_csv

    write_table_csv(["cluster", "=d"], [["1. =SUM(A1)", 3]], tmp_path / "t.csv")
    rows = assert_no_formula_leading(tmp_path / "t.csv")
    assert rows == [["cluster", "'=d"], ["1. =SUM(A1)", "3"]]
    write_csv(tmp_path / "w.csv", ["a"], [["@x"], [-1]])
    assert assert_no_formula_leading(tmp_path / "w.csv") == [["a"], ["'@x"], ["-1"]]


def test_markdown_exports_escape_html_and_pipes(hostile: Project) -> None:
    markdown = to_markdown(quote_tables(hostile))
    codebook = codebook_markdown(hostile)
    for text in (markdown, codebook):
        assert "<script>" not in text and "<b>" not in text and "<i>" not in text
        assert "&lt;b&gt;Vet&lt;b&gt; &amp; \\| pijp" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer \\| pijp" in markdown
    table_lines = [line for line in markdown.splitlines() if line.startswith("| “")]
    # every quote row has exactly three unescaped pipes: two cells
    assert all(line.replace("\\|", "").count("|") == 3 for line in table_lines)
    assert HTML_CODE not in codebook


def test_latex_export_escapes_and_drops_control_characters(hostile: Project) -> None:
    latex = to_latex(quote_tables(hostile))
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", latex)
    assert "form feed en  controle" in latex  # \x0c is whitespace to split(); \x01 is dropped
    assert r"\& meer | pijp" in latex  # & escaped; | is plain text in a LaTeX cell
    assert latex_escape("50% & {x}") == r"50\% \& \{x\}"
