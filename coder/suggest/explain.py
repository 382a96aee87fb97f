"""Why the model suggests a code: the words that weigh for it, and coded turns like this one.

A researcher trusts a suggestion they can check. Its reasons are shown with it: the
words of the turn that push the model's score for the code up most (from its logistic
regression over the words as spoken), the researcher's own codings of that code
that resemble the turn most (by sentence embedding, or by shared words for a model
without an encoder) — "you coded these like this before" — and how much the rest of
the transcript moved the score (coder.suggest.context).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from coder.nlp.embeddings import embed_texts
from coder.store.spans import starting_turn
from coder.suggest.meaning import usable_encoder
from coder.suggest.reasons import Example, Explanation
from coder.suggest.units import Unit

if TYPE_CHECKING:
    from coder.store import Project
    from coder.suggest.model import SuggestionModel

__all__ = ["Example", "ExamplePool", "Explainer", "Explanation", "coded_examples"]

EXAMPLE_CHARACTERS = 1000  # of a coded quote, compared and shown
WORDS_SHOWN = 3
EXAMPLES_SHOWN = 2


@dataclass
class ExamplePool:
    """The researcher's quotes of one code: what a suggestion is compared with."""

    document_ids: list[int]
    starts: list[int]
    texts: list[str]
    names: list[str]
    vectors: np.ndarray | None  # embeddings of the texts, when the model has an encoder
    speakers: list[str] = field(default_factory=list)  # of the turn each quote starts in


def coded_examples(project: Project, model: SuggestionModel) -> dict[int, ExamplePool]:
    """Per code, the reviewed codings of ``project`` (the researchers' own and accepted
    ones) as quotes, embedded with the model's encoder when it has one. Plain data: a
    Dask worker receives it instead of the project."""
    names = {d.id: d.name for d in project.documents()}
    texts: dict[int, str] = {}
    turns: dict[int, tuple[list[int], list[str]]] = {}  # per document: turn starts, speakers
    pools: dict[int, ExamplePool] = {}
    for coding in project.codings():
        if coding.document_id not in texts:
            texts[coding.document_id] = project.text(coding.document_id)
            segments = project.segments(coding.document_id)
            turns[coding.document_id] = (
                [s.start for s in segments],
                [s.speaker or "" for s in segments],
            )
        quote = texts[coding.document_id][coding.start : coding.end].strip()
        if not quote:
            continue
        pool = pools.setdefault(coding.code_id, ExamplePool([], [], [], [], None))
        pool.document_ids.append(coding.document_id)
        pool.starts.append(coding.start)
        pool.texts.append(quote[:EXAMPLE_CHARACTERS])
        pool.names.append(names.get(coding.document_id, ""))
        starts, speakers = turns[coding.document_id]
        at = starting_turn(starts, coding.start)
        pool.speakers.append("" if at is None else speakers[at])
    encoder = usable_encoder(model.encoder_name)
    if encoder is not None and pools:
        everything = [text for pool in pools.values() for text in pool.texts]
        vectors = embed_texts(project, everything, encoder)
        at = 0
        for pool in pools.values():
            pool.vectors = vectors[at : at + len(pool.texts)]
            at += len(pool.texts)
    return pools


