"""A turn read in its transcript: probabilities pulled towards the document's and the
neighbouring turns', and a long turn's towards the best of its own parts.

A transcript keeps returning to its own themes (85 % of a turn's codes in the
development corpus occur elsewhere in its transcript), and the turns around a turn are
usually about the same thing. The model scores each unit alone; these functions move
each unit's probabilities part of the way towards the mean over its document and over
the turns next to it, among the units predicted together.

How far depends on how good the model's scores are: the mean of good scores says what
a transcript is about, the mean of poor ones blurs every turn into the same few codes
(on the development corpus a fixed pull raised the full model's micro F1 from 0.456 to
0.468 and lowered the words-only model's from 0.429 to 0.388). So training chooses the
weights (:func:`choose_context`) on the out-of-fold predictions it already makes for
the thresholds, among :data:`CONTEXT_GRID`, none included. Chosen so, in
benchmarks/suggest_quality.py (3 partitions): top-3 recall 0.602 -> 0.629, micro F1
0.458 either way, macro F1 0.424 -> 0.404 (rare codes lose a little to the transcript's
frequent ones; with each code's own threshold, before they were shrunk, micro F1 rose
0.446 -> 0.454); criteria tried for the choice: log-likelihood always chose none, micro
F1 or top-3 alone chose less steadily than their sum.

A long turn is also scored as its sentence groups (coder.suggest.units), and a coder
codes a turn with a code when any part of it is about that code. So a whole turn's
probabilities can also move towards the highest of its parts' (``parts_weight``,
chosen with the others among :data:`PARTS_GRID`). Chosen so, in the same benchmark
(units of the held-out transcripts predicted together, as the product predicts them):
micro F1 0.459 -> 0.468, top-3 recall 0.628 -> 0.636, macro F1 0.408 -> 0.415; the
parts' mean instead of their highest gave 0.459 / 0.638 / 0.406, and weights above 0.4
were never chosen. The pull goes both ways (a whole turn scoring above all its groups
moves down towards the best of them): pulling upwards only measured the same, 0.469 /
0.636 / 0.411.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from coder.suggest.estimator import CodeSuggester

# Which document each unit is from (any id), and its turn's index there: units of one
# document predicted in one call share the document's context (``document_weight``,
# ``neighbour_weight``), and a whole turn's sentence groups are the rows after it with
# its document and turn (``parts_weight``). Not features.
DOCUMENT_COLUMN = "document"
TURN_COLUMN = "turn"


def within_one(weights: Any) -> bool:
    """The context's weights (None: not chosen yet) leave a unit a share of its own score."""
    return sum(w or 0.0 for w in weights) <= 1 + 1e-9


PARTS_GRID = (0.0, 0.2, 0.4)
# (document weight, neighbour weight, parts weight) triples training chooses from, the
# first winning ties; at most 1 in all (:func:`within_one`), so that every unit keeps a
# share of its own score
CONTEXT_GRID = [
    (d, n, p)
    for d in (0.0, 0.2, 0.4, 0.6)
    for n in (0.0, 0.1, 0.2)
    for p in PARTS_GRID
    if within_one((d, n, p))
]
Weights = tuple[float, float, float]
# the estimator's parameters holding those weights, in that order
CONTEXT_PARAMETERS = ("document_weight", "neighbour_weight", "parts_weight")


def document_means(proba: np.ndarray, documents: Any) -> np.ndarray:
    """For each row of ``proba``, the mean of the rows of its document (``documents``:
    one id per row)."""
    _, document = np.unique(np.asarray(documents), return_inverse=True)
    sums = np.zeros((document.max(initial=-1) + 1, proba.shape[1]))
    np.add.at(sums, document, proba)
    return (sums / np.bincount(document)[:, None])[document]


