"""What gets clustered: coded quotes (everything under a code or group) or whole turns.

Each item keeps where it came from (document, turn, span), its text, the content
lemmas and key phrases the NLP found in it, and the codes it already carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.cluster.labels import annotation_spans, in_annotation
from coder.nlp.analysis import FILLERS, AnalysedDocument, analyse_project, is_theme_word, lemma_of
from coder.progress import Cancelled, Progress
from coder.store import Coding, Project
from coder.store.spans import overlaps, turns_touched


@dataclass
class Item:
    document_id: int
    segment_index: int
    start: int
    end: int
    speaker: str | None
    text: str
    lemmas: list[str]
    phrases: list[str]
    codes: set[int] = field(default_factory=set)


def _span_features(
    analysed: AnalysedDocument, start: int, end: int
) -> tuple[int, list[str], list[str]]:
    """Position (in the document's turns) of the first turn the span [start, end)
    touches (-1 for none), and the content lemmas and key phrases in it."""
    lemmas: list[str] = []
    phrases: list[str] = []
    segments = analysed.segments
    touched = turns_touched([s.start for s in segments], [s.end for s in segments], start, end)
    for position in touched:
        segment, doc = segments[position], analysed.docs[position]
        lo, hi = start - segment.start, end - segment.start
        notes = annotation_spans(doc.text)  # "(lacht)", "[stilte]": the transcriber's, not said
        said = {t.i for t in doc if is_theme_word(t) and not in_annotation(t.idx, notes)}
        lemmas += [lemma_of(t) for t in doc if lo <= t.idx < hi and t.i in said]
        for chunk in doc.noun_chunks:
            if chunk.start_char >= lo and chunk.end_char <= hi:
                words = [t for t in chunk if t.i in said and t.lower_ not in FILLERS]
                if len(words) >= 2:
                    phrases.append(" ".join(lemma_of(t) for t in words))
    return (touched[0] if touched else -1), lemmas, phrases


def select_items(
    project: Project,
    *,
    code_ids: list[int] | None = None,
    document_ids: list[int] | None = None,
    uncoded: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Item]:
    """The items to cluster.

    With ``code_ids``: every coded quote with one of those codes (pass a group and its
    descendants to take all of *Knelpunten*). Otherwise the turns of ``document_ids``
    (or of all documents), with ``uncoded`` only the turns no coding touches.
    """
    codings = project.codings(code_ids=code_ids) if code_ids is not None else project.codings()
    by_document: dict[int, list[Coding]] = {}
    for coding in project.codings():
        by_document.setdefault(coding.document_id, []).append(coding)
    if code_ids is not None:
        targets = sorted({c.document_id for c in codings})
        if document_ids is not None:
            targets = [d for d in targets if d in document_ids]
    else:
        targets = document_ids if document_ids is not None else [d.id for d in project.documents()]

    items: list[Item] = []
    for analysed in analyse_project(project, targets, progress=progress, cancelled=cancelled):
        present = by_document.get(analysed.document_id, [])
        if code_ids is not None:
            wanted = set(code_ids)
            spans = sorted({(c.start, c.end) for c in present if c.code_id in wanted})
        else:
            spans = [(s.start, s.end) for s in analysed.segments]
        for start, end in spans:
            carried = {c.code_id for c in present if overlaps(c.start, c.end, start, end)}
            if code_ids is None and uncoded and carried:
                continue
            turn, lemmas, phrases = _span_features(analysed, start, end)
            if not lemmas:
                continue  # "ja", "eh" and the like: nothing to cluster on
            segment = analysed.segments[turn] if turn >= 0 else None
            items.append(
                Item(
                    analysed.document_id,
                    segment.index if segment else 0,
                    start,
                    end,
                    segment.speaker if segment else None,
                    analysed.text[start:end],
                    lemmas,
                    phrases,
                    carried,
                )
            )
    return items
