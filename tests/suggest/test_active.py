"""Choosing the turns to code next: uncertainty, spread by meaning (coder.suggest.active)."""

from __future__ import annotations

import numpy as np
import pytest

from coder.store import Project
from coder.suggest.active import directions, doubt, pick_batch
from coder.suggest.suggestions import Suggester


def test_doubt_is_one_on_a_threshold_and_zero_at_the_far_end() -> None:
    proba = np.array([[0.3, 0.9], [1.0, 0.0], [0.0, 0.6]])
    thresholds = np.array([0.3, 0.6])
    assert doubt(proba, thresholds) == pytest.approx([1.0, 0.0, 1.0])
    assert doubt(np.array([[0.65, 0.0]]), thresholds)[0] == pytest.approx(0.5)  # (0.35 of 0.7)
    assert doubt(np.zeros((2, 0)), np.zeros(0)).tolist() == [0.0, 0.0]


def test_directions_leave_out_what_all_vectors_share() -> None:
    vectors = np.array([[10.0, 1.0], [10.0, -1.0], [10.0, 1.0]])
    unit = directions(vectors)
    assert np.allclose(np.linalg.norm(unit, axis=1), 1.0)
    assert unit[0] @ unit[1] == pytest.approx(-1.0)  # alike before centring, opposite after


# Two turns that say the same (A, A'), most uncertain, and two that say something else.
VECTORS = np.array([[1.0, 0.0, 0.0], [0.99, 0.01, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
UNCERTAINTY = np.array([0.9, 0.88, 0.7, 0.5])


def test_without_diversity_it_is_uncertainty_sampling() -> None:
    order, priorities = pick_batch(UNCERTAINTY, VECTORS, 3, diversity=0)
    assert order.tolist() == [0, 1, 2]
    assert priorities.tolist() == [0.9, 0.88, 0.7]
    assert pick_batch(UNCERTAINTY, None, 3)[0].tolist() == [0, 1, 2]  # no embeddings


def test_a_turn_like_one_just_chosen_waits() -> None:
    order, priorities = pick_batch(UNCERTAINTY, VECTORS, 4, diversity=1)
    assert order.tolist()[:3] == [0, 2, 3] and order[3] == 1
    assert list(priorities) == sorted(priorities, reverse=True)
    assert priorities[-1] < 0.05  # A' adds almost nothing once A is chosen


def test_turns_like_those_coded_already_wait_too() -> None:
    known = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # A and the second topic are coded
    order, _ = pick_batch(UNCERTAINTY, VECTORS, 2, known=known, diversity=1)
    assert order.tolist()[0] == 3  # the one topic nobody coded yet, though least uncertain


def test_batch_size_and_bad_input() -> None:
    assert len(pick_batch(UNCERTAINTY, VECTORS, 10, diversity=1)[0]) == 4
    assert len(pick_batch(UNCERTAINTY, VECTORS, 0)[0]) == 0
    with pytest.raises(ValueError, match="3 vectors for 4"):
        pick_batch(UNCERTAINTY, VECTORS[:3], 2, diversity=1)
    with pytest.raises(ValueError, match="diversity"):
        pick_batch(UNCERTAINTY, VECTORS, 2, diversity=-1)


def test_code_these_next_can_spread_over_the_project(trained: Project) -> None:
    """With diversity, "code these next" weighs each uncertain turn by its distance to
    what is coded and chosen: its priority never exceeds the turn's uncertainty, and the
    batch is another than uncertainty alone picks (the default, as measured: see
    coder.suggest.active)."""
    suggester = Suggester(trained)
    if suggester.model is None or suggester.model.encoder_name is None:
        pytest.skip("no sentence encoder here: the order is uncertainty alone")
    ranked = suggester.most_uncertain(limit=10, diversity=1.0)
    assert len(ranked) == 10
    priorities = [p for _, p in ranked]
    assert priorities == sorted(priorities, reverse=True)
    coded = {(c.document_id, c.start) for c in trained.codings(source="human")}
    assert all((u.document_id, u.start) not in coded for u, _ in ranked)
    alone = suggester.most_uncertain(limit=200, diversity=0)
    uncertainty = {(u.document_id, u.start, u.end): p for u, p in alone}
    assert [p for _, p in alone] == sorted(uncertainty.values(), reverse=True)
    for unit, priority in ranked:
        key = (unit.document_id, unit.start, unit.end)
        assert key not in uncertainty or priority <= uncertainty[key] + 1e-9
    assert [(u.document_id, u.start) for u, _ in ranked] != [
        (u.document_id, u.start) for u, _ in alone[:10]
    ]