def neighbour_means(proba: np.ndarray, documents: Any, turns: Any, reach: int) -> np.ndarray:
    """For each row of ``proba``, the mean over the other turns of its document at most
    ``reach`` turns away (counted among the turns present), each turn by its first row
    (units_frame puts a whole turn before its sentence groups); a row whose document has
    no other turn keeps its own values."""
    documents, turns = np.asarray(documents), np.asarray(turns)
    out = proba.copy()
    for document in np.unique(documents):
        rows = np.flatnonzero(documents == document)
        present, first = np.unique(turns[rows], return_index=True)
        values = proba[rows[first]]
        cumulative = np.vstack([np.zeros(proba.shape[1]), np.cumsum(values, axis=0)])
        position = np.searchsorted(present, turns[rows])
        low = np.maximum(position - reach, 0)
        high = np.minimum(position + reach + 1, len(present))
        count = high - low - 1
        sums = cumulative[high] - cumulative[low] - values[position]
        has = count > 0
        out[rows[has]] = sums[has] / count[has, None]
    return out


def part_maxima(proba: np.ndarray, documents: Any, turns: Any) -> np.ndarray:
    """For each whole turn with sentence groups among the rows (a turn's first row is the
    whole turn, the rows after it with the same document and turn its groups, as
    units_frame orders them), the highest value of each column over its groups; every
    other row keeps its own values."""
    _, key = np.unique(
        np.column_stack([np.unique(np.asarray(documents), return_inverse=True)[1], turns]),
        axis=0,
        return_inverse=True,
    )
    key = key.ravel()
    first = np.zeros(len(key), dtype=bool)
    first[np.unique(key, return_index=True)[1]] = True
    highest = np.full((key.max(initial=-1) + 1, proba.shape[1]), -np.inf)
    np.maximum.at(highest, key[~first], proba[~first])
    out = proba.copy()
    has_parts = first & (np.bincount(key[~first], minlength=len(highest)) > 0)[key]
    out[has_parts] = highest[key[has_parts]]
    return out


def in_context(
    proba: np.ndarray,
    documents: Any,
    turns: Any | None,
    document_weight: float,
    neighbour_weight: float,
    reach: int,
    parts_weight: float = 0.0,
) -> np.ndarray:
    """``proba`` moved ``document_weight`` of the way to each document's mean,
    ``neighbour_weight`` to the neighbouring turns' and, for a whole turn,
    ``parts_weight`` to the highest of its sentence groups' (``turns`` None: neither
    neighbours nor parts)."""
    weights = (document_weight, neighbour_weight, parts_weight)
    pulls = _pulls(proba, documents, turns, reach, *(w > 0 for w in weights))
    return _mixed(proba, pulls, weights)


def choose_context(
    proba: np.ndarray,
    labels: np.ndarray,
    documents: Any,
    turns: Any | None,
    reach: int,
    grid: list[Weights] = CONTEXT_GRID,
) -> Weights:
    """The (document, neighbour, parts) weights of ``grid`` under which the
    out-of-fold probabilities ``proba`` (computed without context) score best against
    ``labels`` (1 / 0 / -1 unknown): micro F1 at the thresholds training would tune
    (coder.suggest.evaluation.tuned_thresholds) plus the share of positive (unit, code)
    pairs whose code is among the unit's three best."""
    pulls = _pulls(
        proba, documents, turns, reach, *(any(w[i] > 0 for w in grid) for i in range(3))
    )  # the means do not depend on the weights: computed once for the whole grid
    scores = {weights: _quality(_mixed(proba, pulls, weights), labels) for weights in grid}
    best = max(scores.values())
    return next(weights for weights in grid if scores[weights] == best)


def _pulls(
    proba: np.ndarray,
    documents: Any,
    turns: Any | None,
    reach: int,
    document: bool,
    neighbours: bool,
    parts: bool,
) -> tuple[np.ndarray | None, ...]:
    """How far each row is from its document's mean, from its neighbours' and from its
    parts' highest (None where not asked for, or, for the last two, without ``turns``)."""
    return (
        document_means(proba, documents) - proba if document else None,
        neighbour_means(proba, documents, turns, reach) - proba
        if neighbours and turns is not None
        else None,
        part_maxima(proba, documents, turns) - proba if parts and turns is not None else None,
    )


