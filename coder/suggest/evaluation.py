"""Honest evaluation: cross-validation grouped by document, thresholds tuned per code.

Turns of one transcript are never in both the training and the validation part.
Thresholds for a fold are tuned on the out-of-fold predictions of the *other* folds,
so the reported scores never saw the labels they are scored on; the thresholds that
ship are tuned on all out-of-fold predictions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from coder.progress import Cancelled, Progress

THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
TRAINING_FOLDS = 5  # cross-validation folds of training (fewer with fewer documents)
DEFAULT_THRESHOLD = 0.5
# How many known positives a code's own best threshold counts against the threshold
# shared by all codes (tuned_thresholds). On the development corpus (benchmarks/
# suggest_quality.py, 3 partitions into folds) micro F1 was 0.442 (0.457, 0.411, 0.456)
# with each code's own threshold and 0.451 with the shared one alone; shrunk by 5, 10,
# 20, 30, 60 and 150 it was 0.445, 0.443, 0.446, 0.450, 0.453 and 0.450 (the context
# still chosen at the codes' own thresholds), and 0.458 (0.459, 0.452, 0.462) at 60 with
# the context chosen at the shrunk thresholds too, as coder train does.
THRESHOLD_SHRINKAGE = 60.0


@dataclass
class CodeScore:
    precision: float
    recall: float
    f1: float
    support: int  # known positive units


@dataclass
class EvaluationReport:
    folds: int
    documents: int
    units: int
    per_code: dict[int, CodeScore]
    micro: CodeScore
    macro_f1: float
    calibration_error: float  # expected calibration error over all known (unit, code) pairs
    thresholds: dict[int, float]
    learning_curve: list[tuple[int, float]] = field(default_factory=list)  # (documents, micro F1)
    # per code, (threshold, precision, recall) of the out-of-fold scores: what auto-tagging
    # reads to tag only codes it can tag precisely enough
    curves: dict[int, list[tuple[float, ...]]] = field(default_factory=dict)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(proba: np.ndarray, labels: np.ndarray) -> float:
    """The threshold that maximises F1 on known labels (ties: the higher, more precise one)."""
    known = labels >= 0
    p, y = np.asarray(proba)[known], np.asarray(labels)[known] == 1
    if not y.any():
        return DEFAULT_THRESHOLD
    f1 = _f1_on_grid(p, y)
    return float(THRESHOLD_GRID[len(f1) - 1 - int(np.argmax(f1[::-1]))])


def _f1_on_grid(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """F1 of deciding ``p >= t`` against ``y`` at each threshold t of the grid."""
    return np.array([_f1(*counts)[2] for counts in _grid_counts(p, y)])


def _grid_counts(p: np.ndarray, y: np.ndarray) -> list[tuple[int, int, int]]:
    """(true positives, false positives, false negatives) of deciding ``p >= t`` against
    ``y`` at each threshold t of the grid, counted from the sorted scores at once."""
    positives, negatives = np.sort(p[y]), np.sort(p[~y])
    tp = len(positives) - np.searchsorted(positives, THRESHOLD_GRID, side="left")
    fp = len(negatives) - np.searchsorted(negatives, THRESHOLD_GRID, side="left")
    return [(int(a), int(b), len(positives) - int(a)) for a, b in zip(tp, fp, strict=True)]


def tuned_thresholds(
    proba: np.ndarray, Y: np.ndarray, shrinkage: float = THRESHOLD_SHRINKAGE
) -> np.ndarray:
    """Per code (column), the threshold that maximises its F1 on the known labels,
    shrunk towards the one threshold that maximises F1 over every code together:
    (n * own + shrinkage * shared) / (n + shrinkage), n the code's known positives.

    A code's own best threshold rests on its few examples, and one more or one fewer
    moves it across the grid; the shared one rests on all of them. A code with many
    examples keeps most of its own, a rare one leans on what holds for all codes.
    """
    labels = np.asarray(Y)
    own = np.array([best_threshold(proba[:, k], labels[:, k]) for k in range(labels.shape[1])])
    if not shrinkage > 0:
        return own
    shared = best_threshold(np.asarray(proba).ravel(), labels.ravel())
    positives = (labels == 1).sum(axis=0)
    return (positives * own + shrinkage * shared) / (positives + shrinkage)


Point = tuple[float, ...]  # (threshold, precision, recall, units predicted)


def precision_curve(proba: np.ndarray, labels: np.ndarray) -> list[Point]:
    """(threshold, precision, recall, units predicted) on the known labels at each
    threshold of the grid where something is predicted."""
    known = labels >= 0
    p, y = np.asarray(proba)[known], np.asarray(labels)[known] == 1
    curve: list[Point] = []
    for t, (tp, fp, fn) in zip(THRESHOLD_GRID, _grid_counts(p, y), strict=True):
        if not tp + fp:
            break
        precision, recall, _ = _f1(tp, fp, fn)
        curve.append((float(t), round(precision, 4), round(recall, 4), tp + fp))
    return curve


MIN_RELIABLE_RECALL = 0.1  # a threshold that finds almost nothing says nothing
# How sure the precision must be: its Wilson lower bound at this z must reach the asked
# precision. 7 right of 10 is not yet "70 %": the lowest threshold of a code is chosen
# where it looked best, which flatters it. On the dev corpus (benchmarks/
# suggest_quality.py --z): z 0 tagged 5 codes at precision 0.639 on unseen transcripts,
# z 0.5 4.8 codes at 0.704, z 1 none.
RELIABILITY_Z = 0.5


def lower_bound(precision: float, n: int, z: float | None = None) -> float:
    """Wilson score lower bound of a precision measured on ``n`` predictions."""
    z = RELIABILITY_Z if z is None else z
    if n <= 0 or z <= 0:
        return precision
    centre = precision + z * z / (2 * n)
    spread = z * np.sqrt(precision * (1 - precision) / n + z * z / (4 * n * n))
    return float((centre - spread) / (1 + z * z / n))


def reliable_threshold(curve: list[Point], min_precision: float) -> Point | None:
    """The lowest curve point from which on the precision stays at or above
    ``min_precision`` (the point and every higher threshold; with enough predictions to
    be sure of it), or None: the code is not reliable enough to tag without a
    researcher yet. Points without a count (models trained before it) use the
    precision as measured."""
    found = None
    for point in reversed(curve):
        precision = point[1] if len(point) < 4 else lower_bound(point[1], int(point[3]))
        if precision < min_precision:
            break
        if point[2] >= MIN_RELIABLE_RECALL:
            found = point
    return found


def out_of_fold(
    estimator: Any,
    X: Any,
    Y: np.ndarray,
    groups: np.ndarray,
    folds: int,
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities and the fold number of each unit."""
    proba, fold_of, _ = cross_validated_fit(
        estimator, X, Y, groups, folds, final=False, cancelled=cancelled, progress=progress
    )
    return proba, fold_of


