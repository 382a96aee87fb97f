"""The estimator follows the scikit-learn contract and learns from partial labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from coder.suggest.estimator import CodeSuggester
from coder.suggest.evaluation import best_threshold, calibration_error, score

WAITING = [
    "we stonden maanden op de wachtlijst",
    "het wachten duurde een half jaar",
    "lange wachttijd voor hulp",
]
SCHOOL = [
    "de mentor op school belde",
    "school en zorg werkten niet samen",
    "de leerkracht wist van niks",
]
OTHER = ["ja dat klopt", "hoe oud ben je nu", "dank je wel", "nou ik weet het niet"]


def frame(texts: list[str], previous: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "text": texts,
            "lemmas": texts,
            "context": [""] * len(texts),
            "role": ["ouder"] * len(texts),
            "previous": previous or [""] * len(texts),
        }
    )


def test_contract_params_clone_and_fitted_attributes() -> None:
    model = CodeSuggester(C=2.0, char_ngrams=None)
    assert model.get_params()["C"] == 2.0
    assert clone(model).get_params() == model.get_params()
    with pytest.raises(NotFittedError):
        model.predict_proba(frame(["x"]))
    texts = WAITING + SCHOOL + OTHER
    Y = pd.DataFrame({11: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], 12: [0, 0, 0, 1, 1, 1, 0, 0, 0, 0]})
    assert model.fit(frame(texts), Y) is model
    assert list(model.classes_) == [11, 12]
    proba = model.predict_proba(frame(["wachtlijst van een jaar", "de mentor van school"]))
    assert proba.shape == (2, 2)
    assert proba[0, 0] > proba[0, 1] and proba[1, 1] > proba[1, 0]
    assert model.predict(frame(["wachtlijst"]), thresholds=[0.0, 1.01]).tolist() == [[1, 0]]


def test_unknown_labels_are_left_out_not_taken_as_negative() -> None:
    texts = [*WAITING, "de wachtlijst was vreselijk lang", *OTHER]
    known = np.array([[1], [1], [1], [-1], [0], [0], [0], [0]])
    negative = np.array([[1], [1], [1], [0], [0], [0], [0], [0]])
    query = frame(["de wachtlijst was vreselijk lang"])
    p_known = CodeSuggester(char_ngrams=None).fit(frame(texts), known).predict_proba(query)[0, 0]
    p_negative = (
        CodeSuggester(char_ngrams=None).fit(frame(texts), negative).predict_proba(query)[0, 0]
    )
    assert p_known > p_negative


def test_code_without_examples_predicts_its_prior() -> None:
    model = CodeSuggester(char_ngrams=None).fit(
        frame(WAITING + OTHER), np.array([[1, 0]] * 3 + [[0, 0]] * 4)
    )
    assert model.trained_codes().tolist() == [True, False]
    assert np.allclose(model.predict_proba(frame(["iets"]))[:, 1], model.priors_[1])


def test_threshold_and_calibration_helpers() -> None:
    proba = np.array([0.9, 0.8, 0.3, 0.2, 0.1])
    labels = np.array([1, 1, 0, 0, -1])
    assert 0.3 < best_threshold(proba, labels) <= 0.8
    assert calibration_error(np.array([[1.0], [0.0]]), np.array([[1], [0]])) == 0.0
    assert calibration_error(np.array([[0.9], [0.9]]), np.array([[0], [0]])) == pytest.approx(0.9)


def test_scores_use_thresholds_from_other_folds() -> None:
    # Fold 0 alone would love threshold 0.5; the other fold pushes it up to 0.9.
    proba = np.array([[0.6], [0.4], [0.95], [0.6], [0.6]])
    labels = np.array([[1], [0], [1], [0], [0]])
    fold_of = np.array([0, 0, 1, 1, 1])
    report = score(proba, labels, fold_of, [7])
    assert (
        report.per_code[7].recall == 0.5
    )  # 0.6 in fold 0 is below the threshold learned on fold 1


def test_previous_turn_counts_as_much_as_the_turn_says_little() -> None:
    from coder.suggest.estimator import GatedPrevious

    X = frame(["", "wachtlijst jaar", "a b c d e f"], previous=["wachtlijst"] * 3)
    rows = GatedPrevious(gate=2.0).fit(X).transform(X).toarray()[:, 0]
    assert rows.tolist() == pytest.approx([1.0, 0.5, 0.25])


def test_a_reply_takes_the_code_of_the_turn_before() -> None:
    reply = "ja precies"
    texts = [*WAITING, reply, reply, *SCHOOL, reply, reply, *OTHER]
    previous = [""] * 3 + [WAITING[0], WAITING[1]] + [""] * 3 + [SCHOOL[0], SCHOOL[1]] + [""] * 4
    waiting = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    model = CodeSuggester().fit(frame(texts, previous), np.array([waiting]).T)
    after = model.predict_proba(frame([reply, reply], [WAITING[0], SCHOOL[0]]))[:, 0]
    assert after[0] > 0.5 > after[1]
