"""Analyse each document once and keep the result in the project.

A document is analysed turn by turn (speaker labels never reach the parser), and the
spaCy Docs are stored as DocBin bytes keyed by the pipeline's identity and a hash of
the text and turn spans, so nothing is parsed twice and a new pipeline or an edited
text invalidates the cache by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from coder.progress import Cancelled, Progress
from coder.store import Project, Segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Spoken Dutch: hesitations and backchannels that carry no content of their own.
FILLERS = frozenset(
    {
        "eh",
        "ehm",
        "euh",
        "uh",
        "uhm",
        "um",
        "hm",
        "hmm",
        "mm",
        "mmm",
        "mhm",
        "ah",
        "oh",
        "nou",
        "ja",
        "jaja",
        "nee",
        "oké",
        "oke",
        "ok",
    }
)
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
# Verbs so common in speech that they say nothing about a theme ("ik ging", "ze zeiden").
LIGHT_VERBS = frozenset(
    {
        "zijn",
        "hebben",
        "worden",
        "gaan",
        "komen",
        "zeggen",
        "weten",
        "denken",
        "doen",
        "maken",
        "zien",
        "krijgen",
        "moeten",
        "willen",
        "kunnen",
        "mogen",
        "zullen",
        "laten",
        "staan",
        "zitten",
        "liggen",
        "vinden",
        "geven",
        "nemen",
        "houden",
        "blijven",
        "lijken",
        "vragen",
        "horen",
        "kijken",
        "praten",
        "snappen",
        "bedoelen",
        "merken",
        "zetten",
        "brengen",
    }
)


@dataclass
class AnalysedDocument:
    """A document's turns with their spaCy Docs (token offsets are relative to the turn)."""

    document_id: int
    text: str
    segments: list[Segment]
    docs: list[Doc]

    def turns(self) -> Iterator[tuple[Segment, Doc]]:
        return zip(self.segments, self.docs, strict=True)


def lemma_of(token: Token) -> str:
    """A token's lemma, lower-cased, compounds written as one word (UD writes gemeente_raad)."""
    lemma = token.lemma_ or token.text
    return lemma.replace("_", "").lower()


def is_content_word(token: Token) -> bool:
    return (
        token.pos_ in CONTENT_POS
        and token.is_alpha
        and not token.is_stop
        and token.lower_ not in FILLERS
        and len(token.text) > 1
    )


def is_theme_word(token: Token) -> bool:
    """A content word that can carry a theme: no light verbs, no adverbs."""
    return is_content_word(token) and token.pos_ != "ADV" and lemma_of(token) not in LIGHT_VERBS


def content_lemmas(doc: Doc, start: int = 0, end: int | None = None) -> list[str]:
    """The lemmas (lemma_of) of the content words (is_content_word) among the tokens
    ``start:end`` of ``doc``, read from the doc's attribute arrays: token by token, a
    cached corpus spent most of its auto-tagging time making Token objects."""
    from spacy.attrs import IS_ALPHA, IS_STOP, LEMMA, LENGTH, LOWER, ORTH, POS

    table = doc.to_array([POS, IS_ALPHA, IS_STOP, LENGTH, LEMMA, ORTH, LOWER])[start:end]
    content_pos, fillers = _content_ids()
    keep = content_pos[table[:, 0]] & (table[:, 1] == 1) & (table[:, 2] == 0) & (table[:, 3] > 1)
    strings = doc.vocab.strings
    return [
        strings[lemma or orth].replace("_", "").lower()
        for lemma, orth, lower in table[keep][:, 4:7].tolist()
        if lower not in fillers
    ]


@cache
def _content_ids() -> tuple[np.ndarray, frozenset[int]]:
    """Which of spaCy's part-of-speech ids are CONTENT_POS (a table by id), and the
    string hashes of FILLERS."""
    from spacy.parts_of_speech import IDS
    from spacy.strings import get_string_id

    content = np.zeros(max(IDS.values()) + 1, dtype=bool)
    content[[IDS[tag] for tag in CONTENT_POS]] = True
    return content, frozenset(get_string_id(word) for word in FILLERS)


