"""The multi-label code classifier, a scikit-learn estimator.

Input ``X`` is a DataFrame with the columns of :data:`FEATURE_COLUMNS` (see
``units_frame``); ``Y`` is a (units × codes) matrix of 1 (applies), 0 (does not) and
-1 (unknown: not yet coded). Each code gets its own logistic regression, fitted only
on the units whose label for that code is known — partly coded transcripts are the
normal case, and an uncoded turn is not evidence that a code does not apply.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_is_fitted

FEATURE_COLUMNS = ["text", "lemmas", "context", "role", "previous"]


class GatedPrevious(TransformerMixin, BaseEstimator):
    """The previous turn's lemmas, weighted by how little the turn says by itself.

    Replies such as "ja, dat herken ik, bij ons precies zo" are coded with what the
    previous speaker talked about, while a turn with its own content words is about
    those. Each row of the previous turn's TF-IDF is scaled by gate / (gate + n), n the
    number of content lemmas of the turn itself: 1 for an empty reply, 0.2 for a turn
    with eight content words. Input: a frame with the columns "previous" and "lemmas".
    """

    def __init__(self, gate: float = 2.0) -> None:
        self.gate = gate

    @staticmethod
    def make_vectorizer() -> TfidfVectorizer:
        return TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+")

    def fit(self, X, y=None):  # type: ignore[no-untyped-def]
        self.vectorizer_ = self.make_vectorizer().fit(X["previous"])
        return self

    def transform(self, X):  # type: ignore[no-untyped-def]
        previous = self.vectorizer_.transform(X["previous"])
        own = np.array([len(lemmas.split()) for lemmas in X["lemmas"]], dtype=float)
        return sparse.diags(self.gate / (self.gate + own)) @ previous

    def get_feature_names_out(self, input_features=None):  # type: ignore[no-untyped-def]
        return np.asarray([f"previous:{name}" for name in self.vectorizer_.get_feature_names_out()])


class CodeSuggester(ClassifierMixin, BaseEstimator):
    """One calibrated-enough probability per code for each unit.

    Defaults were chosen on the labelled benchmark corpus (benchmarks/suggest_variants.py,
    5,000 turns, grouped CV): the words as written next to the lemmas (+0.03 micro F1),
    the previous turn gated by how little the turn says itself (GatedPrevious, weight 3:
    +0.02 micro F1, top-3 recall 0.956 → 0.974; replies such as "dat herken ik" are about
    what was said before), which made the plain neighbouring-turns feature redundant
    (weight 0), C = 16 (calibration error 0.015 against 0.05 at C = 1, at the same F1).
    Character n-grams added 0.008 micro F1 but made training ten times slower (a minute
    instead of seconds), so they are off.

    Parameters
    ----------
    C : inverse regularisation strength of each code's logistic regression.
    lemma_ngrams : n-gram range over content lemmas (Dutch inflection folded away).
    char_ngrams : n-gram range over characters within words (compounds, spelling), or None.
    context_weight : weight of the neighbouring turns' lemmas (0 switches them off).
    previous_weight : weight of the gated previous turn (0 switches it off).
    previous_gate : the gate of GatedPrevious (content lemmas at which the weight halves).
    role_weight : weight of the speaker's role (0 switches it off).
    min_known : codes with fewer known positives or negatives than this predict their prior.
    char_features : the most frequent character n-grams kept (speed against detail).
    word_ngrams : n-gram range over the words as written, or None.
    """

    # Models stored before these parameters existed load without them: they had no
    # gated previous turn.
    previous_weight = 0.0
    previous_gate = 2.0

    def __init__(
        self,
        C: float = 16.0,
        lemma_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] | None = None,
        context_weight: float = 0.0,
        role_weight: float = 0.5,
        min_known: int = 2,
        char_features: int = 60000,
        word_ngrams: tuple[int, int] | None = (1, 2),
        previous_weight: float = 3.0,
        previous_gate: float = 2.0,
    ) -> None:
        self.C = C
        self.lemma_ngrams = lemma_ngrams
        self.char_ngrams = char_ngrams
        self.context_weight = context_weight
        self.role_weight = role_weight
        self.min_known = min_known
        self.char_features = char_features
        self.word_ngrams = word_ngrams
        self.previous_weight = previous_weight
        self.previous_gate = previous_gate

    def _feature_parts(self) -> tuple[list[tuple[str, Any, Any]], dict[str, float]]:
        """Every feature part these settings ask for (name, transformer, columns), and
        their weights; also what a loaded model is checked against (coder.suggest.persist)."""
        parts: list[tuple[str, Any, Any]] = [
            (
                "lemmas",
                TfidfVectorizer(
                    ngram_range=self.lemma_ngrams, sublinear_tf=True, token_pattern=r"\S+"
                ),
                "lemmas",
            )
        ]
        weights = {"lemmas": 1.0}
        if self.word_ngrams is not None:
            # The words as spoken: function words and particles ("niet", "weer", "nooit")
            # carry meaning the content lemmas leave out.
            parts.append(
                ("words", TfidfVectorizer(ngram_range=self.word_ngrams, sublinear_tf=True), "text")
            )
            weights["words"] = 1.0
        if self.char_ngrams is not None:
            parts.append(
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb",
                        ngram_range=self.char_ngrams,
                        sublinear_tf=True,
                        lowercase=True,
                        min_df=2,
                        max_features=self.char_features,
                    ),
                    "text",
                )
            )
            weights["chars"] = 1.0
        if self.context_weight > 0:
            parts.append(
                ("context", TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+"), "context")
            )
            weights["context"] = self.context_weight
        if self.role_weight > 0:
            parts.append(("role", OneHotEncoder(handle_unknown="ignore"), ["role"]))
            weights["role"] = self.role_weight
        if self.previous_weight > 0:
            parts.append(("previous", GatedPrevious(self.previous_gate), ["previous", "lemmas"]))
            weights["previous"] = self.previous_weight
        return parts, weights

    def make_classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=2000, solver="liblinear")

    def _features(self, X) -> ColumnTransformer:  # type: ignore[no-untyped-def]
        parts, weights = self._feature_parts()
        # A text column without a single token (e.g. no neighbouring turns) has no vocabulary.
        parts = [
            p
            for p in parts
            if p[0] == "role"
            or X[p[2] if isinstance(p[2], str) else p[2][0]].str.strip().astype(bool).any()
        ]
        weights = {
            name: weight for name, weight in weights.items() if name in {p[0] for p in parts}
        }
        return ColumnTransformer(parts, transformer_weights=weights, sparse_threshold=1.0)

    def fit(self, X, Y):  # type: ignore[no-untyped-def]
        """Fit on units ``X`` and labels ``Y`` (1 / 0 / -1 unknown); columns of a DataFrame ``Y``
        name the codes (``classes_``)."""
        labels = np.asarray(Y, dtype=int)
        if labels.ndim != 2 or labels.shape[0] != len(X):
            raise ValueError("Y must be a (n_units, n_codes) matrix")
        self.classes_ = np.asarray(getattr(Y, "columns", np.arange(labels.shape[1])))
        self.features_ = self._features(X).fit(X)
        matrix = self.features_.transform(X)
        self.estimators_: list[LogisticRegression | None] = []
        self.priors_ = np.zeros(labels.shape[1])
        for k in range(labels.shape[1]):
            known = labels[:, k] >= 0
            target = labels[known, k]
            positives, negatives = int(target.sum()), int(len(target) - target.sum())
            self.priors_[k] = (positives + 0.5) / (len(target) + 1.0)
            if positives < self.min_known or negatives < self.min_known:
                self.estimators_.append(None)
                continue
            self.estimators_.append(self.make_classifier().fit(matrix[known], target))
        self.n_features_in_ = len(FEATURE_COLUMNS)
        return self

    def predict_proba(self, X):  # type: ignore[no-untyped-def]
        """(n_units, n_codes) probabilities, columns in the order of ``classes_``."""
        check_is_fitted(self, "estimators_")
        matrix = self.features_.transform(X)
        out = np.empty((matrix.shape[0], len(self.estimators_)))
        for k, model in enumerate(self.estimators_):
            out[:, k] = self.priors_[k] if model is None else model.predict_proba(matrix)[:, 1]
        return out

    def predict(self, X, thresholds=None):  # type: ignore[no-untyped-def]
        """0/1 per unit and code, at ``thresholds`` (per code) or 0.5."""
        proba = self.predict_proba(X)
        cut = 0.5 if thresholds is None else np.asarray(thresholds)
        return (proba >= cut).astype(int)

    def trained_codes(self) -> np.ndarray:
        """Which classes have a model of their own (the others fall back to their prior)."""
        check_is_fitted(self, "estimators_")
        return np.array([model is not None for model in self.estimators_])
