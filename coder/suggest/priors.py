"""What the suggestion model knows besides its classifiers (coder.suggest.estimator):
the zero-shot curve from the code descriptions, which speaks for a code before it has
examples (the cold start), and the role prior, which keeps suggestions off the turns of
speakers nobody codes (the interviewer's questions)."""

from __future__ import annotations

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression


def zero_shot_model(
    similarities: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The zero-shot model of the code descriptions: per code, the mean and spread of
    the units' similarity to its description (a z-score: some descriptions resemble every
    turn, and what counts is being unusually close), and one logistic curve from z-score
    to probability shared by all codes (slope, intercept), so that a code with few
    examples has a probability from its description too. ``similarities``: each unit's
    to each code's description; None, None where nothing can be learned."""
    if labels.size == 0:
        return None, None
    if similarities.shape[1:] != labels.shape[1:]:
        raise ValueError("one description similarity per code")
    mean, spread = similarities.mean(axis=0), similarities.std(axis=0) + 1e-9
    known = labels >= 0
    target = labels[known]
    if not target.size or target.min() == target.max():
        return None, None
    curve = LogisticRegression().fit(((similarities - mean) / spread)[known][:, None], target)
    return np.vstack([mean, spread]), np.array([curve.coef_[0, 0], curve.intercept_[0]])


def zero_shot_proba(
    zero_shot: np.ndarray, curve: np.ndarray, similarities: np.ndarray
) -> np.ndarray:
    """Each code's probability from the units' ``similarities`` to its description, by
    the model :func:`zero_shot_model` learned."""
    z = (similarities - zero_shot[0]) / zero_shot[1]
    return expit(curve[0] * z + curve[1])


MIN_ROLE_UNITS = 10  # below this many known units a role says nothing about itself


def role_factors(roles, labels: np.ndarray, enabled: bool) -> tuple[list[str], np.ndarray]:  # type: ignore[no-untyped-def]
    """Per speaker role, how often its known units are coded at all, relative to all
    units, capped at 1 (smoothed; roles with few known units get 1). The interviewer's
    questions, never coded, get almost 0: no suggestions for them."""
    if not enabled or labels.size == 0:
        return [], np.zeros(0)
    known = (labels >= 0).any(axis=1)
    coded = (labels == 1).any(axis=1)
    roles = np.asarray(roles, dtype=object)
    overall = (coded[known].sum() + 0.5) / (known.sum() + 1.0)
    names, factors = [], []
    for role in sorted({str(r) for r in roles[known]}):
        mine = known & (roles == role)
        if mine.sum() < MIN_ROLE_UNITS:
            continue
        rate = (coded[mine].sum() + 0.5) / (mine.sum() + 1.0)
        names.append(role)
        factors.append(min(1.0, rate / overall))
    return names, np.asarray(factors, dtype=float)
