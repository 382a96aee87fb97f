"""Analyse each document once and keep the result in the project.

A document is analysed turn by turn (speaker labels never reach the parser), and the
spaCy Docs are stored as DocBin bytes keyed by the pipeline's identity and a hash of
the text and turn spans, so nothing is parsed twice and a new pipeline or an edited
text invalidates the cache by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
        "zijn", "hebben", "worden", "gaan", "komen", "zeggen", "weten", "denken", "doen", "maken", "zien",
        "krijgen", "moeten", "willen", "kunnen", "mogen", "zullen", "laten", "staan", "zitten", "liggen",
        "vinden", "geven", "nemen", "houden", "blijven", "lijken", "vragen", "horen", "kijken", "praten",
        "snappen", "bedoelen", "merken", "zetten", "brengen",
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


def content_lemmas(doc: Doc) -> list[str]:
    return [lemma_of(token) for token in doc if is_content_word(token)]


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
    from spacy.tokens import DocBin

    from coder.nlp.pipeline import load_pipeline, pipeline_info

    nlp = nlp or load_pipeline()
    identity = pipeline_info(nlp).identity
    text = project.text(document_id)
    segments = project.segments(document_id)
    fingerprint = _fingerprint(text, segments)
    cached = project.cached_analysis(document_id, identity, fingerprint)
    if cached is not None:
        docs = list(DocBin().from_bytes(cached).get_docs(nlp.vocab))
        if len(docs) == len(segments):
            return AnalysedDocument(document_id, text, segments, docs)
    docs = list(nlp.pipe(text[s.start : s.end] for s in segments))
    store = DocBin(store_user_data=False)
    for doc in docs:
        store.add(doc)
    project.store_analysis(document_id, identity, fingerprint, store.to_bytes())
    return AnalysedDocument(document_id, text, segments, docs)


def analyse_project(
    project: Project,
    document_ids: list[int] | None = None,
    *,
    nlp: Language | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[AnalysedDocument]:
    """Analysed documents one at a time (streaming: a large project is never all in memory)."""
    from coder.nlp.pipeline import load_pipeline

    nlp = nlp or load_pipeline()
    if document_ids is None:
        document_ids = [d.id for d in project.documents()]
    for number, document_id in enumerate(document_ids):
        if cancelled is not None and cancelled():
            return
        if progress is not None:
            progress(number, len(document_ids), project.document(document_id).name)
        yield analyse_document(project, document_id, nlp)
    if progress is not None:
        progress(len(document_ids), len(document_ids), "")
