"""Search the transcripts: lemma-aware (Dutch inflection and compounds), plain text or regex.

One function serves ``coder search`` and the TUI's search screen. Hits come back as
keyword-in-context lines with offsets into the document, so a face can jump to them
or code them.
"""

from __future__ import annotations

import gc
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coder.errors import CoderError
from coder.progress import Cancelled, Progress
from coder.store import Project, Segment
from coder.store.search import TurnMatch

if TYPE_CHECKING:
    from spacy.language import Language

MODES = ("lemma", "text", "regex")


@dataclass(slots=True)
class Hit:
    """A place found, with its keyword in context. The context is cut from the document
    text when it is read: a common word has thousands of hits, a face shows a few (and
    a record that is not frozen is made several times faster)."""

    document_id: int
    document: str
    segment_index: int
    speaker: str | None
    start: int  # offsets into the document text
    end: int
    time_start: float | None = None
    text: str = field(default="", repr=False, compare=False)  # the document's, shared
    turn: tuple[int, int] = field(default=(0, 0), repr=False)  # the turn's start and end
    width: int = field(default=40, repr=False)  # characters of context on each side

    @property
    def match(self) -> str:
        return self.text[self.start : self.end]

    @property
    def left(self) -> str:
        return _squeeze(self.text[max(self.turn[0], self.start - self.width) : self.start]).lstrip()

    @property
    def right(self) -> str:
        return _squeeze(self.text[self.end : min(self.turn[1], self.end + self.width)]).rstrip()


_SPACES = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A common word makes tens of thousands of small records and no reference cycles,
    while the cyclic garbage collector, set off by so many new objects, walks the whole
    heap (a loaded Dutch pipeline) again and again: up to a third of a search's time.
    It is paused meanwhile, and set going again as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def search(
    project: Project,
    query: str,
    *,
    mode: str = "lemma",
    document_ids: list[int] | None = None,
    compounds: bool = True,
    context: int = 40,
    limit: int | None = None,
    speakers: list[str] | None = None,
    code_ids: list[int] | None = None,
    nlp: Language | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Hit]:
    """Find ``query`` in the turns of the project's documents (all, or ``document_ids``),
    of these ``speakers`` and in turns coded with these codes, if given. The lemma search
    understands the query language of coder.nlp.index and uses the project's index,
    bringing it up to date first (analysing documents that never were)."""
    if mode not in MODES:
        raise CoderError(f"search mode must be one of {', '.join(MODES)}, not '{mode}'")
    if not query.strip():
        raise CoderError("give something to search for")
    names = {d.id: d.name for d in project.documents()}
    if document_ids is None:
        document_ids = list(names)
    hits: list[Hit] = []

    def add(
        document_id: int, text: str, segment: Segment | TurnMatch, start: int, end: int
    ) -> bool:
        hits.append(
            Hit(
                document_id,
                names[document_id],
                segment.index,
                segment.speaker,
                start,
                end,
                segment.time_start,
                text,
                (segment.start, segment.end),
                context,
            )
        )
        return limit is not None and len(hits) >= limit

    coded = _coded_turns(project, document_ids, code_ids)
    if mode == "lemma":
        from coder.nlp import index
        from coder.nlp.pipeline import load_pipeline
        from coder.nlp.places import places

        nlp = nlp or load_pipeline()
        parsed = index.parse(query, nlp, compounds=compounds)
        index.update_index(project, document_ids, nlp, progress=progress, cancelled=cancelled)
        order = {document_id: k for k, document_id in enumerate(document_ids)}

        def matched() -> list[TurnMatch]:
            """The turns the index finds, of the wanted codes, in the order asked for."""
            turns = project.match_turns(parsed.expression, document_ids, speakers)
            if coded is not None:
                turns = [turn for turn in turns if (turn.document_id, turn.index) in coded]
            turns.sort(key=lambda turn: (order[turn.document_id], turn.index))
            return turns

        try:
            with _collector_paused():
                matches = matched()
                found = places(matches, parsed, compounds)
        except sqlite3.OperationalError as error:
            raise CoderError(f"'{query}' cannot be searched ({error})") from None
        except ValueError:  # rows not written by this index (a damaged or hostile project)
            project.forget_index()
            index.update_index(project, document_ids, nlp, progress=progress)
            with _collector_paused():
                matches = matched()
                found = places(matches, parsed, compounds)
        texts = project.texts(
            {turn.document_id for turn, spans in zip(matches, found, strict=True) if spans}
        )
        with _collector_paused():
            for turn, spans in zip(matches, found, strict=True):
                for start, end in spans:
                    if add(turn.document_id, texts[turn.document_id], turn, start, end):
                        return hits
        return hits

    try:
        pattern = re.compile(query if mode == "regex" else re.escape(query), re.IGNORECASE)
    except re.error as error:
        raise CoderError(f"'{query}' is not a valid regular expression ({error})") from None
    for number, document_id in enumerate(document_ids):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(number, len(document_ids), names[document_id])
        text = project.text(document_id)
        for segment in project.segments(document_id):
            if speakers and segment.speaker not in speakers:
                continue
            if coded is not None and (document_id, segment.index) not in coded:
                continue
            for match in pattern.finditer(text, segment.start, segment.end):
                if match.end() > match.start() and add(
                    document_id, text, segment, match.start(), match.end()
                ):
                    return hits
    return hits


def _coded_turns(
    project: Project, document_ids: list[int], code_ids: list[int] | None
) -> set[tuple[int, int]] | None:
    """(document, turn) of the turns coded with one of ``code_ids`` (None: no filter)."""
    if code_ids is None:
        return None
    from coder.store.spans import applies

    turns: set[tuple[int, int]] = set()
    wanted = set(document_ids)
    segments: dict[int, list[Segment]] = {}
    for coding in project.codings(code_ids=code_ids):
        if coding.document_id not in wanted:
            continue
        if coding.document_id not in segments:
            segments[coding.document_id] = project.segments(coding.document_id)
        for segment in segments[coding.document_id]:
            if applies(segment.start, segment.end, coding.start, coding.end):
                turns.add((coding.document_id, segment.index))
    return turns
