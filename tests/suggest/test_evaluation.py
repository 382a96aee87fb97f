"""Cross-validation with the final fit: in worker processes or here, the same numbers."""

from __future__ import annotations

import numpy as np
import pytest

import coder.processes
from coder.suggest import evaluation
from coder.suggest.estimator import CodeSuggester
from coder.suggest.evaluation import cross_validated_fit, out_of_fold, training_processes
from tests.suggest.frames import random_units, with_meaning


@pytest.fixture(scope="module")
def units():  # type: ignore[no-untyped-def]
    frame, labels = random_units(60, seed=3)
    groups = np.repeat(np.arange(6), 10)
    return with_meaning(frame, seed=3), labels, groups


def test_folds_and_final_fit_in_two_processes_equal_one(units) -> None:  # type: ignore[no-untyped-def]
    frame, labels, groups = units
    reported: list[tuple[int, int, str]] = []
    alone = cross_validated_fit(CodeSuggester(), frame, labels, groups, 3)
    side_by_side = cross_validated_fit(
        CodeSuggester(),
        frame,
        labels,
        groups,
        3,
        processes=2,
        progress=lambda done, total, what: reported.append((done, total, what)),
    )
    assert np.allclose(alone[0], side_by_side[0]) and (alone[1] == side_by_side[1]).all()
    assert sorted(set(alone[1])) == [0, 1, 2]
    assert np.allclose(alone[2].predict_proba(frame), side_by_side[2].predict_proba(frame))
    assert reported[-1][:2] == (4, 4)  # three folds and the final model
    proba, fold_of = out_of_fold(CodeSuggester(), frame, labels, groups, 3)
    assert np.allclose(proba, alone[0]) and (fold_of == alone[1]).all()


def test_workers_that_cannot_start_leave_the_work_to_this_process(units, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    frame, labels, groups = units

    def no_processes(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no processes here")

    monkeypatch.setattr(coder.processes, "process_pool", no_processes)
    proba, _, final = cross_validated_fit(CodeSuggester(), frame, labels, groups, 3, processes=2)
    expected, _, _ = cross_validated_fit(CodeSuggester(), frame, labels, groups, 3)
    assert np.allclose(proba, expected) and final.predict_proba(frame).shape == (60, 3)


@pytest.mark.parametrize("processes", [1, 2])
def test_cancelling_stops_before_the_model_is_done(units, processes: int) -> None:  # type: ignore[no-untyped-def]
    frame, labels, groups = units
    with pytest.raises(InterruptedError):
        cross_validated_fit(
            CodeSuggester(), frame, labels, groups, 3, processes=processes, cancelled=lambda: True
        )


def test_only_a_large_project_trains_in_several_processes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(evaluation.os, "cpu_count", lambda: 2)
    assert training_processes(evaluation.PARALLEL_MIN_UNITS - 1) == 1
    assert training_processes(evaluation.PARALLEL_MIN_UNITS) == 2


def test_out_of_fold_scores_each_unit_alone_so_context_is_applied_once(units) -> None:  # type: ignore[no-untyped-def]
    from coder.suggest.context import held_out_context, in_context

    frame, labels, groups = units
    fixed = CodeSuggester(document_weight=0.4, neighbour_weight=0.0, parts_weight=0.0)
    proba, fold_of = out_of_fold(fixed, frame, labels, groups, 3)
    unread, _ = out_of_fold(fixed.set_params(document_weight=0.0), frame, labels, groups, 3)
    assert np.allclose(proba, unread)
    # the context's weight then applies once, per fold (documents lie in one fold)
    read = held_out_context(fixed.set_params(document_weight=0.4), proba, frame, labels, fold_of)
    assert np.allclose(read, in_context(proba, frame["document"], None, 0.4, 0.0, 2))
    assert not np.allclose(read, proba)