def word_count(doc: Doc) -> int:
    """Tokens that are neither punctuation nor white space."""
    from spacy.attrs import IS_PUNCT, IS_SPACE

    return int((doc.to_array([IS_PUNCT, IS_SPACE]).sum(axis=1) == 0).sum())


def key_phrases(doc: Doc) -> list[str]:
    """Noun chunks without determiners and fillers, as lemma strings ("lange wachtlijst")."""
    phrases = []
    for chunk in doc.noun_chunks:
        words = [
            t
            for t in chunk
            if t.pos_ not in {"DET", "PRON"} and t.lower_ not in FILLERS and t.is_alpha
        ]
        if words and any(t.pos_ in {"NOUN", "PROPN"} for t in words):
            phrases.append(" ".join(t.lower_ if t.pos_ == "ADJ" else lemma_of(t) for t in words))
    return phrases


def _fingerprint(text: str, segments: list[Segment]) -> str:
    spans = json.dumps([(s.start, s.end) for s in segments])
    return hashlib.sha256(text.encode("utf-8") + spans.encode("ascii")).hexdigest()


def analyse_document(
    project: Project, document_id: int, nlp: Language | None = None
) -> AnalysedDocument:
    """The analysed turns of a document, from the cache when it is still valid."""
    from coder.nlp.pipeline import load_pipeline

    nlp = nlp or load_pipeline()
    job = _Job(project, document_id, nlp)
    if job.cached is not None:
        return job.cached
    return job.finish(list(nlp.pipe(job.turn_texts())))


def unanalysed(
    project: Project, document_ids: list[int], nlp: Language
) -> Iterator[tuple[int, int]]:
    """(document id, number of turns) of the documents whose analysis by this pipeline is
    not in the cache, lazily (callers that only ask "any?" stop at the first)."""
    for document_id in document_ids:
        key = _CacheKey(project, document_id, nlp)
        if not project.has_analysis(document_id, key.identity, key.fingerprint):
            yield document_id, len(key.segments)


class _CacheKey:
    """What a document's cached analysis is keyed by: the pipeline and the text it was of."""

    def __init__(self, project: Project, document_id: int, nlp: Language) -> None:
        from coder.nlp.pipeline import pipeline_info

        self.identity = pipeline_info(nlp).identity
        self.text = project.text(document_id)
        self.segments = project.segments(document_id)
        self.fingerprint = _fingerprint(self.text, self.segments)


# A DocBin unpacks to about 25 bytes per character of text; a stored analysis that
# claims far more is not ours (a project from someone else may hold a zlib bomb).
_UNPACKED_PER_CHARACTER = 256
_UNPACKED_SLACK = 2**20


def _cached_docs(data: bytes, nlp: Language, turns: list[str]) -> list[Doc] | None:
    """The stored analysis of ``turns``, or None when it is not one that fits them: too
    large once unpacked, damaged, or of other text. The document is then analysed anew
    and the stored analysis replaced, so a damaged or hostile cache heals itself."""
    import zlib

    from spacy.tokens import DocBin

    limit = _UNPACKED_SLACK + _UNPACKED_PER_CHARACTER * sum(len(turn) for turn in turns)
    try:
        unpacker = zlib.decompressobj()
        unpacker.decompress(data, limit)
        if unpacker.unconsumed_tail:
            return None
        docs = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    except Exception:  # whatever a damaged blob makes spaCy, msgpack or zlib raise
        return None
    if len(docs) != len(turns) or any(doc_text(d) != t for d, t in zip(docs, turns, strict=True)):
        return None
    return docs


def doc_text(doc: Doc) -> str:
    """``doc.text``, read from the doc's arrays (Doc.text makes a Token object per token)."""
    from spacy.attrs import ORTH, SPACY

    strings = doc.vocab.strings
    return "".join(
        strings[orth] + " " if space else strings[orth]
        for orth, space in doc.to_array([ORTH, SPACY]).tolist()
    )


