"""The lemma search's index and query language.

Queries: words (``hulpverlener`` also finds ``hulpverleners``, ``jeugdhulpverlener``),
several words in a row as a phrase (``verhaal vertellen``, or quoted: ``"eigen
regie"``), a prefix with ``*`` (``wacht*``: wachten, wachtlijst, wachttijd), and
``AND``, ``OR``, ``NOT`` between them (``wachtlijst OR wachttijd``, ``school NOT
thuiszitter``). The index (coder.store.search) finds the turns; the words of each turn
kept in it give the exact places to show (coder.nlp.places).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from coder.errors import CoderError
from coder.nlp.analysis import AnalysedDocument, _fingerprint, lemma_of
from coder.progress import Cancelled, Progress

if TYPE_CHECKING:
    from spacy.language import Language

    from coder.store import Project
    from coder.store.search import IndexedTurn

MIN_COMPOUND_HEAD = 4  # "zorg" finds "jeugdzorg"; shorter words would match too much
MIN_STEM_WORD = 5
OPERATORS = ("AND", "OR", "NOT")


def index_token(word: str) -> str:
    """A word as one token of the index: lower case, letters and digits, anything else
    written as "_" (so "m'n" and "e-mail" stay one token)."""
    return re.sub(r"[^\w]", "_", word.lower()) or "_"


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    # The Porter variant: the newer Dutch Snowball stemmer strips "ge-", so "gezin"
    # and "zin" would meet. Stems are only a backoff for lemmatizer slips.
    return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer().stemWord(word) if len(word) >= MIN_STEM_WORD else word


@lru_cache(maxsize=65536)
def compound_heads(lemma: str) -> tuple[str, ...]:
    """The words a compound ends in ("jeugdhulpverlener": hulpverlener, verlener), so
    the head of a compound finds it; only heads that are words themselves."""
    from coder.nlp.lexicon import common_words

    lexicon = common_words()
    return tuple(
        lemma[i:] for i in range(1, len(lemma) - MIN_COMPOUND_HEAD + 1) if lemma[i:] in lexicon
    )


# -- building the index --------------------------------------------------------------------


def indexed_turns(analysed: AnalysedDocument) -> list[IndexedTurn]:
    from coder.store.search import IndexedTurn

    turns = []
    for segment, doc in analysed.turns():
        forms: list[str] = []
        lemmas: list[str] = []
        stems: list[str] = []
        heads: list[str] = []
        offsets: list[str] = []
        for token in doc:
            if token.is_punct or token.is_space:
                continue
            lemma = index_token(lemma_of(token))
            forms.append(index_token(token.text))
            lemmas.append(lemma)
            stems.append(stem(token.lower_))
            heads.extend(compound_heads(lemma))
            start = segment.start + token.idx
            offsets.append(f"{start},{start + len(token.text)}")
        turns.append(
            IndexedTurn(
                segment.id,
                " ".join(forms),
                " ".join(lemmas),
                " ".join(index_token(s) for s in stems),
                " ".join(heads),
                " ".join(offsets),
            )
        )
    return turns


def update_index(
    project: Project,
    document_ids: list[int],
    nlp: Language,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Index the documents whose rows are missing (never indexed, or dropped by the store
    when their text changed) or were made by another pipeline, analysing them first
    (from the project's cache where it can)."""
    from coder.nlp.analysis import analyse_project
    from coder.nlp.pipeline import pipeline_info

    pipeline = pipeline_info(nlp).identity
    state = project.indexed_state()
    # A document's rows are dropped when its text changes (coder.store), so only the
    # pipeline needs comparing here: no text is read for a search.
    stale = [d for d in document_ids if state.get(d, ("", ""))[1] != pipeline]
    if not stale:
        return
    for analysed in analyse_project(
        project, stale, nlp=nlp, progress=progress, cancelled=cancelled
    ):
        fingerprint = _fingerprint(analysed.text, analysed.segments)
        project.store_index(analysed.document_id, fingerprint, pipeline, indexed_turns(analysed))


# -- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    form: str  # index token of the word as written
    lemma: str
    stem: str
    prefix: bool = False  # "wacht*"


@dataclass(frozen=True)
class Unit:
    """A word or a phrase of the query."""

    words: tuple[Word, ...]
    negated: bool = False


@dataclass(frozen=True)
class Query:
    expression: str  # for FTS5
    units: tuple[Unit, ...]  # the positive ones give the places to show


_TOKENS = re.compile(r'"([^"]*)"|(\S+)')


def parse(query: str, nlp: Language, *, compounds: bool = True) -> Query:
    """``query`` as an FTS5 expression and the units to highlight; a query that cannot
    be read is one line."""
    parts: list[tuple[str, str]] = []  # ("op", "AND") or ("text", words)
    run: list[str] = []
    for match in _TOKENS.finditer(query):
        quoted, bare = match.group(1), match.group(2)
        if bare in OPERATORS:
            if run:
                parts.append(("text", " ".join(run)))
                run = []
            parts.append(("op", bare))
        elif quoted is not None:
            if run:
                parts.append(("text", " ".join(run)))
                run = []
            parts.append(("text", quoted))
        else:
            run.append(bare)
    if run:
        parts.append(("text", " ".join(run)))
    pieces: list[str] = []
    units: list[Unit] = []
    expect_text = True
    negate = False
    for kind, value in parts:
        if kind == "op":
            if expect_text:
                raise CoderError(
                    f"'{query}': {value} needs words on both sides (e.g. wachtlijst {value} school)"
                )
            pieces.append(value)
            negate = value == "NOT"
            expect_text = True
            continue
        if not expect_text:
            pieces.append("AND")  # two phrases side by side: both
        words = _words(value, nlp)
        if not words:
            raise CoderError(f"'{query}': nothing to search for in '{value}'")
        unit = Unit(tuple(words), negate)
        units.append(unit)
        pieces.append(_expression(unit, compounds))
        expect_text, negate = False, False
    if not units or expect_text:
        raise CoderError(f"'{query}': give words to search for, with AND, OR or NOT between them")
    return Query(" ".join(pieces), tuple(units))


def _words(text: str, nlp: Language) -> list[Word]:
    prefixes = {m.group(1).lower() for m in re.finditer(r"(\w+)\*", text)}
    words = []
    for token in nlp(text.replace("*", " ")):
        if token.is_punct or token.is_space:
            continue
        if token.lower_ in prefixes:
            words.append(Word(index_token(token.text), index_token(token.lower_), "", prefix=True))
            continue
        words.append(
            Word(index_token(token.text), index_token(lemma_of(token)), stem(token.lower_))
        )
    return words


def _expression(unit: Unit, compounds: bool) -> str:
    if len(unit.words) == 1:
        word = unit.words[0]
        if word.prefix:
            return f'(forms : "{word.form}"* OR lemmas : "{word.lemma}"*)'
        alternatives = [
            f'forms : "{word.form}"',
            f'lemmas : "{word.lemma}"',
            f'lemmas : "{word.form}"',
        ]
        if len(word.form) >= MIN_STEM_WORD:
            alternatives.append(f'stems : "{index_token(word.stem)}"')
        if compounds and len(word.lemma) >= MIN_COMPOUND_HEAD:
            alternatives.append(f'heads : "{word.lemma}"')
        return "(" + " OR ".join(dict.fromkeys(alternatives)) + ")"  # each once
    # A phrase: the turns that have every word; the exact run is checked per turn.
    return "(" + " AND ".join(_expression(Unit((w,)), compounds) for w in unit.words) + ")"


def units_text(units: Iterable[Unit]) -> str:
    return " ".join(w.form for unit in units for w in unit.words)
