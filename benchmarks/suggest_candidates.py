"""Candidate estimators measured beside the product's model (benchmarks/suggest_quality.py).

All follow the contract of ``coder.suggest.estimator.CodeSuggester``: ``X`` is the
units frame (``coder.suggest.model.units_frame``) with extra columns added here,
``Y`` a (units × codes) matrix of 1 / 0 / -1 (unknown), ``predict_proba`` one column per
code. Embedding columns hold one vector per unit: ``embedding_NAME`` (the unit's text),
``previous_NAME`` (the previous whole turn's, zeros for a first turn) and
``definitions_NAME`` (cosine similarity of the unit to each code's description).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, Normalizer, StandardScaler

from coder.suggest.estimator import CodeSuggester


def stack(column) -> np.ndarray:  # type: ignore[no-untyped-def]
    """A column of equal-length vectors as a dense matrix."""
    return np.vstack(np.asarray(column).ravel().tolist())


def add_embeddings(frame, name: str, texts: list[str], previous: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """Columns ``embedding_NAME`` and ``previous_NAME`` (the previous whole turn's embedding)."""
    from sentence_encoders import embed

    vectors = embed(name, texts)
    zero = np.zeros(vectors.shape[1], dtype=vectors.dtype)
    frame[f"embedding_{name}"] = list(vectors)
    frame[f"previous_{name}"] = [vectors[p] if p >= 0 else zero for p in previous]


def add_definition_similarity(frame, name: str, project, code_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Column ``definitions_NAME``: cosine of each unit to each code's description
    (name, definition, inclusion note, example: what the product's cold start reads)."""
    from sentence_encoders import embed

    from coder.suggest.definitions import code_description

    descriptions = embed(name, [code_description(project.code(c)) for c in code_ids])
    frame[f"definitions_{name}"] = list(stack(frame[f"embedding_{name}"]) @ descriptions.T)


class ZeroShot(ClassifierMixin, BaseEstimator):
    """No labels: the score of a code is the unit's similarity to the code's description.

    ``standardise``: score a code by how unusually similar a unit is to it, i.e. the
    similarity as a z-score over the training units (their text only, never their
    codes; uncoded transcripts would do), passed through the logistic function. Some
    descriptions resemble every turn; this keeps them from filling every top 3.
    """

    def __init__(self, column: str = "definitions_tfidf", standardise: bool = False) -> None:
        self.column = column
        self.standardise = standardise

    def fit(self, X, Y):  # type: ignore[no-untyped-def]
        self.classes_ = np.arange(np.asarray(Y).shape[1])
        similarities = stack(X[self.column])
        self.mean_ = similarities.mean(axis=0)
        self.scale_ = similarities.std(axis=0) + 1e-9
        return self

    def predict_proba(self, X):  # type: ignore[no-untyped-def]
        similarities = stack(X[self.column])
        if not self.standardise:
            return similarities
        return 1.0 / (1.0 + np.exp(-(similarities - self.mean_) / self.scale_))


class EmbeddingSuggester(CodeSuggester):
    """CodeSuggester (one logistic regression per code on its known labels) with other features.

    ``lexical``: "model" keeps the model's own word/lemma/role/previous-turn features,
    "bag of words" replaces them by TF-IDF of word 1-2-grams and character 3-5-grams
    (within words) of the text as written, "none" drops them (embeddings alone);
    ``embedding``: the encoder whose columns are used;
    ``embedding_weight`` / ``previous_embedding_weight`` weigh the unit's and the previous
    turn's embedding (both L2-normalised, like each TF-IDF block); ``definition_weight``
    adds the standardised similarities to the code descriptions (0: off); ``centre``
    centres the embeddings on the training units and renormalises them.
    """

    def __init__(
        self,
        embedding: str = "use",
        lexical: str = "model",
        embedding_weight: float = 1.0,
        previous_embedding_weight: float = 0.5,
        definition_weight: float = 0.0,
        centre: bool = False,
        **params: Any,
    ) -> None:
        super().__init__(**params)
        self.embedding = embedding
        self.lexical = lexical
        self.embedding_weight = embedding_weight
        self.previous_embedding_weight = previous_embedding_weight
        self.definition_weight = definition_weight
        self.centre = centre

    @classmethod
    def _get_param_names(cls) -> list[str]:
        # The parent's parameters travel through **params; clone needs to know them all.
        return sorted(set(super()._get_param_names()) | set(CodeSuggester._get_param_names()))

    def _features(self, X) -> ColumnTransformer:  # type: ignore[no-untyped-def]
        parts: list[tuple[str, Any, Any]] = []
        weights: dict[str, float] = {}
        if self.lexical != "none":
            lexical = super()._features(X)
            # The bag of words is the model's own word and character blocks, alone.
            keep = {"words", "chars"} if self.lexical == "bag of words" else None
            parts = [p for p in lexical.transformers if keep is None or p[0] in keep]
            weights = {
                name: weight
                for name, weight in (lexical.transformer_weights or {}).items()
                if keep is None or name in keep
            }
        # Sentence embeddings share a large common direction (all cosines of E5 lie near
        # 0.8); centring on the training units and renormalising leaves what differs.
        dense = (
            make_pipeline(FunctionTransformer(stack), StandardScaler(with_std=False), Normalizer())
            if self.centre
            else FunctionTransformer(stack)
        )
        extra = {
            "embedding": (f"embedding_{self.embedding}", dense, self.embedding_weight),
            "previous_embedding": (
                f"previous_{self.embedding}",
                dense,
                self.previous_embedding_weight,
            ),
            "definitions": (
                f"definitions_{self.embedding}",
                make_pipeline(FunctionTransformer(stack), StandardScaler()),
                self.definition_weight,
            ),
        }
        for name, (column, transformer, weight) in extra.items():
            if weight > 0:
                parts.append((name, transformer, column))
                weights[name] = weight
        return ColumnTransformer(parts, transformer_weights=weights, sparse_threshold=1.0)


def bag_of_words(C: float = 10.0, **params: Any) -> EmbeddingSuggester:
    """The tuned bag of words: TF-IDF of word 1-2-grams and character 3-5-grams of the turn
    as written, one logistic regression per code on its known labels; nothing
    Codeertafel-specific (no lemmas, role or previous turn). C = 10 was the best of
    1, 4, 10 and 30 on the grouped CV of the dev corpus (so the baseline is, if anything,
    flattered). ``params`` add to it, e.g. ``embedding="e5", embedding_weight=1.0``."""
    # nothing of Codeertafel's own: no role prior, no cold start from the code
    # descriptions, no reading in the transcript's context nor a long turn's parts, no
    # embeddings unless asked for
    settings: dict[str, Any] = {
        "embedding_weight": 0.0,
        "previous_embedding_weight": 0.0,
        "role_prior": False,
        "cold_start": 0.0,
        "document_weight": 0.0,
        "neighbour_weight": 0.0,
        "parts_weight": 0.0,
    }
    return EmbeddingSuggester(
        lexical="bag of words", C=C, char_ngrams=(3, 5), **(settings | params)
    )


class Blend(ClassifierMixin, BaseEstimator):
    """A weighted mean of two estimators' scores: ``(1 - weight) · first + weight · second``.

    Meant for a trained model with a zero-shot one, which knows every code from its
    description before the model has seen enough examples of it.
    """

    def __init__(self, first: Any = None, second: Any = None, weight: float = 0.5) -> None:
        self.first = first
        self.second = second
        self.weight = weight

    def fit(self, X, Y):  # type: ignore[no-untyped-def]
        from sklearn.base import clone

        self.first_ = clone(self.first).fit(X, Y)
        self.second_ = clone(self.second).fit(X, Y)
        self.classes_ = self.first_.classes_
        return self

    def predict_proba(self, X):  # type: ignore[no-untyped-def]
        return (1 - self.weight) * self.first_.predict_proba(
            X
        ) + self.weight * self.second_.predict_proba(X)
