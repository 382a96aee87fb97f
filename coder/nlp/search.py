"""Search the transcripts: lemma-aware (Dutch inflection and compounds), plain text or regex.

One function serves ``coder search`` and the TUI's search screen. Hits come back as
keyword-in-context lines with offsets into the document, so a face can jump to them
or code them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from coder.errors import CoderError
from coder.nlp.analysis import analyse_project, lemma_of
from coder.store import Project, Segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODES = ("lemma", "text", "regex")
MIN_COMPOUND_HEAD = 4  # "zorg" finds "jeugdzorg"; shorter words would match too much
MIN_STEM_WORD = 5


@dataclass(frozen=True)
class Hit:
    document_id: int
    document: str
    segment_index: int
    speaker: str | None
    start: int  # offsets into the document text
    end: int
    left: str
    match: str
    right: str
    time_start: float | None = None


@dataclass(frozen=True)
class _QueryWord:
    lower: str
    lemma: str
    stem: str


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    # The Porter variant: the newer Dutch Snowball stemmer strips "ge-", so "gezin"
    # and "zin" would meet. Stems are only a backoff for lemmatizer slips.
    return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word) if len(word) >= MIN_STEM_WORD else word


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _context(text: str, segment: Segment, start: int, end: int, width: int) -> tuple[str, str, str]:
    left = text[max(segment.start, start - width) : start]
    right = text[end : min(segment.end, end + width)]
    return _squeeze(left).lstrip(), text[start:end], _squeeze(right).rstrip()


def _query_words(query: str, nlp: Language) -> list[_QueryWord]:
    words = [
        _QueryWord(token.lower_, lemma_of(token), stem(token.lower_))
        for token in nlp(query)
        if not token.is_punct and not token.is_space
    ]
    if not words:
        raise CoderError(f"nothing to search for in '{query}'")
    return words


def _word_matches(token_lower: str, token_lemma: str, word: _QueryWord, compounds: bool) -> bool:
    if token_lower == word.lower or token_lemma in (word.lemma, word.lower):
        return True
    if len(token_lower) >= MIN_STEM_WORD and stem(token_lower) == word.stem:
        return True
    # Dutch compounds put the head last: "hulpverlener" is in "jeugdhulpverleners".
    return compounds and len(word.lemma) >= MIN_COMPOUND_HEAD and token_lemma.endswith(word.lemma)


def _lemma_hits_in_turn(
    doc: Doc, words: list[_QueryWord], compounds: bool
) -> Iterator[tuple[int, int]]:
    tokens = [(t.lower_, lemma_of(t), t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if all(
            _word_matches(tokens[i + k][0], tokens[i + k][1], words[k], compounds) for k in range(n)
        ):
            yield tokens[i][2], tokens[i + n - 1][3]


def search(
    project: Project,
    query: str,
    *,
    mode: str = "lemma",
    document_ids: list[int] | None = None,
    compounds: bool = True,
    context: int = 40,
    limit: int | None = None,
    nlp: Language | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Hit]:
    """Find ``query`` in the turns of the project's documents (all, or ``document_ids``)."""
    if mode not in MODES:
        raise CoderError(f"search mode must be one of {', '.join(MODES)}, not '{mode}'")
    if not query.strip():
        raise CoderError("give something to search for")
    if document_ids is None:
        document_ids = [d.id for d in project.documents()]
    names = {d.id: d.name for d in project.documents()}
    hits: list[Hit] = []

    def add(document_id: int, text: str, segment: Segment, start: int, end: int) -> bool:
        left, match, right = _context(text, segment, start, end, context)
        hits.append(
            Hit(
                document_id,
                names[document_id],
                segment.index,
                segment.speaker,
                start,
                end,
                left,
                match,
                right,
                segment.time_start,
            )
        )
        return limit is not None and len(hits) >= limit

    if mode == "lemma":
        from coder.nlp.pipeline import load_pipeline

        nlp = nlp or load_pipeline()
        words = _query_words(query, nlp)
        for analysed in analyse_project(
            project, document_ids, nlp=nlp, progress=progress, cancelled=cancelled
        ):
            for segment, doc in analysed.turns():
                for start, end in _lemma_hits_in_turn(doc, words, compounds):
                    if add(
                        analysed.document_id,
                        analysed.text,
                        segment,
                        segment.start + start,
                        segment.start + end,
                    ):
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
            for match in pattern.finditer(text, segment.start, segment.end):
                if match.end() > match.start() and add(
                    document_id, text, segment, match.start(), match.end()
                ):
                    return hits
    return hits
