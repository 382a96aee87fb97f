"""The multi-label code classifier, a scikit-learn estimator.

Input ``X`` is a DataFrame with the columns of :data:`FEATURE_COLUMNS` (see
``units_frame``); ``Y`` is a (units × codes) matrix of 1 (applies), 0 (does not) and
-1 (unknown: not yet coded). Each code gets its own logistic regression, fitted only
on the units whose label for that code is known — partly coded transcripts are the
normal case, and an uncoded turn is not evidence that a code does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils.validation import check_is_fitted

from coder.suggest.context import DOCUMENT_COLUMN, TURN_COLUMN, in_context
from coder.suggest.priors import role_factors, zero_shot_model, zero_shot_proba
from coder.suggest.textfeatures import WordCharTfidf

FEATURE_COLUMNS = ["text", "lemmas", "context", "role", "previous"]
# Columns of vectors, present when a sentence encoder ran (coder.suggest.meaning): the
# unit's embedding, its context's (the unit read after the end of the previous whole
# turn; the previous turn alone in models stored before: coder.suggest.meaning), and the
# unit's similarity to each code's description (one value per code of ``Y``, in its order).
MEANING_COLUMNS = ["embedding", "previous_embedding", "definitions"]


def stack(column) -> np.ndarray:  # type: ignore[no-untyped-def]
    """A column of equal-length vectors (a Series or a one-column frame) as a matrix."""
    values = np.asarray(column, dtype=object).ravel()
    if not len(values):
        return np.zeros((0, 0))
    return np.vstack([np.asarray(v, dtype=np.float64) for v in values])


@dataclass(repr=False)
class CodebookExamples:
    """What the codebook says each code looks like, as training rows: each code's
    definition, example and inclusion clauses as units (a frame with the columns of the
    units the model is fitted on), and their labels (examples × codes: 1 for the code
    described, 0 for every other code)."""

    frame: Any  # pandas DataFrame
    labels: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    def __repr__(self) -> str:
        return f"CodebookExamples({len(self)} examples of {self.labels.shape[1]} codes)"


class VectorColumn(TransformerMixin, BaseEstimator):
    """A column of vectors as dense features.

    ``scale="normalise"``: centred on the training units and scaled to unit length.
    Sentence embeddings share one large common direction (all E5 cosines lie near 0.8);
    centring leaves what differs between turns. ``scale="standardise"``: each dimension
    as a z-score over the training units (for similarities to code descriptions: some
    descriptions resemble every turn, and what counts is being unusually close).
    """

    def __init__(self, scale: str = "normalise") -> None:
        self.scale = scale

    def fit(self, X, y=None):  # type: ignore[no-untyped-def]
        if self.scale not in ("normalise", "standardise"):
            raise ValueError(f"scale must be 'normalise' or 'standardise', not {self.scale!r}")
        matrix = stack(X)
        self.mean_ = matrix.mean(axis=0)
        self.scale_ = matrix.std(axis=0) + 1e-9
        return self

    def transform(self, X):  # type: ignore[no-untyped-def]
        check_is_fitted(self, "mean_")
        matrix = stack(X)
        if matrix.shape[1:] != self.mean_.shape:
            raise ValueError(
                f"vectors of {matrix.shape[1:]} values, the model knows {self.mean_.shape}"
            )
        if self.scale == "standardise":
            return (matrix - self.mean_) / self.scale_
        centred = matrix - self.mean_
        norms = np.linalg.norm(centred, axis=1, keepdims=True)
        return centred / np.where(norms > 0, norms, 1.0)

    def get_feature_names_out(self, input_features=None):  # type: ignore[no-untyped-def]
        return np.asarray([f"dimension {i}" for i in range(len(self.mean_))])


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

    Defaults were chosen on the realistic development corpus (benchmarks/suggest_quality.py:
    16 transcripts, 665 turns, folds grouped by transcript), where they beat a tuned bag
    of words on every measure: TF-IDF of the words as spoken (1-2-grams) and of character
    3-5-grams within words (compounds, spelling, regional forms), the turn's sentence
    embedding and the embedding of the turn read after the end of the previous one (what
    "ja, dat herken ik" is about), and the similarity of the turn to each code's
    description (the codebook as prior knowledge).
    Lemma n-grams, the speaker role as a feature and the gated previous turn's lemmas,
    which helped on generated turns, did not help on realistic ones and are off; the
    speaker role instead scales the probabilities (``role_prior``): a role whose turns
    the researcher never codes (the interviewer's questions) gets no suggestions.
    A code with few examples leans on its description (``cold_start``): its probability
    is blended with the zero-shot one, and the blend moves to the model as examples come
    (3 measured best of 3, 5 and 10: top-3 recall 0.570 against 0.555 without, micro F1
    0.418 against 0.415 with thresholds from five folds as coder train tunes them, and
    with two training transcripts top-3 0.417 against 0.283).
    What the codebook says about each code is also learned from as examples
    (``codebook``: its definition, example and inclusion clauses, each an example of its
    code and a counter-example of the others; coder.suggest.codebook_examples), so
    each code's own classifier knows its description's words and meaning too.
    Each unit is also read in its transcript (``document_weight``, ``neighbour_weight``;
    coder.suggest.context): its probabilities move part of the way towards the mean of
    its document's units and of the turns around it, for a transcript keeps returning
    to its own themes (85 % of a turn's codes in the development corpus occur elsewhere
    in its transcript); a long turn's move towards the highest of its sentence groups'
    (``parts_weight``), for a turn is about a code when any part of it is.

    Parameters
    ----------
    C : inverse regularisation strength of each code's logistic regression.
    lemma_ngrams : n-gram range over content lemmas (Dutch inflection folded away), or None.
    char_ngrams : n-gram range over characters within words, or None.
    context_weight : weight of the neighbouring turns' lemmas (0 switches them off).
    role_weight : weight of the speaker's role as a feature (0 switches it off).
    min_known : codes with fewer known positives or negatives than this predict their prior.
    char_features : the most frequent character n-grams kept (speed against detail).
    word_ngrams : n-gram range over the words as written, or None.
    previous_weight : weight of the gated previous turn's lemmas (0 switches it off).
    previous_gate : the gate of GatedPrevious (content lemmas at which the weight halves).
    embedding_weight : weight of the unit's sentence embedding (column "embedding").
    previous_embedding_weight : weight of the context's embedding (column
        "previous_embedding": see coder.suggest.meaning.context_text).
    definition_weight : weight of the similarities to the code descriptions.
    role_prior : scale each unit's probabilities by how often its speaker role is coded.
    cold_start : blend each code's probability with the zero-shot one from its
        description, weight ``n / (n + cold_start)`` for the model, n the code's known
        positives: with few examples the codebook speaks, with many the examples
        (0 switches it off).
    codebook : the codebook's examples (:class:`CodebookExamples`) fitted on besides
        ``X``: prior knowledge, as a vectorizer's ``vocabulary`` is; coder train gives
        them (coder.suggest.model). They count for no code's number of examples, the
        role prior or the zero-shot curve, and are not stored with the model.
    codebook_weight : the weight of each codebook example against a coded unit's 1
        (0 switches them off).
    document_weight : how far each unit's probabilities move towards the mean of the
        units of its document predicted with it (column "document"; without it, or at
        0, units are scored alone): a transcript keeps returning to its own themes.
        None: chosen by training on its out-of-fold predictions
        (coder.suggest.context.with_context);
        until then 0.
    neighbour_weight : how far they move towards the mean of the ``neighbours`` turns
        on either side (column "turn", the turn's index in its document); None as above.
    neighbours : how many turns on either side count as neighbours.
    parts_weight : how far a whole turn's probabilities move towards the highest of its
        sentence groups' predicted with it (the rows after it with its document and
        turn): a turn is about a code when any part of it is; None as above.

    The three embedding parts are used when ``X`` has their columns (a sentence encoder
    ran); without them the model is lexical only.
    """

    # Models stored before these parameters existed load with the values they had.
    previous_weight = 0.0
    previous_gate = 2.0
    embedding_weight = 0.0
    previous_embedding_weight = 0.0
    definition_weight = 0.0
    role_prior = False
    cold_start = 0.0
    codebook = None
    codebook_weight = 0.0
    document_weight: float | None = 0.0
    neighbour_weight: float | None = 0.0
    parts_weight: float | None = 0.0
    neighbours = 2

    def __init__(
        self,
        C: float = 10.0,
        lemma_ngrams: tuple[int, int] | None = None,
        char_ngrams: tuple[int, int] | None = (3, 5),
        context_weight: float = 0.0,
        role_weight: float = 0.0,
        min_known: int = 2,
        char_features: int = 60000,
        word_ngrams: tuple[int, int] | None = (1, 2),
        previous_weight: float = 0.0,
        previous_gate: float = 2.0,
        embedding_weight: float = 1.0,
        previous_embedding_weight: float = 0.5,
        definition_weight: float = 0.3,
        role_prior: bool = True,
        cold_start: float = 3.0,
        codebook: CodebookExamples | None = None,
        codebook_weight: float = 3.0,
        document_weight: float | None = None,
        neighbour_weight: float | None = None,
        neighbours: int = 2,
        parts_weight: float | None = None,
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
        self.embedding_weight = embedding_weight
        self.previous_embedding_weight = previous_embedding_weight
        self.definition_weight = definition_weight
        self.role_prior = role_prior
        self.cold_start = cold_start
        self.codebook = codebook
        self.codebook_weight = codebook_weight
        self.document_weight = document_weight
        self.neighbour_weight = neighbour_weight
        self.neighbours = neighbours
        self.parts_weight = parts_weight

    def _feature_parts(self) -> tuple[list[tuple[str, Any, Any]], dict[str, float]]:
        """Every feature part these settings ask for (name, transformer, columns), and
        their weights; also what a loaded model is checked against (coder.suggest.persist)."""
        parts: list[tuple[str, Any, Any]] = []
        weights: dict[str, float] = {}
        if self.lemma_ngrams is not None:
            parts.append(
                (
                    "lemmas",
                    TfidfVectorizer(
                        ngram_range=self.lemma_ngrams, sublinear_tf=True, token_pattern=r"\S+"
                    ),
                    "lemmas",
                )
            )
            weights["lemmas"] = 1.0
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
                    WordCharTfidf(
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
        for name, weight, scale in (
            ("embedding", self.embedding_weight, "normalise"),
            ("previous_embedding", self.previous_embedding_weight, "normalise"),
            ("definitions", self.definition_weight, "standardise"),
        ):
            if weight > 0:
                parts.append((name, VectorColumn(scale), name))
                weights[name] = weight
        return parts, weights

    def make_classifier(self) -> LogisticRegression:
        # liblinear's primal solver: on a quiet machine twice as fast here as its dual one
        # (benchmarks/suggest_speed.py's corpus, 3,966 units: 7.8-9.1 s against 14.2-15.3 s
        # for 8 codes), though the dual one measured faster while other work loaded the
        # machine.
        return LogisticRegression(C=self.C, max_iter=2000, solver="liblinear")

    def _features(self, X) -> ColumnTransformer:  # type: ignore[no-untyped-def]
        parts, weights = self._feature_parts()
        parts = [p for p in parts if _usable(X, p)]
        weights = {
            name: weight for name, weight in weights.items() if name in {p[0] for p in parts}
        }
        if not parts:
            raise ValueError("no features: the units have no words and no embeddings")
        return ColumnTransformer(parts, transformer_weights=weights, sparse_threshold=1.0)

    def fit(self, X, Y):  # type: ignore[no-untyped-def]
        """Fit on units ``X`` and labels ``Y`` (1 / 0 / -1 unknown); columns of a DataFrame ``Y``
        name the codes (``classes_``)."""
        labels = np.asarray(Y, dtype=int)
        if labels.ndim != 2 or labels.shape[0] != len(X):
            raise ValueError("Y must be a (n_units, n_codes) matrix")
        self.classes_ = np.asarray(getattr(Y, "columns", np.arange(labels.shape[1])))
        read = [c for c in X.columns if c in FEATURE_COLUMNS + MEANING_COLUMNS]
        examples = self._codebook_rows(read, labels.shape[1])
        rows = (
            X if examples is None else pd.concat([X[read], examples.frame[read]], ignore_index=True)
        )
        self.features_ = self._features(rows)
        matrix = self.features_.fit_transform(rows)
        extra_labels = (
            np.zeros((0, labels.shape[1]), dtype=int)
            if examples is None
            else np.asarray(examples.labels, dtype=int)
        )
        known = labels >= 0
        positives = ((labels == 1) & known).sum(axis=0)
        negatives = known.sum(axis=0) - positives
        self.priors_ = (positives + 0.5) / (known.sum(axis=0) + 1.0)
        # the codebook's rows follow the units' (their weight: codebook_weight)
        all_labels = np.vstack([labels, extra_labels])
        all_known = all_labels >= 0
        weights = np.r_[np.ones(len(labels)), np.full(len(extra_labels), self.codebook_weight)]

        def fit_code(k: int) -> LogisticRegression | None:
            if positives[k] < self.min_known and not (extra_labels[:, k] == 1).any():
                return None
            if negatives[k] < self.min_known:
                return None
            rows_k = all_known[:, k]
            return self.make_classifier().fit(
                matrix[rows_k], all_labels[rows_k, k], sample_weight=weights[rows_k]
            )

        self.estimators_: list[LogisticRegression | None] = [
            fit_code(k) for k in range(labels.shape[1])
        ]
        self.n_features_in_ = len(FEATURE_COLUMNS)
        self.roles_, self.role_factors_ = role_factors(X["role"], labels, self.role_prior)
        self.zero_shot_, self.zero_shot_curve_ = (
            zero_shot_model(stack(X["definitions"]), labels)
            if self.cold_start > 0 and "definitions" in X
            else (None, None)
        )
        self.positives_ = positives
        return self

    def _codebook_rows(self, read: list[str], codes: int) -> CodebookExamples | None:
        """The codebook's examples to fit on besides the units, or None (none given, or
        weight 0). Their frame must have the columns ``read`` (the units' that features
        read)."""
        examples = self.codebook
        if examples is None or not len(examples) or not self.codebook_weight > 0:
            return None
        if np.shape(examples.labels)[1:] != (codes,):
            raise ValueError("the codebook's examples must have a label for each code")
        missing = [c for c in read if c not in examples.frame]
        if missing:
            raise ValueError(f"the codebook's examples lack the columns {', '.join(missing)}")
        return examples

    def predict_proba(self, X):  # type: ignore[no-untyped-def]
        """(n_units, n_codes) probabilities, columns in the order of ``classes_``: each
        unit read in its document (:meth:`in_context`)."""
        return self.in_context(self.predict_proba_alone(X), X)

    def predict_proba_alone(self, X):  # type: ignore[no-untyped-def]
        """Like :meth:`predict_proba`, each unit scored on its own (no context)."""
        check_is_fitted(self, "estimators_")
        matrix = self.features_.transform(X)
        out = np.empty((matrix.shape[0], len(self.estimators_)))
        for k, model in enumerate(self.estimators_):
            out[:, k] = self.priors_[k] if model is None else model.predict_proba(matrix)[:, 1]
        zero_shot = getattr(self, "zero_shot_", None)
        curve = getattr(self, "zero_shot_curve_", None)
        if zero_shot is not None and curve is not None and "definitions" in X:
            weight = self.positives_ / (self.positives_ + self.cold_start)
            zero = zero_shot_proba(zero_shot, curve, stack(X["definitions"]))
            out = weight * out + (1 - weight) * zero
        factors = dict(
            zip(getattr(self, "roles_", []), getattr(self, "role_factors_", []), strict=True)
        )
        if factors:
            out *= np.array([factors.get(role, 1.0) for role in X["role"]])[:, None]
        return out

    def in_context(self, proba: np.ndarray, X: Any) -> np.ndarray:
        """``proba`` (:meth:`predict_proba_alone` of ``X``) moved towards the means over
        each unit's document and neighbouring turns among the units of ``X``, and each
        whole turn's towards the highest of its sentence groups' there, by this model's
        weights; unchanged without a "document" column."""
        if DOCUMENT_COLUMN not in X:
            return proba
        return in_context(
            proba,
            X[DOCUMENT_COLUMN],
            X.get(TURN_COLUMN),
            self.document_weight or 0.0,
            self.neighbour_weight or 0.0,
            self.neighbours,
            self.parts_weight or 0.0,
        )

    def in_own_turn(self, proba: np.ndarray, X: Any) -> np.ndarray:
        """``proba`` with only the pull of each whole turn towards its sentence groups
        (:meth:`in_context` without the transcript's): how the turn itself reads."""
        if DOCUMENT_COLUMN not in X or not self.parts_weight:
            return proba
        return in_context(
            proba, X[DOCUMENT_COLUMN], X.get(TURN_COLUMN), 0.0, 0.0, 1, self.parts_weight
        )

    def predict(self, X, thresholds=None):  # type: ignore[no-untyped-def]
        """0/1 per unit and code, at ``thresholds`` (per code) or 0.5."""
        proba = self.predict_proba(X)
        cut = 0.5 if thresholds is None else np.asarray(thresholds)
        return (proba >= cut).astype(int)

    def trained_codes(self) -> np.ndarray:
        """Which classes have a model of their own (the others fall back to their prior)."""
        check_is_fitted(self, "estimators_")
        return np.array([model is not None for model in self.estimators_])


def _usable(X, part: tuple[str, Any, Any]) -> bool:  # type: ignore[no-untyped-def]
    """A part can be fitted: its column exists and (text) has a token somewhere."""
    name, _, column = part
    first = column if isinstance(column, str) else column[0]
    if first not in X:
        return False
    if name == "role" or name in MEANING_COLUMNS:
        return True
    # A text column without a single token (e.g. no neighbouring turns) has no vocabulary.
    return bool(X[first].str.strip().astype(bool).any())
