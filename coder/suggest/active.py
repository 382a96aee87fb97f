"""Which turns to code next: where the model doubts most, spread over what is talked about.

Uncertainty sampling alone picks the turns closest to a code's threshold, and those
tend to be alike (ten back-channels after the same question, one long story cut into
sentence groups): coding ten of them teaches the model what coding one would. The
batch here is chosen greedily: each step takes the turn with the highest

    doubt × (distance to the nearest turn already coded or chosen) ** diversity

over the turns' sentence embeddings (centred, so what differs between turns counts),
the weighted k-center rule of batch active learning. After a pick, every turn's
distance to its nearest chosen turn shrinks, so a turn like one just chosen drops down
the list. ``diversity`` 0 is uncertainty sampling as before.

Measured on the development corpus (benchmarks/active_learning.py: 4 folds grouped by
transcript, batches of 40 then 80 from 40 random coded turns, CodeSuggester retrained
each batch), uncertainty alone beat random order clearly from 80 coded turns on, and
every diversity tried (1 away from coded and chosen turns, 1 and 0.5 within the batch
only) did worse than uncertainty alone (a likely reason, not checked turn by turn: the
turns far from everything coded are odd ones that carry no code). So ``DIVERSITY`` is
0 and "code these next" ranks by uncertainty; the spread stays here, measured and
tested, for a corpus where it helps (``most_uncertain(diversity=...)``).
"""

from __future__ import annotations

import numpy as np

# Weight of the distance (see the module docstring): 0, as measured by
# benchmarks/active_learning.py on the development corpus.
DIVERSITY = 0.0


def doubt(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Per unit, how close its probability for some code is to that code's threshold:
    1 exactly on it, 0 as far away as a probability can be (units × codes in, units out)."""
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[1] == 0:
        return np.zeros(len(proba))
    thresholds = np.asarray(thresholds, dtype=float)
    scale = np.maximum(thresholds, 1 - thresholds)
    return (1 - np.abs(proba - thresholds) / scale).max(axis=1)


def directions(vectors: np.ndarray) -> np.ndarray:
    """Rows centred on their mean and scaled to unit length (zero rows stay zero):
    sentence embeddings share one large common direction, which says nothing here."""
    matrix = np.asarray(vectors, dtype=float)
    centred = matrix - matrix.mean(axis=0)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return centred / np.where(norms > 0, norms, 1.0)


def pick_batch(
    uncertainty: np.ndarray,
    vectors: np.ndarray | None,
    size: int,
    *,
    known: np.ndarray | None = None,
    diversity: float = DIVERSITY,
) -> tuple[np.ndarray, np.ndarray]:
    """Up to ``size`` candidates to code next, in the order chosen, and each one's priority
    when it was chosen (never rising from one pick to the next).

    ``uncertainty``: per candidate (see :func:`doubt`); ``vectors``: their embeddings
    (candidates × dimension), or None to rank by uncertainty alone; ``known``: the
    embeddings of units already coded, which the batch should move away from too.
    """
    uncertainty = np.asarray(uncertainty, dtype=float)
    size = max(0, min(size, len(uncertainty)))
    if diversity < 0:
        raise ValueError(f"diversity must be at least 0, not {diversity}")
    if vectors is not None and len(vectors) != len(uncertainty):
        raise ValueError(f"{len(vectors)} vectors for {len(uncertainty)} candidates")
    if vectors is None or diversity == 0 or size == 0:
        order = np.argsort(-uncertainty, kind="stable")[:size]
        return order, uncertainty[order]
    vectors = np.asarray(vectors, dtype=float)
    together = vectors if known is None or not len(known) else np.vstack([vectors, known])
    unit = directions(together)
    candidates, coded = unit[: len(vectors)], unit[len(vectors) :]
    # cosine distance halved: 0 the same direction, 1 the opposite one
    nearest = np.ones(len(candidates))
    if len(coded):
        nearest = np.clip((1 - candidates @ coded.T).min(axis=1) / 2, 0, 1)
    chosen: list[int] = []
    priorities: list[float] = []
    available = np.ones(len(candidates), dtype=bool)
    for _ in range(size):
        priority = np.where(available, uncertainty * nearest**diversity, -np.inf)
        best = int(np.argmax(priority))
        chosen.append(best)
        priorities.append(float(priority[best]))
        available[best] = False
        nearest = np.minimum(nearest, np.clip((1 - candidates @ candidates[best]) / 2, 0, 1))
    return np.array(chosen, dtype=int), np.array(priorities)
