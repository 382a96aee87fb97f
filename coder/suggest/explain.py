"""Why the model suggests a code: the words that weigh for it, and coded turns like this one.

A researcher trusts a suggestion they can check. Two reasons are shown with it: the
words of the turn that push the model's score for the code up most (from its logistic
regression over the words as spoken), and the researcher's own codings of that code
that resemble the turn most (by sentence embedding, or by shared words for a model
without an encoder) — "you coded these like this before".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from coder.nlp.embeddings import embed_texts
from coder.suggest.meaning import usable_encoder
from coder.suggest.units import Unit

if TYPE_CHECKING:
    from coder.store import Project
    from coder.suggest.model import SuggestionModel

EXAMPLE_CHARACTERS = 1000  # of a coded quote, compared and shown
WORDS_SHOWN = 3
EXAMPLES_SHOWN = 2


@dataclass(frozen=True)
class Example:
    """A coded quote of the same code."""

    document: str
    text: str
    similarity: float


@dataclass(frozen=True)
class Explanation:
    words: tuple[str, ...]  # the turn's words that weigh most for the code
    examples: tuple[Example, ...]  # the most similar quotes the researcher coded with it


@dataclass
class _Pool:
    document_ids: list[int]
    starts: list[int]
    texts: list[str]
    names: list[str]
    vectors: np.ndarray | None  # embeddings of the texts, when the model has an encoder


class Explainer:
    """Explanations of one model's suggestions in one project (the coded quotes read once)."""

    def __init__(self, project: Project, model: SuggestionModel) -> None:
        self.project = project
        self.model = model
        self._pools: dict[int, _Pool] | None = None

    def explain(self, unit: Unit, code_id: int) -> Explanation:
        return Explanation(tuple(self.words(unit, code_id)), tuple(self.examples(unit, code_id)))

    def words(self, unit: Unit, code_id: int, limit: int = WORDS_SHOWN) -> list[str]:
        """The words (and word pairs) of ``unit`` that raise the code's score most."""
        estimator = self.model.estimator
        if code_id not in self.model.code_ids:
            return []
        classifier = estimator.estimators_[self.model.code_ids.index(code_id)]
        features = estimator.features_
        if classifier is None or "words" not in features.named_transformers_:
            return []
        vectorizer = features.named_transformers_["words"]
        row = vectorizer.transform([unit.text]).tocoo()
        coefficients = classifier.coef_[0][features.output_indices_["words"]]
        weight = row.data * coefficients[row.col]
        names = vectorizer.get_feature_names_out()
        order = np.argsort(-weight)
        return [str(names[row.col[i]]) for i in order[:limit] if weight[i] > 0]

    def examples(self, unit: Unit, code_id: int, limit: int = EXAMPLES_SHOWN) -> list[Example]:
        """The researcher's codings of the code most like ``unit`` (never the unit itself)."""
        pool = self._pool().get(code_id)
        if pool is None:
            return []
        if pool.vectors is not None and unit.embedding is not None:
            similarity = pool.vectors @ np.asarray(unit.embedding, dtype=np.float32)
        else:
            similarity = _shared_words(unit.text, pool.texts)
        mine = np.array(
            [
                d == unit.document_id and unit.start <= s < unit.end
                for d, s in zip(pool.document_ids, pool.starts, strict=True)
            ]
        )
        similarity = np.where(mine, -np.inf, similarity)
        order = np.argsort(-similarity, kind="stable")[:limit]
        return [
            Example(pool.names[i], pool.texts[i], float(similarity[i]))
            for i in order
            if np.isfinite(similarity[i])
        ]

    def _pool(self) -> dict[int, _Pool]:
        if self._pools is None:
            self._pools = self._read_pool()
        return self._pools

    def _read_pool(self) -> dict[int, _Pool]:
        names = {d.id: d.name for d in self.project.documents()}
        texts: dict[int, str] = {}
        pools: dict[int, _Pool] = {}
        for coding in self.project.codings():  # reviewed: the researchers' own and accepted ones
            if coding.document_id not in texts:
                texts[coding.document_id] = self.project.text(coding.document_id)
            quote = texts[coding.document_id][coding.start : coding.end].strip()
            if not quote:
                continue
            pool = pools.setdefault(coding.code_id, _Pool([], [], [], [], None))
            pool.document_ids.append(coding.document_id)
            pool.starts.append(coding.start)
            pool.texts.append(quote[:EXAMPLE_CHARACTERS])
            pool.names.append(names.get(coding.document_id, ""))
        encoder = usable_encoder(self.model.encoder_name)
        if encoder is not None and pools:
            everything = [text for pool in pools.values() for text in pool.texts]
            vectors = embed_texts(self.project, everything, encoder)
            at = 0
            for pool in pools.values():
                pool.vectors = vectors[at : at + len(pool.texts)]
                at += len(pool.texts)
        return pools


def _shared_words(text: str, others: list[str]) -> np.ndarray:
    """Share of the words of ``text`` that each of ``others`` also has (no encoder)."""
    words = set(text.lower().split())
    if not words:
        return np.zeros(len(others))
    return np.array([len(words & set(o.lower().split())) / len(words) for o in others])
