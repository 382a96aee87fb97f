"""REFI-QDA exchange: projects (.qdpx, .qde) and codebooks (.qdc) to and from other tools.

* :func:`export_qdpx` / :func:`export_qdc` write the project (or its codebook) so
  ATLAS.ti, MAXQDA, NVivo, QDA Miner, Taguette, ... can open it.
* :func:`import_refi` reads a .qdpx or bare .qde from any of them into a project: the
  codebook is merged by code path, text sources become documents (or land on the
  document that already has that text, so a colleague's coding of the same
  transcripts arrives as a second coder), coded selections become codings and notes
  memos. One file is one transaction: it is imported completely or not at all.
* :func:`import_qdc` merges a .qdc codebook.

Positions in REFI-QDA are character (Unicode code point) offsets into the source's
plain text, as Python counts them; document texts are therefore stored verbatim.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from coder.codebook import Codebook, apply_codebook
from coder.errors import CoderError, InputFileError
from coder.exchange.refi_read import RefiProject, RefiSource, read_codebook_file, read_package
from coder.exchange.refi_write import write_qdc, write_qdpx
from coder.exchange.turns import derive_turns
from coder.store import NewCoding, NewSegment, Project
from coder.store.codings import MODEL_CODER
from coder.store.spans import first_turn_touched

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


@dataclass
class _DocPlan:
    source: RefiSource
    text: str
    name: str
    id: int | None = None  # set for reused documents, and for new ones once stored
    segments: list[NewSegment] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    sha256: str = ""


@dataclass
class _CodingPlan:
    document: _DocPlan
    start: int
    end: int
    path: str
    coder: str
    memo: str


@dataclass
class _MemoPlan:
    kind: str
    target: object  # None, a _DocPlan, a code path, a coding plan index, or (doc, turn index)
    text: str
    coder: str


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Planner:
    """Decides everything an import will store before anything is written."""

    def __init__(self, project: Project, model: RefiProject, as_coder: str | None) -> None:
        self.project = project
        self.model = model
        self.as_coder = as_coder.strip() if as_coder else None
        self.skipped: Counter[str] = Counter(model.skipped)
        self.adjusted: Counter[str] = Counter(model.adjusted)
        self.messages: list[str] = []
        self.documents: list[_DocPlan] = []
        self.codings: list[_CodingPlan] = []
        self.memos: list[_MemoPlan] = []
        self.codings_present = 0
        self.used_notes: set[str] = set()
        self.next_number: dict[str, int] = {}  # name -> next "(n)" to try for a duplicate
        self.turn_spans: dict[int, tuple[list[int], list[int]]] = {}  # id(plan) -> starts, ends

    # -- who -----------------------------------------------------------------------------

    def coder(self, *users: str | None) -> str:
        if self.as_coder:
            return self.as_coder
        for user in users:
            if user is None:
                continue
            if user in self.model.users:
                return self.model.users[user]
            self.adjusted[
                f"objects by a user missing from <Users> (attributed to {self.project.coder})"
            ] += 1
            return self.project.coder
        return self.project.coder

    def note_text(self, guids: list[str]) -> list[tuple[str, str]]:
        found = []
        for key in guids:
            if key in self.model.notes:
                self.used_notes.add(key)
                found.append((key, self.model.notes[key]))
            else:
                self.skipped["references to notes that are not in the file"] += 1
        return found

    def memo(self, kind: str, target: object, guids: list[str]) -> None:
        for key, text in self.note_text(guids):
            self.memos.append(
                _MemoPlan(kind, target, text, self.coder(self.model.note_users.get(key)))
            )

    # -- documents ----------------------------------------------------------------------

    def plan(self) -> None:
        existing_by_text: dict[str, int] = {}
        existing_names: dict[str, int] = {}
        for document in self.project.documents():
            existing_by_text.setdefault(_sha256(self.project.text(document.id)), document.id)
            existing_names[document.name.casefold()] = document.id
        planned_by_text: dict[str, _DocPlan] = {}
        taken = set(existing_names)
        existing_keys = self._existing_codings()
        seen_keys: set[tuple] = set()
        for source in self.model.sources:
            if source.text is None:
                self.skipped[source.missing or "text sources without text"] += 1
                self._skip_source_codings(source, "codings on text sources that were not imported")
                continue
            if not source.text.strip():
                self.skipped["text sources with an empty text"] += 1
                self._skip_source_codings(source, "codings on text sources that were not imported")
                continue
            digest = _sha256(source.text)
            plan = planned_by_text.get(digest)
            if plan is None and digest in existing_by_text:
                document = self.project.document(existing_by_text[digest])
                plan = _DocPlan(source, source.text, document.name, id=document.id)
                if document.name != source.name:
                    self.messages.append(
                        f"source '{source.name}' has the same text as document "
                        f"'{document.name}'; its codings go there"
                    )
            if plan is None:
                plan = self._new_document(source, source.text, digest, taken)
            planned_by_text[digest] = plan
            self.documents.append(plan)
            self._attributes(plan)
            self._codings(plan, existing_keys, seen_keys)
            self.memo("document", plan, source.notes)
        for code_guid, notes in self.model.code_notes.items():
            self.memo("code", self.model.code_paths[code_guid], notes)
        self.memo("project", None, self.model.project_notes)
        loose = [key for key in self.model.notes if key not in self.used_notes]
        if loose:
            self.adjusted["notes not attached to anything (imported as project memos)"] += len(
                loose
            )
            self.memo("project", None, loose)

    def _new_document(
        self, source: RefiSource, text: str, digest: str, taken: set[str]
    ) -> _DocPlan:
        name = " ".join(source.name.split()) or "bron"
        if name.casefold() in taken:
            # Numbering resumes where it stopped for this name: a file with thousands of
            # sources of one name must not rescan all the numbers for each of them.
            base = name
            number = self.next_number.get(base.casefold(), 2)
            while f"{base} ({number})".casefold() in taken:
                number += 1
            self.next_number[base.casefold()] = number + 1
            name = f"{base} ({number})"
            self.messages.append(
                f"source '{source.name}' differs from the project's document of that name; "
                f"imported as '{name}'"
            )
        taken.add(name.casefold())
        if self.project.find_document_by_hash(digest) is not None:
            # A transcript file with exactly these bytes was imported and normalised
            # differently; keep both apart (the hash column must stay unique).
            digest = _sha256("refi-qda\n" + text)
        plan = _DocPlan(source, text, name, sha256=digest)
        plan.segments = derive_turns(text, name)
        return plan

    def _attributes(self, plan: _DocPlan) -> None:
        current = self.project.document(plan.id).attributes if plan.id is not None else {}
        for variable, value in plan.source.values.items():
            key = self.model.variables.get(variable)
            if key is None:
                self.skipped["variable values of an unknown variable"] += 1
            elif key not in current:
                plan.attributes[key] = value

    def _existing_codings(self) -> set[tuple]:
        paths = self.project.code_paths()
        return {
            (c.document_id, c.start, c.end, paths[c.code_id].casefold(), c.coder)
            for c in self.project.codings(status=None)
        }

    def _skip_source_codings(self, source: RefiSource, reason: str) -> None:
        count = sum(len(s.codings) for s in source.selections) + len(source.whole_codings)
        if count:
            self.skipped[reason] += count

    def _codings(self, plan: _DocPlan, existing: set[tuple], seen: set[tuple]) -> None:
        source, length = plan.source, len(plan.text)
        selections = [
            (s.start, s.end, s.codings, s.user, s.notes, False) for s in source.selections
        ]
        if source.whole_codings:
            first = len(plan.text) - len(plan.text.lstrip())
            last = len(plan.text.rstrip())
            selections.append((first, last, source.whole_codings, source.user, [], True))
        for start, end, codings, user, notes, whole in selections:
            if start > end:
                self.skipped["selections whose start lies after their end"] += max(1, len(codings))
                continue
            if start < 0 or end > length:
                if end <= 0 or start >= length:
                    self.skipped["selections outside their source's text"] += max(1, len(codings))
                    continue
                self.adjusted["selections reaching past their source's text (clamped)"] += 1
                start, end = max(0, start), min(length, end)
            if start == end:
                self.skipped["empty selections"] += max(1, len(codings))
                continue
            if whole:
                self.adjusted["codings of a whole source (coded over its full text)"] += len(
                    codings
                )
            made: list[int] = []
            for code_guid, coding_user, coding_notes in codings:
                if code_guid is None:
                    self.skipped["codings without a code reference"] += 1
                    continue
                path = self.model.code_paths.get(code_guid)
                if path is None:
                    self.skipped["codings of a code that is not in the codebook"] += 1
                    continue
                coder = self.coder(coding_user, user, source.user, self.model.user)
                memo = "\n\n".join(text for _, text in self.note_text(coding_notes))
                key = (
                    plan.id if plan.id is not None else id(plan),
                    start,
                    end,
                    path.casefold(),
                    coder,
                )
                if key in existing or key in seen:
                    self.codings_present += 1
                    continue
                seen.add(key)
                made.append(len(self.codings))
                self.codings.append(_CodingPlan(plan, start, end, path, coder, memo))
            if not notes:
                continue
            if made:
                for index in made:
                    self.memo("coding", index, notes)
            elif not codings:
                # A note on an uncoded selection (a quotation with a comment): a turn memo.
                turn = self._turn_at(plan, start, end)
                if turn is None:
                    self.skipped["notes on a selection outside every turn"] += len(notes)
                else:
                    self.memo("segment", (plan, turn), notes)
                    if (start, end) != self._turn_span(plan, turn):
                        self.adjusted["notes on part of a turn (attached to the whole turn)"] += 1
            else:
                self.used_notes.update(notes)  # its codings were already there

    def _turns(self, plan: _DocPlan) -> tuple[list[int], list[int]]:
        """Starts and ends of the plan's turns (in order, not overlapping), computed once."""
        spans = self.turn_spans.get(id(plan))
        if spans is None:
            segments = plan.segments if plan.id is None else self.project.segments(plan.id)
            spans = ([s.start for s in segments], [s.end for s in segments])
            self.turn_spans[id(plan)] = spans
        return spans

    def _turn_at(self, plan: _DocPlan, start: int, end: int) -> int | None:
        """The first turn ``start``-``end`` touches: a binary search, since a file may
        hold a note on every one of many thousands of selections."""
        starts, ends = self._turns(plan)
        return first_turn_touched(starts, ends, start, end)

    def _turn_span(self, plan: _DocPlan, index: int) -> tuple[int, int]:
        starts, ends = self._turns(plan)
        return starts[index], ends[index]


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
    planner = _Planner(project, model, as_coder)
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
    project: Project, model: RefiProject, planner: _Planner, report: RefiImportReport, path: Path
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
    memo: _MemoPlan,
    code_ids: dict[str, int],
    coding_ids: list[int],
    segment_ids: dict[int, list[int]],
) -> int | None:
    target = memo.target
    if memo.kind == "project":
        return None
    if memo.kind == "document" and isinstance(target, _DocPlan):
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
