"""Learning curve: how the grouped cross-validated micro F1 grows with coded documents."""

from __future__ import annotations

import numpy as np

from coder.progress import Progress
from coder.store import Project
from coder.suggest.context import held_out_context
from coder.suggest.estimator import CodeSuggester
from coder.suggest.evaluation import folds_for, out_of_fold, score
from coder.suggest.meaning import usable_encoder
from coder.suggest.model import reads_meaning, training_data, with_codebook


def learning_curve(
    project: Project,
    *,
    estimator: CodeSuggester | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> list[tuple[int, float]]:
    """(number of coded documents, micro F1) for growing random subsets of the documents,
    with the features and codebook examples coder train uses."""
    estimator = estimator or CodeSuggester()
    encoder = usable_encoder() if reads_meaning(estimator) else None
    data = training_data(project, encoder)
    estimator = with_codebook(estimator, project, data, encoder)
    groups = data.groups
    documents = np.unique(groups)
    order = np.random.default_rng(seed).permutation(documents)
    sizes = sorted({int(n) for n in np.linspace(2, len(documents), num=min(5, len(documents) - 1))})
    curve: list[tuple[int, float]] = []
    frame = data.frame()
    for step, size in enumerate(sizes):
        if progress is not None:
            progress(step, len(sizes), f"{size} documents")
        rows = np.isin(groups, order[:size])
        part = frame[rows].reset_index(drop=True)
        proba, fold_of = out_of_fold(
            estimator, part, data.labels[rows], groups[rows], folds_for(groups[rows])
        )
        proba = held_out_context(estimator, proba, part, data.labels[rows], fold_of)
        curve.append((size, score(proba, data.labels[rows], fold_of, data.code_ids).micro.f1))
    return curve
