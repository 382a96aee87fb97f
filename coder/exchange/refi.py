"""REFI-QDA exchange: projects (.qdpx, .qde) and codebooks (.qdc) to and from other tools.

* :func:`export_qdpx` / :func:`export_qdc` write the project (or its codebook) so
  ATLAS.ti, MAXQDA, NVivo, QDA Miner, Taguette, ... can open it.
* :func:`import_refi` reads a .qdpx or bare .qde from any of them into a project: the
  codebook is merged by code path, text sources become documents (or land on the
  document that already has that text, so a colleague's coding of the same
  transcripts arrives as a second coder), coded selections become codings and notes
  memos. One file is one transaction: it is imported completely or not at all.
  What it will store is decided first (:mod:`coder.exchange.refi_plan`), then written.
* :func:`import_qdc` merges a .qdc codebook.

Positions in REFI-QDA are character (Unicode code point) offsets into the source's
plain text, as Python counts them; document texts are therefore stored verbatim.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from coder.codebook import Codebook, apply_codebook
from coder.errors import CoderError, InputFileError
from coder.exchange.refi_plan import DocumentPlan, ImportPlanner, MemoPlan
from coder.exchange.refi_read import RefiProject, read_codebook_file, read_package
from coder.exchange.refi_write import write_qdc, write_qdpx
from coder.store import NewCoding, Project
from coder.store.codings import MODEL_CODER

__all__ = [
    "RefiImportReport",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_refi",
]


@dataclass
class RefiImportReport:
    """What one import did, and what it left out and why."""

    path: Path
    origin: str = ""
    documents_added: list[str] = field(default_factory=list)
    documents_reused: list[str] = field(default_factory=list)
    codes_added: int = 0
    codes_merged: int = 0  # existing codes (same path) that took the file's fields
    codings_added: int = 0
    codings_present: int = 0  # already in the project (same document, span, code, coder)
    memos_added: int = 0
    attributes_set: int = 0
    coders: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count
    adjusted: dict[str, int] = field(default_factory=dict)  # imported, but changed -> count
    messages: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        origin = f" (made by {self.origin})" if self.origin else ""
        lines = [f"Imported {self.path.name}{origin}:"]
        if self.documents_added or self.documents_reused:
            lines.append(
                f"  documents: {len(self.documents_added)} new, "
                f"{len(self.documents_reused)} already in the project"
            )
        lines.append(
            f"  codes: {self.codes_added} new, {self.codes_merged} merged with existing ones"
        )
        present = f" ({self.codings_present} were already there)" if self.codings_present else ""
        lines.append(f"  codings: {self.codings_added}{present}")
        if self.coders:
            lines.append(f"  coders: {', '.join(self.coders)}")
        lines.append(f"  memos: {self.memos_added}")
        if self.attributes_set:
            lines.append(f"  document attributes: {self.attributes_set}")
        for reason, count in self.adjusted.items():
            lines.append(f"  adjusted: {count} × {reason}")
        for reason, count in self.skipped.items():
            lines.append(f"  skipped: {count} × {reason}")
        lines.extend(f"  note: {message}" for message in self.messages)
        return lines

    def summary(self) -> str:
        return "\n".join(self.lines())


# -- export --------------------------------------------------------------------------------


def export_qdpx(
    project: Project, path: str | Path, *, force: bool = False, include_suggestions: bool = False
) -> Path:
    """Write the whole project as a REFI-QDA project file (.qdpx), atomically: the
    reviewed codings, and the model's pending suggestions (as its own user) when asked."""
    written, _counts = write_qdpx(
        project, path, force=force, include_suggestions=include_suggestions
    )
    return written


def export_qdc(project: Project, path: str | Path, force: bool = False) -> Path:
    """Write the codebook as a REFI-QDA codebook file (.qdc), atomically."""
    written, _count = write_qdc(project, path, force=force)
    return written


# -- codebook import -------------------------------------------------------------------------


def import_qdc(project: Project, path: str | Path) -> RefiImportReport:
    """Merge a .qdc codebook into the project by code path, as one undoable operation."""
    path = Path(path)
    model = read_codebook_file(path)
    if not model.codes:
        raise InputFileError(path, "the codebook has no codes")
    report = RefiImportReport(path, model.origin)
    try:
        report.codes_added, report.codes_merged = apply_codebook(
            project, Codebook(name=path.name, codes=model.codes)
        )
    except CoderError as error:
        raise InputFileError(path, str(error)) from None
    report.skipped = dict(model.skipped)
    report.adjusted = dict(model.adjusted)
    return report


