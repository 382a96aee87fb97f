"""Planning a REFI-QDA project import: everything it will store, decided up front.

:class:`ImportPlanner` reads the plain model of a file (:class:`RefiProject`) against the
project and decides, without writing anything, what the import will store:

* which text sources become new documents (under a free name, with their turns derived)
  and which land on a document that already has the same text;
* which document attribute values are set (never over an existing one);
* which coded selections become codings, clamped to their source's text, with their
  coder, and which are already in the project;
* which notes become memos, and what each is attached to (the project, a document, a
  code, a coding or a turn);
* what was left out or adjusted, and why, counted per reason.

:func:`coder.exchange.refi.import_refi` then stores the plan in one transaction, so a
file is imported completely or not at all.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from coder.exchange.refi_read import RefiProject, RefiSource
from coder.exchange.turns import derive_turns
from coder.store import NewSegment, Project
from coder.store.spans import first_turn_touched

__all__ = [
    "CodingPlan",
    "DocumentPlan",
    "ImportPlanner",
    "MemoPlan",
    "sha256_of",
]


@dataclass
class DocumentPlan:
    source: RefiSource
    text: str
    name: str
    id: int | None = None  # set for reused documents, and for new ones once stored
    segments: list[NewSegment] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    sha256: str = ""


@dataclass
class CodingPlan:
    document: DocumentPlan
    start: int
    end: int
    path: str
    coder: str
    memo: str


@dataclass
class MemoPlan:
    kind: str
    target: object  # None, a DocumentPlan, a code path, a coding plan index, or (doc, turn index)
    text: str
    coder: str


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ImportPlanner:
    """Decides everything an import will store before anything is written."""

    def __init__(self, project: Project, model: RefiProject, as_coder: str | None) -> None:
        self.project = project
        self.model = model
        self.as_coder = as_coder.strip() if as_coder else None
        self.skipped: Counter[str] = Counter(model.skipped)
        self.adjusted: Counter[str] = Counter(model.adjusted)
        self.messages: list[str] = []
        self.documents: list[DocumentPlan] = []
        self.codings: list[CodingPlan] = []
        self.memos: list[MemoPlan] = []
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
                MemoPlan(kind, target, text, self.coder(self.model.note_users.get(key)))
            )

    # -- documents ----------------------------------------------------------------------

    def plan(self) -> None:
        existing_by_text: dict[str, int] = {}
        existing_names: dict[str, int] = {}
        for document in self.project.documents():
            existing_by_text.setdefault(sha256_of(self.project.text(document.id)), document.id)
            existing_names[document.name.casefold()] = document.id
        planned_by_text: dict[str, DocumentPlan] = {}
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
            digest = sha256_of(source.text)
            plan = planned_by_text.get(digest)
            if plan is None and digest in existing_by_text:
                document = self.project.document(existing_by_text[digest])
                plan = DocumentPlan(source, source.text, document.name, id=document.id)
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
    ) -> DocumentPlan:
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
            digest = sha256_of("refi-qda\n" + text)
        plan = DocumentPlan(source, text, name, sha256=digest)
        plan.segments = derive_turns(text, name)
        return plan

    def _attributes(self, plan: DocumentPlan) -> None:
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

    def _codings(self, plan: DocumentPlan, existing: set[tuple], seen: set[tuple]) -> None:
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
                self.codings.append(CodingPlan(plan, start, end, path, coder, memo))
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

    def _turns(self, plan: DocumentPlan) -> tuple[list[int], list[int]]:
        """Starts and ends of the plan's turns (in order, not overlapping), computed once."""
        spans = self.turn_spans.get(id(plan))
        if spans is None:
            segments = plan.segments if plan.id is None else self.project.segments(plan.id)
            spans = ([s.start for s in segments], [s.end for s in segments])
            self.turn_spans[id(plan)] = spans
        return spans

    def _turn_at(self, plan: DocumentPlan, start: int, end: int) -> int | None:
        """The first turn ``start``-``end`` touches: a binary search, since a file may
        hold a note on every one of many thousands of selections."""
        starts, ends = self._turns(plan)
        return first_turn_touched(starts, ends, start, end)

    def _turn_span(self, plan: DocumentPlan, index: int) -> tuple[int, int]:
        starts, ends = self._turns(plan)
        return starts[index], ends[index]