def _mixed(proba: np.ndarray, pulls: tuple[np.ndarray | None, ...], weights: Weights) -> np.ndarray:
    out = proba.copy()
    for pull, weight in zip(pulls, weights, strict=True):
        if pull is not None and weight > 0:
            out += weight * pull
    return out


def _quality(proba: np.ndarray, labels: np.ndarray) -> float:
    from coder.suggest.evaluation import tuned_thresholds

    gold = labels == 1
    if not gold.any():
        return 0.0
    cuts = tuned_thresholds(proba, labels)
    decided = (proba >= cuts) & (labels >= 0)
    f1 = 2 * (decided & gold).sum() / (decided.sum() + gold.sum())
    best3 = np.argsort(-proba, axis=1, kind="stable")[:, :3]
    top3 = np.take_along_axis(gold, best3, axis=1).sum() / gold.sum()
    return float(f1 + top3)


def with_context(
    estimator: CodeSuggester, proba: np.ndarray, X: Any, Y: Any
) -> tuple[CodeSuggester, np.ndarray]:
    """``estimator`` (fitted or not) with the context weights it leaves to training
    (None) chosen on its out-of-fold probabilities ``proba`` for the units ``X`` with
    labels ``Y`` (:func:`choose_context`), and ``proba`` read in that
    context. Weights it sets stay as they are."""
    fixed = [getattr(estimator, name) for name in CONTEXT_PARAMETERS]
    if not within_one(fixed):
        raise ValueError("the context's weights add up to more than 1")
    if all(w is not None for w in fixed):
        return estimator, proba
    document, neighbour, parts = fixed
    grid: list[Weights] = [
        weights
        for weights in dict.fromkeys(
            (
                d if document is None else document,
                n if neighbour is None else neighbour,
                p if parts is None else parts,
            )
            for d, n, p in CONTEXT_GRID
        )
        if within_one(weights)  # never empty: the grid's (0, 0, 0) keeps the set weights
    ]
    documents, turns = X.get(DOCUMENT_COLUMN), X.get(TURN_COLUMN)
    if documents is None:  # nothing to read the units in
        unread = {name: w or 0.0 for name, w in zip(CONTEXT_PARAMETERS, fixed, strict=True)}
        return estimator.set_params(**unread), proba
    chosen = choose_context(proba, np.asarray(Y), documents, turns, estimator.neighbours, grid)
    estimator.set_params(**dict(zip(CONTEXT_PARAMETERS, chosen, strict=True)))
    document, neighbour, parts = chosen
    return estimator, in_context(
        proba, documents, turns, document, neighbour, estimator.neighbours, parts
    )


def held_out_context(
    estimator: CodeSuggester, proba: np.ndarray, X: Any, Y: Any, fold_of: np.ndarray
) -> np.ndarray:
    """Out-of-fold probabilities ``proba`` (each unit alone) read in context as a score
    should see them: the units of each fold with the weights :func:`with_context` chooses
    on the other folds' units, so that a report never scores weights chosen on the labels
    it is scored on. A document lies in one fold, so its means are its own fold's."""
    from sklearn.base import clone

    labels = np.asarray(Y)
    out = proba.copy()
    for fold in np.unique(fold_of):
        inside, rest = np.flatnonzero(fold_of == fold), np.flatnonzero(fold_of != fold)
        if not len(rest):
            continue
        chosen, _ = with_context(
            clone(estimator), proba[rest], X.iloc[rest].reset_index(drop=True), labels[rest]
        )
        out[inside] = chosen.in_context(proba[inside], X.iloc[inside].reset_index(drop=True))
    return out
