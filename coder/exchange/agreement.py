"""Intercoder agreement between two coders, with turns (speaker turns) as units.

For a code C, a turn counts as coded with C by coder X when any of X's codings
with C overlaps the turn (shares at least one character). Each turn thus gets a
yes/no per coder, and per code we report:

* percent agreement: the share of turns on which the two coders agree;
* Cohen's kappa: ``(p_o - p_e) / (1 - p_e)`` with ``p_e`` from each coder's own
  yes/no proportions;
* Krippendorff's alpha (nominal data, two coders, no missing values):
  ``1 - (n - 1) * D / (n_yes * n_no)``, with ``n`` = 2 × turns (all values given),
  ``D`` = the number of turns where the coders differ, and ``n_yes``/``n_no`` the
  number of yes/no values given by both coders together.

Kappa and alpha are undefined (``None``) when there is no variation: kappa when
both coders gave one and the same value to every turn, alpha when every value given
is the same. "Overall" pools all (turn, code) decisions into one table.

Only exact codes count: a coding with a subcode does not count for its parent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.errors import CoderError
from coder.store import Coding, Project, Segment
from coder.store.codings import MODEL_CODER
from coder.store.spans import turns_touched

_EXCERPT = 100


@dataclass(frozen=True)
class Table:
    """Counts of turns: both coded, only A, only B, neither."""

    both: int = 0
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    def __add__(self, other: Table) -> Table:
        return Table(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )

    @property
    def units(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    @property
    def by_a(self) -> int:
        return self.both + self.only_a

    @property
    def by_b(self) -> int:
        return self.both + self.only_b


def percent_agreement(table: Table) -> float | None:
    if table.units == 0:
        return None
    return 100.0 * (table.both + table.neither) / table.units


def cohen_kappa(table: Table) -> float | None:
    n = table.units
    if n == 0:
        return None
    observed = (table.both + table.neither) / n
    a_yes, b_yes = table.by_a / n, table.by_b / n
    expected = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(table: Table) -> float | None:
    n = 2 * table.units  # every unit has both coders' values
    if n == 0:
        return None
    disagreements = table.only_a + table.only_b
    n_yes = 2 * table.both + disagreements
    n_no = 2 * table.neither + disagreements
    if n_yes == 0 or n_no == 0:
        return None
    return 1.0 - (n - 1) * disagreements / (n_yes * n_no)


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int | None  # None for the pooled "overall" row
    code: str  # the code's path, or "overall"
    table: Table
    percent: float | None
    kappa: float | None
    alpha: float | None

    @property
    def turns(self) -> int:
        return self.table.units

    @property
    def by_a(self) -> int:
        return self.table.by_a

    @property
    def by_b(self) -> int:
        return self.table.by_b


@dataclass(frozen=True)
class Disagreement:
    document: str
    turn: int  # 1-based, as researchers see it
    speaker: str | None
    excerpt: str
    code: str
    coder: str  # the coder who had the code (the other did not)


@dataclass
class AgreementReport:
    coder_a: str
    coder_b: str
    documents: list[str]
    turns: int
    codes: list[CodeAgreement]
    overall: CodeAgreement
    disagreements: list[Disagreement] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _measure(code_id: int | None, code: str, table: Table) -> CodeAgreement:
    return CodeAgreement(
        code_id,
        code,
        table,
        percent_agreement(table),
        cohen_kappa(table),
        krippendorff_alpha(table),
    )


def _coded_turns(codings: list, segments: list[Segment]) -> dict[int, set[int]]:
    """code id -> indexes (in ``segments``) of the turns its codings touch."""
    coded: dict[int, set[int]] = {}
    starts, ends = [s.start for s in segments], [s.end for s in segments]
    for coding in codings:
        for index in turns_touched(starts, ends, coding.start, coding.end):
            coded.setdefault(coding.code_id, set()).add(index)
    return coded


def _codings_of(project: Project, document_id: int, coder: str) -> list[Coding]:
    """A researcher's reviewed codings; for the model, everything it suggested, whatever
    became of it (so its reliability can be reported like a second coder's)."""
    if coder == MODEL_CODER:
        return project.codings(document_id=document_id, source="model", status=None)
    return project.codings(document_id=document_id, coder=coder)


def agreement(
    project: Project,
    coder_a: str,
    coder_b: str,
    *,
    code_ids: list[int] | None = None,
    document_ids: list[int] | None = None,
) -> AgreementReport:
    """Agreement between ``coder_a`` and ``coder_b`` per code and pooled.

    Without ``document_ids`` the units are the turns of the documents *both* coders
    have coded (a document only one of them has worked on says nothing about
    agreement); without ``code_ids`` the codes are those either coder used there.
    """
    known = project.coders()
    for name in (coder_a, coder_b):
        if name not in known:
            raise CoderError(
                f"no coder '{name}' in this project (coders: {', '.join(known) or 'none'})"
            )
    if coder_a == coder_b:
        raise CoderError("choose two different coders")
    notes: list[str] = []
    documents = project.documents()
    codings_a = {d.id: _codings_of(project, d.id, coder_a) for d in documents}
    codings_b = {d.id: _codings_of(project, d.id, coder_b) for d in documents}
    if MODEL_CODER in (coder_a, coder_b):
        notes.append(
            "the model's codings are all it suggested (pending, accepted and rejected); "
            "a suggestion the researcher accepted counts for both"
        )
    if document_ids is None:
        chosen = [d for d in documents if codings_a[d.id] and codings_b[d.id]]
        left_out = [d.name for d in documents if bool(codings_a[d.id]) != bool(codings_b[d.id])]
        if left_out:
            notes.append(
                f"left out {len(left_out)} document(s) only one coder has coded: {', '.join(left_out)}"
            )
    else:
        wanted = set(document_ids)
        chosen = [d for d in documents if d.id in wanted]
    if code_ids is None:
        used = {c.code_id for d in chosen for c in [*codings_a[d.id], *codings_b[d.id]]}
        order = [code.id for code in project.codes()]
        code_ids = [code_id for code_id in order if code_id in used]
    paths = project.code_paths()
    tables = {code_id: Table() for code_id in code_ids}
    disagreements: list[Disagreement] = []
    turns = 0
    for document in chosen:
        segments = project.segments(document.id)
        turns += len(segments)
        text = project.text(document.id)
        a = _coded_turns(codings_a[document.id], segments)
        b = _coded_turns(codings_b[document.id], segments)
        for code_id in code_ids:
            in_a, in_b = a.get(code_id, set()), b.get(code_id, set())
            both = len(in_a & in_b)
            only_a, only_b = len(in_a - in_b), len(in_b - in_a)
            tables[code_id] += Table(both, only_a, only_b, len(segments) - both - only_a - only_b)
            for index in sorted(in_a ^ in_b):
                segment = segments[index]
                excerpt = " ".join(text[segment.start : segment.end].split())
                if len(excerpt) > _EXCERPT:
                    excerpt = excerpt[: _EXCERPT - 1] + "…"
                disagreements.append(
                    Disagreement(
                        document.name,
                        segment.index + 1,
                        segment.speaker,
                        excerpt,
                        paths[code_id],
                        coder_a if index in in_a else coder_b,
                    )
                )
    rows = [_measure(code_id, paths[code_id], tables[code_id]) for code_id in code_ids]
    pooled = Table()
    for table in tables.values():
        pooled += table
    undefined = [row.code for row in rows if row.kappa is None and row.turns]
    if undefined:
        notes.append(
            "kappa is undefined (no variation: both coders gave every turn the same value) for: "
            + ", ".join(undefined)
        )
    if not chosen:
        notes.append("no document has codings of both coders; nothing to compare")
    return AgreementReport(
        coder_a,
        coder_b,
        [d.name for d in chosen],
        turns,
        rows,
        _measure(None, "overall", pooled),
        disagreements,
        notes,
    )