# -- project import --------------------------------------------------------------------------


def import_refi(
    project: Project, path: str | Path, *, as_coder: str | None = None
) -> RefiImportReport:
    """Import a REFI-QDA project (.qdpx or bare .qde; a .qdc goes to :func:`import_qdc`).

    With ``as_coder`` every coding and memo is attributed to that coder, whoever made
    it in the other tool: the way to bring in a colleague's coding of the same
    documents for an agreement check. The file is imported completely or not at all;
    any problem is an :class:`InputFileError` naming it.
    """
    path = Path(path)
    if path.suffix.lower() == ".qdc":
        return import_qdc(project, path)
    model = read_package(path)
    planner = ImportPlanner(project, model, as_coder)
    planner.plan()
    report = RefiImportReport(path, model.origin)
    try:
        _store(project, model, planner, report, path)
    except InputFileError:
        raise
    except (CoderError, sqlite3.Error) as error:
        raise InputFileError(path, f"nothing imported: {error}") from None
    report.codings_present = planner.codings_present
    report.skipped = dict(planner.skipped)
    report.adjusted = dict(planner.adjusted)
    report.messages = planner.messages
    report.coders = sorted({c.coder for c in planner.codings})
    return report


def _store(
    project: Project,
    model: RefiProject,
    planner: ImportPlanner,
    report: RefiImportReport,
    path: Path,
) -> None:
    view, coder = project, project.coder
    with project.write(f"import {path.name}"):
        if model.codes:
            report.codes_added, report.codes_merged = apply_codebook(
                view, Codebook(name=path.name, codes=model.codes)
            )
        code_ids = {p.casefold(): code_id for code_id, p in view.code_paths().items()}
        for plan in planner.documents:
            if plan.id is not None:
                if plan.name not in report.documents_reused:
                    report.documents_reused.append(plan.name)
                for key, value in plan.attributes.items():
                    view.set_attribute(plan.id, key, value)
                    report.attributes_set += 1
                continue
            document = view.add_document(
                name=plan.name,
                original_filename=path.name,
                sha256=plan.sha256,
                format="refi-qda",
                text=plan.text,
                segments=plan.segments,
                encoding="utf-8",
                attributes=plan.attributes,
            )
            plan.id = document.id
            report.documents_added.append(plan.name)
            report.attributes_set += len(plan.attributes)
        coding_ids: list[int] = []
        if planner.codings:
            coding_ids = view.add_codings(
                [
                    NewCoding(
                        c.document.id,  # type: ignore[arg-type]
                        c.start,
                        c.end,
                        code_ids[c.path.casefold()],
                        source="model" if c.coder == MODEL_CODER else "human",
                        memo=c.memo,
                        coder=c.coder,
                    )
                    for c in planner.codings
                ],
                description=f"import {path.name}",
            )
        report.codings_added = len(coding_ids)
        existing_memos = {(m.target_kind, m.target_id, m.text) for m in view.memos()}
        segment_ids: dict[int, list[int]] = {}  # document id -> its segments' ids, read once
        for memo in planner.memos:
            target = _memo_target(view, memo, code_ids, coding_ids, segment_ids)
            if (memo.kind, target, memo.text) in existing_memos:
                continue
            existing_memos.add((memo.kind, target, memo.text))
            view.coder = memo.coder  # memos are attributed to their author
            try:
                view.add_memo(memo.kind, target, memo.text)
            finally:
                view.coder = coder
            report.memos_added += 1


def _memo_target(
    view: Project,
    memo: MemoPlan,
    code_ids: dict[str, int],
    coding_ids: list[int],
    segment_ids: dict[int, list[int]],
) -> int | None:
    target = memo.target
    if memo.kind == "project":
        return None
    if memo.kind == "document" and isinstance(target, DocumentPlan):
        return target.id
    if memo.kind == "code" and isinstance(target, str):
        return code_ids[target.casefold()]
    if memo.kind == "coding" and isinstance(target, int):
        return coding_ids[target]
    if memo.kind == "segment" and isinstance(target, tuple):
        plan, turn = target
        if plan.id not in segment_ids:
            segment_ids[plan.id] = [segment.id for segment in view.segments(plan.id)]
        return segment_ids[plan.id][turn]
    raise AssertionError(f"unexpected memo target {memo.kind}: {target!r}")