class Explainer:
    """Explanations of one model's suggestions, from the coded quotes of a project (read
    once) or from ``pools`` given (see :func:`coded_examples`)."""

    def __init__(
        self,
        project: Project | None,
        model: SuggestionModel,
        pools: dict[int, ExamplePool] | None = None,
    ) -> None:
        if project is None and pools is None:
            raise ValueError("an explainer needs the project or its coded examples")
        self.project = project
        self.model = model
        self._pools = pools
        self._names: np.ndarray | None = None

    def explain(self, unit: Unit, code_id: int, context: float = 0.0) -> Explanation:
        return self.explain_many([(unit, code_id)], [context])[0]

    def explain_many(
        self, pairs: Sequence[tuple[Unit, int]], context: Sequence[float] | None = None
    ) -> list[Explanation]:
        """Explanations of many (unit, code) suggestions at once: each unit's words are
        read once and each code's quotes compared with all its units in one product.
        ``context``: per pair, how much the unit's transcript moved the probability
        (SuggestionModel.predict_parts)."""
        units = list({id(unit): unit for unit, _ in pairs}.values())
        row_of = {id(unit): i for i, unit in enumerate(units)}
        words = self._weighing_words(units, pairs, row_of)
        examples = self._similar_examples(pairs)
        shifts = [0.0] * len(pairs) if context is None else [float(c) for c in context]
        return [
            Explanation(tuple(w), tuple(e), c)
            for w, e, c in zip(words, examples, shifts, strict=True)
        ]

    def words(self, unit: Unit, code_id: int, limit: int = WORDS_SHOWN) -> list[str]:
        """The words (and word pairs) of ``unit`` that raise the code's score most."""
        return self._weighing_words([unit], [(unit, code_id)], {id(unit): 0}, limit)[0]

    def _weighing_words(
        self,
        units: list[Unit],
        pairs: Sequence[tuple[Unit, int]],
        row_of: dict[int, int],
        limit: int = WORDS_SHOWN,
    ) -> list[list[str]]:
        estimator = self.model.estimator
        features = estimator.features_
        if not pairs or "words" not in features.named_transformers_:
            return [[] for _ in pairs]
        vectorizer = features.named_transformers_["words"]
        if self._names is None:
            self._names = vectorizer.get_feature_names_out()
        matrix = vectorizer.transform([u.text for u in units]).tocsr()
        columns = features.output_indices_["words"]
        found: list[list[str]] = []
        for unit, code_id in pairs:
            classifier = (
                estimator.estimators_[self.model.code_ids.index(code_id)]
                if code_id in self.model.code_ids
                else None
            )
            if classifier is None:
                found.append([])
                continue
            row = matrix[row_of[id(unit)]]
            weight = row.data * classifier.coef_[0][columns][row.indices]
            order = np.argsort(-weight, kind="stable")[:limit]
            found.append([str(self._names[row.indices[i]]) for i in order if weight[i] > 0])
        return found

    def examples(self, unit: Unit, code_id: int, limit: int = EXAMPLES_SHOWN) -> list[Example]:
        """The researcher's codings of the code most like ``unit`` (never the unit itself)."""
        return self._similar_examples([(unit, code_id)], limit)[0]

    def _similar_examples(
        self, pairs: Sequence[tuple[Unit, int]], limit: int = EXAMPLES_SHOWN
    ) -> list[list[Example]]:
        found: list[list[Example]] = [[] for _ in pairs]
        by_code: dict[int, list[int]] = {}
        for i, (_, code_id) in enumerate(pairs):
            by_code.setdefault(code_id, []).append(i)
        for code_id, which in by_code.items():
            pool = self._pool().get(code_id)
            if pool is None:
                continue
            units = [pairs[i][0] for i in which]
            if pool.vectors is not None and all(u.embedding is not None for u in units):
                mine = np.array([u.embedding for u in units], dtype=np.float32)
                similarity = mine @ pool.vectors.T
            else:
                similarity = np.array([_shared_words(u.text, pool.texts) for u in units])
            documents, starts = np.array(pool.document_ids), np.array(pool.starts)
            for row, (i, unit) in enumerate(zip(which, units, strict=True)):
                itself = (
                    (documents == unit.document_id) & (starts >= unit.start) & (starts < unit.end)
                )
                scores = np.where(itself, -np.inf, similarity[row])
                order = np.argsort(-scores, kind="stable")[:limit]
                found[i] = [
                    Example(
                        pool.names[k],
                        pool.texts[k],
                        float(scores[k]),
                        pool.speakers[k] if k < len(pool.speakers) else "",
                    )
                    for k in order
                    if np.isfinite(scores[k])
                ]
        return found

    def _pool(self) -> dict[int, ExamplePool]:
        if self._pools is None:
            assert self.project is not None
            self._pools = coded_examples(self.project, self.model)
        return self._pools


def _shared_words(text: str, others: list[str]) -> np.ndarray:
    """Share of the words of ``text`` that each of ``others`` also has (no encoder)."""
    words = set(text.lower().split())
    if not words:
        return np.zeros(len(others))
    return np.array([len(words & set(o.lower().split())) / len(words) for o in others])
