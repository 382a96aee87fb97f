"""A tiny slice of benchmarks/suggest_quality.py on the shared development corpus.

Skipped where the corpus is absent (it lives outside the repository, in ../shared/).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from dev_corpus import corpus_available, load_transcripts
from suggest_metrics import top3_code_recall

pytestmark = pytest.mark.skipif(
    not corpus_available(), reason="the development corpus (../shared/dev-corpus) is absent"
)


def test_top3_code_recall_counts_each_gold_code_once() -> None:
    proba = np.array([[0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.9]])
    labels = np.array([[1, 0, 0, 1], [0, 0, 0, 1]])
    # Turn 1: one of its two gold codes in the top 3; turn 2: its only code.
    assert top3_code_recall(proba, labels) == pytest.approx(2 / 3)


def test_three_transcripts_import_and_score() -> None:
    from suggest_candidates import ZeroShot
    from suggest_quality import build_corpus, metrics, run_split

    from coder.suggest.estimator import CodeSuggester

    transcripts = load_transcripts()[:3]
    corpus, project = build_corpus(transcripts)
    documents = {d.name: d.id for d in project.documents()}
    assert set(documents) == {t.doc_id for t in transcripts}
    assert corpus.is_turn.sum() == sum(len(t.turns) for t in transcripts)
    gold = sum(len(turn["codes"]) for t in transcripts for turn in t.turns)
    assert (corpus.labels[corpus.is_turn] == 1).sum() == gold
    ids = sorted(documents.values())
    for estimator in (CodeSuggester(), ZeroShot()):
        split = run_split(estimator, corpus, ids[:2], ids[2:])
        assert split.proba.shape == (len(split.test), len(corpus.code_ids))
        scores = metrics([split], corpus, probabilities=False)
        assert 0.0 <= scores["micro"] <= 1.0
        assert 0.0 < scores["top3"] <= 1.0
