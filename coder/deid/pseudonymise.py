"""Pseudonymising a project: review what was found, replace it consistently, keep the
key apart.

The same name gets the same pseudonym everywhere in the project, whether it stands in
a turn, a speaker label, a memo or a document's name ("Samira", "samira" and
"Samira's" all become "[PERSOON-3]", the last as "[PERSOON-3]'s"). The key (original ↔
pseudonym) is a CSV file the researcher keeps apart: it never enters the pseudonymised
copy or an export, and pseudonymising again with the same key gives the same result.

This module holds the review, the key and the replacing; the pseudonymised copy that
uses them is :mod:`coder.deid.copies`.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coder.deid.detect import (
    KINDS,
    ORGANISATION,
    PERSON,
    PLACE,
    Detector,
    Finding,
    fold,
)
from coder.deid.patterns import AGE, CONTACT, DATE
from coder.errors import CoderError, InputFileError
from coder.progress import Progress
from coder.store import Project
from coder.store.deid import ADD, KEEP, DeidDecision

if TYPE_CHECKING:
    from spacy.language import Language


TAGS, NAMES = "tags", "names"
STYLES = (TAGS, NAMES)
# The typed tags, in Dutch as the transcripts are.
TAG_WORDS = {
    PERSON: "PERSOON",
    PLACE: "PLAATS",
    ORGANISATION: "ORGANISATIE",
    DATE: "DATUM",
    AGE: "LEEFTIJD",
    CONTACT: "CONTACT",
}
NUMBERED = (PERSON, PLACE, ORGANISATION)  # dates, ages and contacts are not told apart
# Realistic replacements (style "names"): invented, common-sounding, never a real
# organisation's name; used in this order, then numbered.
REPLACEMENT_NAMES = {
    PERSON: [
        "Anna",
        "Bram",
        "Celine",
        "Daan",
        "Emma",
        "Finn",
        "Hanna",
        "Iris",
        "Jamal",
        "Kim",
        "Lars",
        "Lotte",
        "Milan",
        "Noor",
        "Olivier",
        "Pien",
        "Ravi",
        "Sara",
        "Tim",
        "Vera",
        "Yusuf",
        "Zoë",
        "Amira",
        "Bilal",
        "Eva",
        "Jesse",
        "Lieke",
        "Mees",
        "Nadia",
        "Ruben",
        "Sanne",
        "Thijs",
        "Yara",
        "Youssef",
        "Fleur",
        "Hugo",
        "Ilse",
        "Joris",
        "Kaya",
        "Levi",
    ],
    PLACE: [
        "Westerveen",
        "Oosterbroek",
        "Noordhove",
        "Zuidermeer",
        "Lindewijk",
        "Esdonk",
        "Berkhoven",
        "Wilgenrade",
        "Eikendaal",
        "Beukenstein",
    ],
    ORGANISATION: [
        "Stichting De Linde",
        "Zorggroep Horizon",
        "Het Baken",
        "Jeugdteam Kompasroos",
        "De Vlinderschool",
        "Stichting Het Anker",
        "Welzijn Aan Zee",
        "De Regenboog",
    ],
}
KEY_COLUMNS = ["original", "kind", "pseudonym"]
MAX_KEY_BYTES = 16 * 2**20  # a key of a large study is a few hundred kilobytes


# -- the review --------------------------------------------------------------------------------


@dataclass
class Review:
    """What was found in the project, per document and kind, with the review applied."""

    findings: dict[int, list[list[Finding]]]  # document id → per turn
    names: dict[int, list[Finding]]  # document id → findings in its name
    memos: dict[int, list[Finding]]  # memo id → findings
    coding_memos: dict[int, list[Finding]]
    speakers: dict[int, list[list[Finding]]]  # document id → per turn, in its speaker label
    counts: dict[int, Counter[tuple[str, str]]] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)  # folded name → kind, project-wide

    @functools.cached_property
    def known_pattern(self) -> re.Pattern[str] | None:
        """Every known name as one expression, compiled once for all documents."""
        if not self.known:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(self.known, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def detector_for(project: Project, nlp: Language | None = None) -> Detector:
    from coder.nlp.pipeline import load_feature_pipeline

    decisions = project.deid_decisions()
    return Detector(
        nlp or load_feature_pipeline(),
        keep=[d.text for d in decisions if d.action == KEEP],
        extra=[(d.text, d.kind) for d in decisions if d.action == ADD],
    )


def review(
    project: Project,
    *,
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> Review:
    """Find the identifying details in every turn, speaker label, document name and memo
    of the project, as one run (so a name found anywhere is found everywhere).
    ``progress(done, total, "")`` counts the turns and memos read."""
    detector = detector_for(project, nlp)
    texts: list[str] = []  # read as sentences: turns and memos
    speakers: list[str | None] = []
    places: list[tuple[str, int]] = []  # (what, id) per text
    labels: list[str] = []  # searched for names found elsewhere: speaker labels, names
    label_places: list[tuple[str, int]] = []
    documents = project.documents()
    for document in documents:
        text = project.text(document.id)
        for segment in project.segments(document.id):
            texts.append(text[segment.start : segment.end])
            speakers.append(segment.speaker)
            places.append(("turn", document.id))
            labels.append(segment.speaker or "")
            label_places.append(("speaker", document.id))
        labels.append(document.name)
        label_places.append(("name", document.id))
    for memo in project.memos():
        texts.append(memo.text)
        speakers.append(None)
        places.append(("memo", memo.id))
    for coding in project.codings(status=None):
        if coding.memo:
            texts.append(coding.memo)
            speakers.append(None)
            places.append(("coding", coding.id))
    found = detector.find(
        texts,
        speakers,
        names_only=labels,
        progress=progress,
    )
    places += label_places
    result = Review({}, {}, {}, {}, {})
    for findings in found:
        for finding in findings:
            if finding.kind in NUMBERED:
                result.known.setdefault(fold(finding.text), finding.kind)
    for (what, owner), findings in zip(places, found, strict=True):
        if what == "turn":
            result.findings.setdefault(owner, []).append(findings)
            counts = result.counts.setdefault(owner, Counter())
            counts.update((f.kind, f.text) for f in findings)
        elif what == "speaker":
            result.speakers.setdefault(owner, []).append(findings)
        elif what == "name":
            result.names[owner] = findings
        elif what == "memo":
            result.memos[owner] = findings
        else:
            result.coding_memos[owner] = findings
    if progress is not None:
        progress(len(texts), len(texts), "")
    return result


def decide(project: Project, *, keep: Sequence[str] = (), add: Sequence[str] = ()) -> None:
    """Record the review: ``keep`` names are not identifying; ``add`` are identifying
    names the detector missed, as ``name`` (a person) or ``name=KIND``."""
    decisions = [DeidDecision(text.strip(), "", KEEP) for text in keep if text.strip()]
    for item in add:
        text, _, kind = item.rpartition("=") if "=" in item else (item, "", PERSON)
        kind = kind.strip().upper() or PERSON
        if kind not in KINDS:
            raise CoderError(f"'{item}': the kind is one of {', '.join(KINDS)}")
        if text.strip():
            decisions.append(DeidDecision(text.strip(), kind, ADD))
    project.decide_deid(decisions)


# -- the key -----------------------------------------------------------------------------------


class Key:
    """Original ↔ pseudonym, per kind, consistent across a project and across runs."""

    def __init__(self, style: str = TAGS) -> None:
        if style not in STYLES:
            raise CoderError(f"the style is one of {', '.join(STYLES)}, not '{style}'")
        self.style = style
        self.pseudonyms: dict[tuple[str, str], str] = {}  # (kind, folded original) → pseudonym
        self.originals: dict[tuple[str, str], str] = {}  # as first written, for the file

    def pseudonym(self, finding: Finding) -> str:
        kind = finding.kind if finding.kind in TAG_WORDS else PERSON
        if kind not in NUMBERED:
            return f"[{TAG_WORDS[kind]}]"
        key = (kind, fold(finding.text))
        if key not in self.pseudonyms:
            self.originals[key] = finding.text
            self.pseudonyms[key] = self._new(kind)
        return self.pseudonyms[key]

    def _new(self, kind: str) -> str:
        taken = set(self.pseudonyms.values())
        number = sum(1 for k, _ in self.pseudonyms if k == kind) + 1
        while True:
            if self.style == NAMES:
                names = REPLACEMENT_NAMES[kind]
                round_, index = divmod(number - 1, len(names))
                candidate = names[index] + (f" {round_ + 1}" if round_ else "")
            else:
                candidate = f"[{TAG_WORDS[kind]}-{number}]"
            if candidate not in taken:
                return candidate
            number += 1

    @classmethod
    def read(cls, path: Path, style: str = TAGS) -> Key:
        """A key written before; one line naming the file and the problem if it is not one."""
        from coder.ingest.limits import read_small_text

        key = cls(style)
        content = read_small_text(path, MAX_KEY_BYTES, "a key file")
        try:
            rows = list(csv.reader(io.StringIO(content)))
        except csv.Error as error:
            raise InputFileError(path, f"not a CSV key file ({error})") from None
        if not rows or [c.strip().lower() for c in rows[0]] != KEY_COLUMNS:
            raise InputFileError(
                path, f"not a Codeertafel key file (its first line must be {','.join(KEY_COLUMNS)})"
            )
        for number, row in enumerate(rows[1:], start=2):
            if not row:
                continue
            if len(row) != 3 or row[1] not in TAG_WORDS or not row[0].strip() or not row[2]:
                raise InputFileError(path, f"line {number} is not original,kind,pseudonym")
            original, kind, pseudonym = (_unescaped(cell) for cell in row)
            if kind not in NUMBERED:
                continue
            folded = (kind, fold(original))
            if folded in key.pseudonyms and key.pseudonyms[folded] != pseudonym:
                raise InputFileError(path, f"line {number}: '{original}' has two pseudonyms")
            key.pseudonyms[folded] = pseudonym
            key.originals[folded] = original
        return key

    def write(self, path: Path) -> None:
        """The key, atomically (an interrupted write leaves the old key whole), as a
        spreadsheet-safe CSV: an original that starts like a formula gets an apostrophe,
        which reading takes off again."""
        from coder.export.spreadsheet import write_csv

        rows = [
            [self.originals[(kind, folded)], kind, pseudonym]
            for (kind, folded), pseudonym in sorted(self.pseudonyms.items())
        ]
        write_csv(path, KEY_COLUMNS, rows, force=True)


def _unescaped(cell: str) -> str:
    """A cell as written: the apostrophe before formula-leading text taken off."""
    from coder.export.spreadsheet import is_formula_leading

    return cell[1:] if cell.startswith("'") and is_formula_leading(cell[1:]) else cell


def open_key(path: Path | None, style: str = TAGS) -> Key:
    """The key at ``path`` if it exists (to pseudonymise as before), else a new one."""
    if path is not None and path.exists():
        return Key.read(path, style)
    return Key(style)


# -- replacing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replaced:
    """A text with its findings replaced, and how its positions moved."""

    text: str
    starts: list[int]  # old start of each replaced span
    ends: list[int]
    new_starts: list[int]
    new_ends: list[int]

    def position(self, old: int, *, end: bool = False) -> int:
        """Where position ``old`` of the original text is now; a position inside a
        replaced span moves to the span's start (or, for the end of a range, its end)."""
        k = bisect_right(self.starts, old) - 1
        if k < 0:
            return old
        if old >= self.ends[k]:
            return old - self.ends[k] + self.new_ends[k]
        if old == self.starts[k]:
            return self.new_starts[k]
        return self.new_ends[k] if end else self.new_starts[k]


def replace(text: str, findings: Sequence[Finding], key: Key) -> Replaced:
    parts: list[str] = []
    starts, ends, new_starts, new_ends = [], [], [], []
    cursor = length = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue  # overlaps the one before (findings are resolved; never expected)
        parts.append(text[cursor : finding.start])
        length += finding.start - cursor
        pseudonym = key.pseudonym(finding)
        starts.append(finding.start)
        ends.append(finding.end)
        new_starts.append(length)
        parts.append(pseudonym)
        length += len(pseudonym)
        new_ends.append(length)
        cursor = finding.end
    parts.append(text[cursor:])
    return Replaced("".join(parts), starts, ends, new_starts, new_ends)
