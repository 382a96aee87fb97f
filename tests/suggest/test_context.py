"""A unit's probabilities read in its transcript (coder.suggest.context)."""

from __future__ import annotations

import numpy as np

from coder.suggest.context import (
    CONTEXT_GRID,
    CONTEXT_PARAMETERS,
    choose_context,
    document_means,
    in_context,
    neighbour_means,
    part_maxima,
)

PROBA = np.array([[0.1, 0.9], [0.3, 0.7], [0.5, 0.5], [0.7, 0.3], [0.2, 0.2], [0.9, 0.1]])
DOCUMENTS = ["a", "a", "a", "a", "a", "b"]
TURNS = [0, 1, 2, 3, 3, 0]  # the fifth unit is a sentence group of turn 3


def test_document_means_are_per_document() -> None:
    means = document_means(PROBA, DOCUMENTS)
    assert np.allclose(means[:5], PROBA[:5].mean(axis=0))
    assert np.allclose(means[5], PROBA[5])


def test_neighbours_are_the_other_whole_turns_within_reach() -> None:
    near = neighbour_means(PROBA, DOCUMENTS, TURNS, reach=1)
    assert np.allclose(near[0], PROBA[1])
    assert np.allclose(near[1], (PROBA[0] + PROBA[2]) / 2)
    assert np.allclose(near[2], (PROBA[1] + PROBA[3]) / 2)
    # turn 3 and its sentence group: turn 2 only (the group is not a turn of its own)
    assert np.allclose(near[3], PROBA[2]) and np.allclose(near[4], PROBA[2])
    # alone in its document: its own values
    assert np.allclose(near[5], PROBA[5])
    # reach counts the turns present, not their numbers
    gaps = neighbour_means(PROBA[:3], ["a"] * 3, [0, 5, 40], reach=1)
    assert np.allclose(gaps[1], (PROBA[0] + PROBA[2]) / 2)


def test_in_context_mixes_by_weight_and_documents_may_interleave() -> None:
    mixed = in_context(PROBA, DOCUMENTS, TURNS, 0.4, 0.1, 1)
    expected = (
        0.5 * PROBA
        + 0.4 * document_means(PROBA, DOCUMENTS)
        + 0.1 * neighbour_means(PROBA, DOCUMENTS, TURNS, 1)
    )
    assert np.allclose(mixed, expected)
    assert np.allclose(in_context(PROBA, DOCUMENTS, None, 0.0, 0.5, 1), PROBA)
    order = np.array([5, 3, 0, 4, 2, 1])  # a whole turn still before its sentence group
    shuffled = in_context(
        PROBA[order], np.asarray(DOCUMENTS)[order], np.asarray(TURNS)[order], 0.4, 0.1, 1
    )
    assert np.allclose(shuffled, mixed[order])


def test_a_whole_turn_reaches_for_the_highest_of_its_parts() -> None:
    proba = np.array([[0.2, 0.6], [0.5, 0.1], [0.3, 0.4], [0.9, 0.9], [0.1, 0.2], [0.4, 0.3]])
    documents = ["a", "a", "a", "a", "b", "b"]
    turns = [0, 0, 0, 1, 0, 0]  # turn 0 of "a" has two groups; "b"'s turn one
    highest = part_maxima(proba, documents, turns)
    assert np.allclose(highest[0], [0.5, 0.4])  # each code's best part
    assert np.allclose(highest[4], [0.4, 0.3])
    # the groups themselves, and a turn without groups, keep their own
    assert np.allclose(highest[[1, 2, 3, 5]], proba[[1, 2, 3, 5]])
    # documents interleaved: the same, a turn is known by document and number
    order = np.array([4, 0, 3, 1, 5, 2])
    shuffled = part_maxima(proba[order], np.asarray(documents)[order], np.asarray(turns)[order])
    assert np.allclose(shuffled, highest[order])
    mixed = in_context(proba, documents, turns, 0.0, 0.0, 1, parts_weight=0.4)
    assert np.allclose(mixed, 0.6 * proba + 0.4 * highest)
    assert np.allclose(in_context(proba, documents, None, 0.0, 0.0, 1, 0.4), proba)


