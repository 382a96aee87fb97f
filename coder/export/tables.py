"""Tables for analysis and publication: codings, code × document, co-occurrence, codebook.

Each function returns a pandas DataFrame; :func:`write_table` writes one as csv, xlsx or
parquet (by the file's suffix), atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import OutputError
from coder.export.codings import COLUMNS, coding_rows
from coder.export.files import write_atomically
from coder.export.spreadsheet import write_frame
from coder.store import Project
from coder.store.codings import statuses
from coder.store.spans import turns_touched

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")


def codings_frame(
    project: Project,
    *,
    code_ids: list[int] | None = None,
    document_ids: list[int] | None = None,
    source: str | None = None,
    coder: str | None = None,
    attributes: dict[str, str] | None = None,
    include_suggestions: bool = False,
) -> pd.DataFrame:
    """One row per coding, with the document's attributes as extra columns."""
    import pandas as pd

    documents = project.documents()
    if attributes:
        wanted = [
            d for d in documents if all(d.attributes.get(k) == v for k, v in attributes.items())
        ]
        ids = {d.id for d in wanted}
        document_ids = [i for i in (document_ids or ids) if i in ids]
    rows = coding_rows(
        project,
        code_ids=code_ids,
        document_ids=document_ids,
        source=source,
        coder=coder,
        include_suggestions=include_suggestions,
    )
    frame = pd.DataFrame([row.__dict__ for row in rows], columns=COLUMNS)
    keys = sorted({key for d in documents for key in d.attributes})
    by_name = {d.name: d.attributes for d in documents}
    for key in keys:
        frame[key] = [by_name[name].get(key, "") for name in frame["document"]]
    return frame


def turn_codes(
    project: Project, *, include_suggestions: bool = False, coder: str | None = None
) -> dict[tuple[int, int], set[int]]:
    """For every turn (document id, turn index), the codes whose codings touch it."""
    turns: dict[tuple[int, int], set[int]] = {}
    for document in project.documents():
        segments = project.segments(document.id)
        starts, ends = [s.start for s in segments], [s.end for s in segments]
        for coding in project.codings(
            document_id=document.id, coder=coder, status=statuses(include_suggestions)
        ):
            for at in turns_touched(starts, ends, coding.start, coding.end):
                turns.setdefault((document.id, segments[at].index), set()).add(coding.code_id)
    return turns


def code_document_matrix(
    project: Project, *, include_suggestions: bool = False, coder: str | None = None
) -> pd.DataFrame:
    """Number of codings of each code (rows, by path) in each document (columns)."""
    import pandas as pd

    paths = project.code_paths()
    documents = project.documents()
    counts = project.code_document_counts(include_suggestions=include_suggestions, coder=coder)
    codes = project.codes()
    frame = pd.DataFrame(
        [[counts.get((code.id, d.id), 0) for d in documents] for code in codes],
        index=[paths[code.id] for code in codes],
        columns=[d.name for d in documents],
    )
    frame.index.name = "code"
    frame["totaal"] = frame.sum(axis=1)
    return frame


def cooccurrence(
    project: Project,
    *,
    normalised: bool = False,
    include_suggestions: bool = False,
    coder: str | None = None,
) -> pd.DataFrame:
    """How often two codes are on the same turn (diagonal: turns with the code).

    Normalised: the Jaccard index, co-occurrences divided by the turns with either code.
    """
    import numpy as np
    import pandas as pd

    paths = project.code_paths()
    counts = project.code_counts(include_suggestions=include_suggestions, coder=coder)
    used = sorted(counts, key=lambda c: paths[c])
    position = {code_id: i for i, code_id in enumerate(used)}
    matrix = np.zeros((len(used), len(used)), dtype=float)
    turns = turn_codes(project, include_suggestions=include_suggestions, coder=coder)
    for codes in turns.values():
        present = [position[c] for c in codes if c in position]
        for i in present:
            for j in present:
                matrix[i, j] += 1
    if normalised:
        diagonal = matrix.diagonal().copy()
        union = diagonal[:, None] + diagonal[None, :] - matrix
        matrix = np.divide(matrix, union, out=np.zeros_like(matrix), where=union > 0)
    labels = [paths[c] for c in used]
    frame = pd.DataFrame(matrix if normalised else matrix.astype(int), index=labels, columns=labels)
    frame.index.name = "code"
    return frame


def codebook_frame(
    project: Project, *, include_suggestions: bool = False, coder: str | None = None
) -> pd.DataFrame:
    import pandas as pd

    counts = project.code_counts(include_suggestions=include_suggestions, coder=coder)
    paths = project.code_paths()
    rows = [
        {
            "code": paths[code.id],
            "kleur": code.colour or "",
            "definitie": code.definition,
            "inclusie": code.inclusion,
            "exclusie": code.exclusion,
            "voorbeeld": code.example,
            "codings": counts.get(code.id, 0),
        }
        for code in project.codes()
    ]
    return pd.DataFrame(
        rows, columns=["code", "kleur", "definitie", "inclusie", "exclusie", "voorbeeld", "codings"]
    )


def write_table(
    frame: pd.DataFrame, path: str | Path, *, force: bool = False, index: bool = False
) -> Path:
    """Write a DataFrame as .csv (UTF-8 with BOM for Excel), .xlsx or .parquet.

    Spreadsheets are written so that no text cell is a formula (see
    :mod:`coder.export.spreadsheet`).
    """
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        allowed = ", ".join(TABLE_SUFFIXES)
        raise OutputError(path, "suffix", what="tables are", allowed=allowed, suffixes=allowed)
    if suffix in (".csv", ".xlsx"):
        return write_frame(frame, path, force=force, index=index)
    # Parquet is data for scripts, not a spreadsheet: the text stays as it was typed.
    return write_atomically(
        path, lambda h: frame.to_parquet(h, index=index), force=force, binary=True
    )