PARALLEL_MIN_UNITS = 1500  # below this a fit is quicker than starting worker processes


def training_processes(units: int) -> int:
    """How many processes training uses: one per core for a large project."""
    return (os.cpu_count() or 1) if units >= PARALLEL_MIN_UNITS else 1


def cross_validated_fit(
    estimator: Any,
    X: Any,
    Y: np.ndarray,
    groups: np.ndarray,
    folds: int,
    *,
    final: bool = True,
    processes: int = 1,
    cancelled: Cancelled | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Out-of-fold probabilities, the fold number of each unit and (``final``) the
    estimator fitted on all units.

    The folds' fits and the final one are independent: with ``processes`` > 1 they run
    side by side in that many worker processes (fitting holds the interpreter lock, so
    threads would not help). If the workers cannot start, they run here one by one.
    """
    proba = np.zeros(Y.shape, dtype=float)
    fold_of = np.zeros(len(Y), dtype=int)
    splits = list(GroupKFold(n_splits=folds).split(X, Y, groups)) if folds > 1 else []
    tasks: list[tuple[Any, Any, Any]] = [
        (X.iloc[train], Y[train], X.iloc[test]) for train, test in splits
    ]
    if final:
        tasks.append((X, Y, None))
    for f, (_, test) in enumerate(splits):
        fold_of[test] = f

    def label(number: int) -> str:
        return f"fold {number + 1}/{folds}" if number < len(splits) else "final model"

    results: list[Any] = [None] * len(tasks)
    if processes > 1 and len(tasks) > 1:
        results = _fit_in_processes(estimator, tasks, processes, label, cancelled, progress)
    for number, task in enumerate(tasks):
        if results[number] is None:
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            if progress is not None:
                progress(number, len(tasks), label(number))
            results[number] = _fit(estimator, *task)
    for (_, test), fold_proba in zip(splits, results, strict=False):
        proba[test] = fold_proba
    return proba, fold_of, results[-1] if final else None


def _fit(estimator: Any, X: Any, Y: np.ndarray, test: Any) -> Any:
    """Fit a clone of ``estimator``: its probabilities for ``test``, or (None) the model.
    A model that reads units in their transcript scores each unit alone here
    (``predict_proba_alone``): training applies the context's weights once, afterwards
    (coder.suggest.context.with_context, held_out_context), set ones included."""
    model = clone(estimator).fit(X, Y)
    if test is None:
        return model
    return getattr(model, "predict_proba_alone", model.predict_proba)(test)


def _fit_in_processes(
    estimator: Any,
    tasks: list[tuple[Any, Any, Any]],
    processes: int,
    label: Callable[[int], str],
    cancelled: Cancelled | None,
    progress: Progress | None,
) -> list[Any]:
    """The tasks' results from worker processes; None where a task was not run there
    (the workers could not start or broke), for the caller to run itself."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    from coder.processes import process_pool, stop_pool

    results: list[Any] = [None] * len(tasks)
    try:
        pool = process_pool(min(processes, len(tasks)))
    except OSError:
        return results
    try:
        pending = {pool.submit(_fit, estimator, *task): n for n, task in enumerate(tasks)}
        while pending:
            if cancelled is not None and cancelled():
                stop_pool(pool)  # the fits running now too
                raise InterruptedError("cancelled")
            done, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in done:
                number = pending.pop(future)
                results[number] = future.result()
                if progress is not None:
                    finished = sum(r is not None for r in results)
                    progress(finished, len(tasks), label(number) + " done")
    except (BrokenProcessPool, OSError):
        pass  # what did not come back is fitted by the caller
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return results


def score(
    proba: np.ndarray,
    Y: np.ndarray,
    fold_of: np.ndarray,
    code_ids: list[int],
    shipped: np.ndarray | None = None,
) -> EvaluationReport:
    """Scores of the out-of-fold probabilities ``proba``, each fold at thresholds tuned on
    the others; the thresholds and precision curves that ship are read from ``shipped``
    (the same units scored as the shipped model scores them; default ``proba``)."""
    shipped = proba if shipped is None else shipped
    folds = int(fold_of.max()) + 1
    decisions = np.zeros(Y.shape, dtype=bool)
    for f in range(folds):
        inside, outside = fold_of == f, fold_of != f
        decisions[inside] = proba[inside] >= tuned_thresholds(proba[outside], Y[outside])
    per_code: dict[int, CodeScore] = {}
    totals = np.zeros(3, dtype=int)
    for k, code_id in enumerate(code_ids):
        known = Y[:, k] >= 0
        y, d = Y[known, k] == 1, decisions[known, k]
        tp, fp, fn = int((d & y).sum()), int((d & ~y).sum()), int((~d & y).sum())
        totals += (tp, fp, fn)
        per_code[code_id] = CodeScore(*_f1(tp, fp, fn), support=int(y.sum()))
    micro = CodeScore(*_f1(*totals), support=int(sum(s.support for s in per_code.values())))
    scored = [s.f1 for s in per_code.values() if s.support > 0]
    return EvaluationReport(
        folds=folds,
        documents=0,
        units=len(Y),
        per_code=per_code,
        micro=micro,
        macro_f1=float(np.mean(scored)) if scored else 0.0,
        calibration_error=calibration_error(proba, Y),
        thresholds={
            code_id: float(t)
            for code_id, t in zip(code_ids, tuned_thresholds(shipped, Y), strict=True)
        },
        curves={
            code_id: precision_curve(shipped[:, k], Y[:, k]) for k, code_id in enumerate(code_ids)
        },
    )


def calibration_error(proba: np.ndarray, Y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: how far "80 %" is from 80 % of the time, on average."""
    known = Y >= 0
    p, y = proba[known], Y[known]
    if len(p) == 0:
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(p[members].mean() - y[members].mean())
    return float(error)


def folds_for(groups: np.ndarray, wanted: int = 5) -> int:
    return max(2, min(wanted, len(np.unique(groups))))