def test_training_reaches_for_the_parts_when_coders_code_a_turn_by_any_part() -> None:
    # 200 turns of 3 groups each; a turn has the code of one of its groups, which that
    # group's score shows while the whole turn's is diluted by the other two
    rng = np.random.default_rng(0)
    n = 200
    code = rng.integers(0, 4, n)
    rows, documents, turns, labels = [], [], [], []
    for t in range(n):
        truth = np.eye(4)[code[t]]
        whole = np.clip(0.25 + 0.1 * truth + rng.normal(0, 0.1, 4), 0, 1)
        parts = [np.clip(0.2 + rng.normal(0, 0.1, 4), 0, 1) for _ in range(3)]
        parts[rng.integers(0, 3)] = np.clip(0.2 + 0.6 * truth + rng.normal(0, 0.1, 4), 0, 1)
        rows += [whole, *parts]
        documents += [t // 20] * 4
        turns += [t] * 4
        labels += [truth.astype(int)] * 4
    proba, labels = np.array(rows), np.array(labels)
    assert choose_context(proba, labels, documents, turns, 2)[2] > 0


def _transcripts(shared: bool, noise: float, seed: int = 0) -> tuple[np.ndarray, ...]:
    """Scores of 12 transcripts × 12 turns for 3 codes: each turn has one code, the
    same throughout its transcript (``shared``) or any; scores are the truth plus noise."""
    rng = np.random.default_rng(seed)
    documents = np.repeat(np.arange(12), 12)
    turns = np.tile(np.arange(12), 12)
    codes = documents % 3 if shared else rng.integers(0, 3, len(documents))
    labels = np.zeros((len(documents), 3), dtype=int)
    labels[np.arange(len(documents)), codes] = 1
    proba = np.clip(0.3 * labels + 0.35 + rng.normal(0, noise, labels.shape), 0, 1)
    return proba, labels, documents, turns


def test_training_reads_in_context_only_where_that_helps() -> None:
    # noisy scores, transcripts that stay on one theme: the mean says what they are about
    proba, labels, documents, turns = _transcripts(shared=True, noise=0.3)
    document, _, parts = choose_context(proba, labels, documents, turns, 2)
    assert document > 0 and parts == 0.0  # no turn has parts
    # every turn about something else: its neighbours and transcript only blur it
    proba, labels, documents, turns = _transcripts(shared=False, noise=0.05)
    assert choose_context(proba, labels, documents, turns, 2) == (0.0, 0.0, 0.0)


def test_with_context_chooses_what_is_left_open_and_keeps_what_is_set() -> None:
    import pandas as pd

    from coder.suggest.context import with_context
    from coder.suggest.estimator import CodeSuggester

    proba, labels, documents, turns = _transcripts(shared=True, noise=0.3)
    X = pd.DataFrame({"document": documents, "turn": turns})
    chosen, read = with_context(CodeSuggester(), proba, X, labels)
    weights = tuple(getattr(chosen, name) for name in CONTEXT_PARAMETERS)
    assert weights in CONTEXT_GRID and weights != (0.0, 0.0, 0.0)
    assert np.allclose(read, in_context(proba, documents, turns, *weights[:2], 2, weights[2]))
    fixed = CodeSuggester(document_weight=0.0, neighbour_weight=0.0, parts_weight=0.0)
    kept, unchanged = with_context(fixed, proba, X, labels)
    assert kept is fixed and unchanged is proba
    only_neighbours = with_context(CodeSuggester(document_weight=0.0), proba, X, labels)[0]
    assert only_neighbours.document_weight == 0.0
    # what is left open never takes the pulls beyond the whole of a unit's score
    heavy = with_context(CodeSuggester(document_weight=0.6, parts_weight=0.4), proba, X, labels)
    assert [getattr(heavy[0], name) for name in CONTEXT_PARAMETERS] == [0.6, 0.0, 0.4]
    # units without documents: no context to read
    alone = with_context(CodeSuggester(), proba, X.drop(columns="document"), labels)[0]
    assert [getattr(alone, name) for name in CONTEXT_PARAMETERS] == [0.0, 0.0, 0.0]


def test_a_report_scores_each_fold_with_weights_chosen_on_the_others() -> None:
    import pandas as pd

    from coder.suggest.context import held_out_context
    from coder.suggest.estimator import CodeSuggester

    # fold 0: transcripts that stay on one theme (the context helps);
    # fold 1: turns about anything (it blurs them)
    helped = _transcripts(shared=True, noise=0.3)
    blurred = _transcripts(shared=False, noise=0.05, seed=1)
    proba, labels = np.vstack([helped[0], blurred[0]]), np.vstack([helped[1], blurred[1]])
    documents = np.r_[helped[2], blurred[2] + 100]
    turns = np.r_[helped[3], blurred[3]]
    fold_of = np.repeat([0, 1], len(helped[0]))
    X = pd.DataFrame({"document": documents, "turn": turns})
    own = choose_context(helped[0], helped[1], helped[2], helped[3], 2)
    assert own != (0.0, 0.0, 0.0) and choose_context(*blurred, 2) == (0.0, 0.0, 0.0)
    scored = held_out_context(CodeSuggester(), proba, X, labels, fold_of)
    # fold 0 with fold 1's choice (none), fold 1 with fold 0's
    assert np.array_equal(scored[fold_of == 0], helped[0])
    assert np.allclose(
        scored[fold_of == 1], in_context(blurred[0], *blurred[2:], *own[:2], 2, own[2])
    )
    # weights that are set are used for every fold
    fixed = CodeSuggester(document_weight=0.2, neighbour_weight=0.0, parts_weight=0.0)
    assert np.allclose(
        held_out_context(fixed, proba, X, labels, fold_of),
        in_context(proba, documents, turns, 0.2, 0.0, 2),
    )


def test_the_pulls_never_take_more_than_a_units_own_score() -> None:
    import pandas as pd
    import pytest

    from coder.suggest.context import with_context, within_one
    from coder.suggest.estimator import CodeSuggester

    assert all(within_one(weights) for weights in CONTEXT_GRID) and len(CONTEXT_GRID) > 12
    assert not within_one((0.6, 0.2, 0.4)) and within_one((0.4, None, 0.6))
    proba, labels, documents, turns = _transcripts(shared=True, noise=0.3)
    X = pd.DataFrame({"document": documents, "turn": turns})
    with pytest.raises(ValueError, match="more than 1"):
        with_context(CodeSuggester(document_weight=0.8, parts_weight=0.4), proba, X, labels)