class _Job(_CacheKey):
    """One document to analyse: its cached analysis, or the turns still to parse."""

    def __init__(self, project: Project, document_id: int, nlp: Language) -> None:
        super().__init__(project, document_id, nlp)
        self.project, self.document_id = project, document_id
        self.cached: AnalysedDocument | None = None
        data = project.cached_analysis(document_id, self.identity, self.fingerprint)
        if data is not None:
            docs = _cached_docs(data, nlp, self.turn_texts())
            if docs is not None:
                self.cached = AnalysedDocument(document_id, self.text, self.segments, docs)

    def turn_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.segments]

    def finish(self, docs: list[Doc]) -> AnalysedDocument:
        self.project.store_analysis(
            self.document_id, self.identity, self.fingerprint, docbin_bytes(docs)
        )
        return AnalysedDocument(self.document_id, self.text, self.segments, docs)


def docbin_bytes(docs: list[Doc]) -> bytes:
    """The analyses of a document's turns as the project's cache keeps them."""
    from spacy.tokens import DocBin

    store = DocBin(store_user_data=False)
    for doc in docs:
        store.add(doc)
    return store.to_bytes()


def keep_analysis(project: Project, document_id: int, pipeline: str, data: bytes) -> None:
    """Keep an analysis made elsewhere (e.g. on a Dask worker) of the document as it is
    now; ``pipeline`` is the identity of the pipeline that made it."""
    text, segments = project.text(document_id), project.segments(document_id)
    project.store_analysis(document_id, pipeline, _fingerprint(text, segments), data)


def analyse_project(
    project: Project,
    document_ids: list[int] | None = None,
    *,
    nlp: Language | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    processes: int = 1,
) -> Iterator[AnalysedDocument]:
    """Analysed documents one at a time (streaming: a large project is never all in memory).

    With ``processes`` > 1 the turns of documents not analysed yet are parsed by that many
    worker processes while this one stores the results; documents then come back in the
    order they are finished (cached ones first), not necessarily in ``document_ids`` order.
    """
    from coder.nlp.pipeline import load_pipeline

    nlp = nlp or load_pipeline()
    if document_ids is None:
        document_ids = [d.id for d in project.documents()]
    total = len(document_ids)
    if processes > 1:
        yield from _analyse_in_processes(project, document_ids, nlp, processes, progress, cancelled)
        return
    for number, document_id in enumerate(document_ids):
        if cancelled is not None and cancelled():
            return
        if progress is not None:
            progress(number, total, project.document(document_id).name)
        yield analyse_document(project, document_id, nlp)
    if progress is not None:
        progress(total, total, "")


def _analyse_in_processes(
    project: Project,
    document_ids: list[int],
    nlp: Language,
    processes: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> Iterator[AnalysedDocument]:
    from collections import deque

    total = len(document_ids)
    ready: deque[AnalysedDocument] = deque()  # cached documents met while feeding the workers
    waiting: deque[_Job] = deque()  # documents whose turns are with the workers, in order
    done = 0

    def turns() -> Iterator[str]:
        for document_id in document_ids:
            if cancelled is not None and cancelled():
                return
            job = _Job(project, document_id, nlp)
            if job.cached is not None:
                ready.append(job.cached)
            elif job.segments:
                waiting.append(job)
                yield from job.turn_texts()
            else:
                ready.append(job.finish([]))

    def report(analysed: AnalysedDocument) -> AnalysedDocument:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, project.document(analysed.document_id).name)
        return analysed

    from coder.nlp.lifeline import children_follow_parent

    children_follow_parent()  # spaCy's workers end with this process, even after kill -9
    collected: list[Doc] = []
    for doc in nlp.pipe(turns(), n_process=processes, batch_size=64):
        while ready:
            yield report(ready.popleft())
        collected.append(doc)
        while waiting and len(collected) >= len(waiting[0].segments):
            job = waiting.popleft()
            count = len(job.segments)
            yield report(job.finish(collected[:count]))
            collected = collected[count:]
    while ready:
        yield report(ready.popleft())
