"""One row per coding: the table researchers check results in (and the base of other exports)."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from pathlib import Path

from coder.export.spreadsheet import write_csv
from coder.store import Project
from coder.store.codings import statuses
from coder.store.spans import starting_turn

# where a piece of transcript is: the first columns of every per-segment table
SEGMENT_COLUMNS = ["document", "segment", "speaker", "start", "end", "text"]
# source: who made the coding (human, model); status: accepted or, asked for, suggested
COLUMNS = [*SEGMENT_COLUMNS, "code", "coder", "source", "status", "confidence", "memo"]


@dataclass(frozen=True)
class CodingRow:
    document: str
    segment: int | None  # 1-based turn number, as shown to researchers
    speaker: str | None
    start: int
    end: int
    text: str
    code: str  # the code's path
    coder: str
    source: str
    status: str
    confidence: float | None
    memo: str


def coding_rows(
    project: Project,
    *,
    code_ids: list[int] | None = None,
    document_ids: list[int] | None = None,
    source: str | None = None,
    coder: str | None = None,
    include_suggestions: bool = False,
) -> list[CodingRow]:
    paths = project.code_paths()
    rows: list[CodingRow] = []
    for document in project.documents():
        if document_ids is not None and document.id not in document_ids:
            continue
        codings = project.codings(
            document_id=document.id,
            code_ids=code_ids,
            source=source,
            coder=coder,
            status=statuses(include_suggestions),
        )
        if not codings:
            continue
        text = project.text(document.id)
        segments = project.segments(document.id)
        starts = [s.start for s in segments]
        for coding in codings:
            # the turn the coding starts in (or the one before it, when it starts on a label)
            at = starting_turn(starts, coding.start)
            segment = segments[at] if at is not None else None
            rows.append(
                CodingRow(
                    document=document.name,
                    segment=None if segment is None else segment.index + 1,
                    speaker=None if segment is None else segment.speaker,
                    start=coding.start,
                    end=coding.end,
                    text=text[coding.start : coding.end],
                    code=paths[coding.code_id],
                    coder=coding.coder,
                    source=coding.source,
                    status=coding.status,
                    confidence=coding.confidence,
                    memo=coding.memo,
                )
            )
    return rows


def write_codings_csv(rows: list[CodingRow], path: str | Path, *, force: bool = False) -> Path:
    """UTF-8 with BOM, so Excel on Windows opens Dutch text intact; no cell is a formula."""
    return write_csv(path, COLUMNS, [list(astuple(row)) for row in rows], force=force)
