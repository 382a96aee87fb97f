"""The pseudonymised copy of a project, and the one arrangement of it both faces use.

:func:`pseudonymise_project` writes a copy with texts, speaker labels, document names
and memos replaced (codings, turns and rejections moved with the text);
:func:`write_pseudonymised_copy` does that with a key file (an existing key reused, so
the pseudonyms stay the same; the key written back only once the copy is whole), for
``coder pseudonymise -o`` and the workbench's pseudonymise screen;
:func:`pseudonymised_copy` gives a temporary copy for an export that carries text
(``coder export --pseudonymise``, :func:`coder.export.formats.export`).
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coder.deid.detect import Finding, fold
from coder.deid.pseudonymise import TAGS, Key, Review, open_key, replace, review
from coder.errors import CoderError
from coder.files import replaced_atomically
from coder.progress import Cancelled, Progress
from coder.store import Project
from coder.store.deid import RewrittenDocument
from coder.store.spans import starting_turn

if TYPE_CHECKING:
    from spacy.language import Language


def _sweep(text: str, found: Review, taken: Sequence[Finding]) -> list[Finding]:
    """Every known name in a document's text that no finding covers yet: the caller
    keeps those outside the turns (a speaker label in the text, a heading), so nothing
    found once stays there."""
    pattern = found.known_pattern
    if pattern is None:
        return []
    spans = sorted((f.start, f.end) for f in taken)
    extra = []
    for match in pattern.finditer(text):
        k = bisect_right(spans, (match.start(), len(text) + 1)) - 1
        if k >= 0 and spans[k][1] > match.start():
            continue  # inside a finding
        if k + 1 < len(spans) and spans[k + 1][0] < match.end():
            continue
        kind = found.known.get(fold(match.group()))
        if kind is not None:
            extra.append(Finding(match.start(), match.end(), match.group(), kind))
    return extra


def _outside(text: str, segments: Sequence) -> Callable[[int], bool]:
    """Whether a position lies outside every turn (in a speaker label, a heading)."""
    starts = [s.start for s in segments]
    ends = [s.end for s in segments]

    def outside(position: int) -> bool:
        at = starting_turn(starts, position)
        return at is None or position >= ends[at]

    return outside


def shifted(findings: Sequence[Finding], offset: int) -> list[Finding]:
    return [Finding(f.start + offset, f.end + offset, f.text, f.kind) for f in findings]


@dataclass
class CopySummary:
    documents: int = 0
    replaced: int = 0
    per_kind: Counter[str] = field(default_factory=Counter)
    names: int = 0  # distinct names in the key


def pseudonymise_project(
    project: Project,
    output: Path,
    key: Key,
    *,
    found: Review | None = None,
    nlp: Language | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CopySummary:
    """Write a pseudonymised copy of ``project`` at ``output``: texts, speaker labels,
    document names and memos replaced, codings and turns moved with the text. The copy
    appears only when complete; the project itself is not changed."""
    output = Path(output)
    if output.exists():
        raise CoderError(f"{output}: already exists (choose another name or remove it)")
    if not output.parent.is_dir():
        raise CoderError(f"{output}: folder {output.parent} does not exist")
    if output.resolve() == Path(project.path).resolve():
        raise CoderError(f"{output}: is the project itself; the original is never changed")
    found = found or review(project, nlp=nlp)
    summary = CopySummary()
    with replaced_atomically(output) as temporary:
        project.backup_to(temporary)
        with Project.open(temporary) as copy:
            documents = copy.documents()
            for number, document in enumerate(documents):
                if cancelled is not None and cancelled():
                    raise InterruptedError("cancelled")
                if progress is not None:
                    progress(number, len(documents), document.name)
                copy.rewrite_document(
                    _rewritten(copy, document.id, document.name, found, key, summary)
                )
            copy.rewrite_notes(
                {i: replace(copy.memo(i).text, f, key).text for i, f in found.memos.items() if f},
                {
                    i: replace(copy.coding(i).memo, f, key).text
                    for i, f in found.coding_memos.items()
                    if f
                },
            )
            copy.forget_derived()
    if progress is not None:
        progress(len(found.findings), len(found.findings), "")
    summary.names = len(key.pseudonyms)
    return summary


def write_pseudonymised_copy(
    project: Project,
    output: Path,
    key_path: Path,
    *,
    style: str = TAGS,
    found: Review | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CopySummary:
    """The pseudonymised copy at ``output`` and its key at ``key_path``: an existing key
    is reused (the same pseudonyms as before, whatever ``style``), and written back only
    when the copy is complete."""
    key = open_key(key_path, style)
    summary = pseudonymise_project(
        project, output, key, found=found, progress=progress, cancelled=cancelled
    )
    key.write(key_path)
    return summary


@contextlib.contextmanager
def pseudonymised_copy(
    project: Project,
    key_path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[Project]:
    """A pseudonymised copy of ``project`` in a temporary folder, open, for an export
    that carries text; it is deleted afterwards. The key at ``key_path`` is reused when
    it exists, and written (with any new names) only when the block ends without an
    error, so a failed export leaves the key as it was."""
    key = open_key(key_path)
    with tempfile.TemporaryDirectory(prefix="codeertafel-") as folder:
        path = Path(folder) / "pseudoniem.ctdb"
        pseudonymise_project(project, path, key, progress=progress, cancelled=cancelled)
        with Project.open(path) as copy:
            yield copy
    key.write(key_path)


def _rewritten(
    project: Project,
    document_id: int,
    name: str,
    found: Review,
    key: Key,
    summary: CopySummary,
) -> RewrittenDocument:
    text = project.text(document_id)
    segments = project.segments(document_id)
    turn_findings = found.findings.get(document_id, [[] for _ in segments])
    speaker_findings = found.speakers.get(document_id, [[] for _ in segments])
    in_text: list[Finding] = []
    speakers: list[str | None] = []
    for segment, findings, in_label in zip(segments, turn_findings, speaker_findings, strict=True):
        in_text.extend(shifted(findings, segment.start))
        speakers.append(
            replace(segment.speaker, in_label, key).text if segment.speaker else segment.speaker
        )
    outside = _outside(text, segments)
    in_text += [f for f in _sweep(text, found, in_text) if outside(f.start)]
    replaced = replace(text, in_text, key)
    summary.documents += 1
    summary.replaced += len(in_text)
    summary.per_kind.update(f.kind for f in in_text)
    new_name = replace(name, found.names.get(document_id, []), key).text
    return RewrittenDocument(
        document_id,
        new_name,
        f"{new_name}.txt",
        hashlib.sha256(replaced.text.encode("utf-8")).hexdigest(),
        replaced.text,
        [
            (
                s.id,
                speaker,
                replaced.position(s.start),
                replaced.position(s.end, end=True),
            )
            for s, speaker in zip(segments, speakers, strict=True)
        ],
        [
            (c.id, replaced.position(c.start), replaced.position(c.end, end=True))
            for c in project.codings(document_id=document_id, status=None)
        ],
        [
            (r.id, replaced.position(r.start), replaced.position(r.end, end=True))
            for r in project.rejections(document_id=document_id)
        ],
    )
