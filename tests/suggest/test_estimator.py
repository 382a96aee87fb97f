"""The estimator follows the scikit-learn contract and learns from partial labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from coder.suggest.estimator import CodeSuggester
from coder.suggest.evaluation import best_threshold, calibration_error, score, tuned_thresholds

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


def test_a_rare_codes_threshold_leans_on_the_one_all_codes_share() -> None:
    # Code 0: 50 positives at 0.9 and 50 negatives at 0.2, best from 0.9 down to 0.225.
    # Code 1: two positives at 0.1 and negatives at 0.05: alone it would cut at 0.1, which
    # over both codes together would let every negative of code 0 through.
    proba = np.array([[0.9, 0.05]] * 50 + [[0.2, 0.05]] * 48 + [[0.2, 0.1]] * 2 + [[0.99, 0.99]])
    labels = np.array([[1, 0]] * 50 + [[0, 0]] * 48 + [[0, 1]] * 2 + [[-1, -1]])
    own = tuned_thresholds(proba, labels, shrinkage=0)
    assert own.tolist() == [0.9, 0.1]
    shared = best_threshold(proba.ravel(), labels.ravel())
    assert shared == 0.9  # the unknown row at 0.99 counts for nothing
    tuned = tuned_thresholds(proba, labels, shrinkage=60)
    assert tuned[0] == pytest.approx(0.9)
    assert tuned[1] == pytest.approx((2 * 0.1 + 60 * 0.9) / 62)


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
    gated = CodeSuggester(previous_weight=3.0, lemma_ngrams=(1, 2), C=16.0)
    model = gated.fit(frame(texts, previous), np.array([waiting]).T)
    after = model.predict_proba(frame([reply, reply], [WAITING[0], SCHOOL[0]]))[:, 0]
    assert after[0] > 0.5 > after[1]


def with_meaning(data: pd.DataFrame, topics: list[int], previous: list[int]) -> pd.DataFrame:
    """Vector columns as a sentence encoder gives them: a large shared direction plus a
    topic direction (0 none, 1 waiting, 2 school), the same for the previous turn."""
    rng = np.random.default_rng(0)

    def vector(topic: int) -> np.ndarray:
        v = np.full(8, 2.0) + rng.normal(0, 0.05, 8)
        if topic:
            v[topic] += 1.0
        return v / np.linalg.norm(v)

    data = data.copy()
    data["embedding"] = [vector(t) for t in topics]
    data["previous_embedding"] = [vector(t) for t in previous]
    data["definitions"] = [np.array([v[1]]) for v in data["embedding"]]
    return data


def test_meaning_carries_what_no_word_shares() -> None:
    # Turns about waiting in words the other turns never use: only the embedding knows.
    texts = ["alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    topics = [1, 1, 1, 2, 2, 0, 0, 0]
    labels = np.array([[1, 1, 1, 0, 0, 0, 0, 0]]).T
    X = with_meaning(frame(texts), topics, [0] * 8)
    model = CodeSuggester(char_ngrams=None).fit(X, labels)
    query = with_meaning(frame(["india", "juliet"]), [1, 2], [0, 0])
    p = model.predict_proba(query)[:, 0]
    assert p[0] > 0.5 > p[1]
    names = [name for name, *_ in model.features_.transformers_]
    assert {"embedding", "previous_embedding", "definitions"} <= set(names)
    # without the columns (no encoder here) the model learns from words alone
    lexical = CodeSuggester(char_ngrams=None).fit(frame(texts), labels)
    assert [name for name, *_ in lexical.features_.transformers_ if name != "remainder"] == [
        "words"
    ]


def test_a_role_never_coded_gets_no_suggestions() -> None:
    texts = [*WAITING, *SCHOOL, *OTHER] * 10
    data = frame(texts)
    data["role"] = ["ouder"] * 50 + ["interviewer"] * 50
    waiting = np.array([[1, 1, 1, 0, 0, 0, 0, 0, 0, 0] * 5 + [0] * 50]).T
    query = frame([WAITING[0], WAITING[0]])
    query["role"] = ["ouder", "interviewer"]
    p = CodeSuggester(char_ngrams=None).fit(data, waiting).predict_proba(query)[:, 0]
    assert p[1] < 0.1 * p[0]  # the factor tends to 0 as more of the role's turns are seen
    flat = CodeSuggester(char_ngrams=None, role_prior=False).fit(data, waiting)
    assert flat.predict_proba(query)[1, 0] == pytest.approx(flat.predict_proba(query)[0, 0])


def test_auto_tag_threshold_needs_precision_it_can_be_sure_of() -> None:
    from coder.suggest.evaluation import lower_bound, precision_curve, reliable_threshold

    # 40 units: a code whose high scores are right, whose low scores are not
    proba = np.linspace(0.05, 0.95, 40)
    labels = (proba > 0.5).astype(int)
    labels[[30, 33]] = 0  # two mistakes among the high scores
    curve = precision_curve(proba, labels)
    assert [len(point) for point in curve] == [4] * len(curve)
    point = reliable_threshold(curve, 0.70)
    assert point is not None and point[0] <= 0.5
    # the precision from that threshold on is sure enough; one step lower it is not
    assert lower_bound(point[1], int(point[3])) >= 0.70
    below = curve[curve.index(point) - 1]
    assert lower_bound(below[1], int(below[3])) < 0.70
    # nothing is that precise: not reliable
    assert reliable_threshold(curve, 0.99) is None
    # few predictions are not enough to be sure: 3 right of 3 is not "surely 95 %"
    assert lower_bound(1.0, 3) < 0.95 < lower_bound(1.0, 100)
    # curves stored by older models have no counts: their precision as measured
    assert reliable_threshold([(0.5, 0.8, 0.5)], 0.7) == (0.5, 0.8, 0.5)


def with_definitions(data: pd.DataFrame, similarities: list[list[float]]) -> pd.DataFrame:
    data = data.copy()
    data["definitions"] = [np.array(row) for row in similarities]
    return data


def test_the_codebook_speaks_before_the_examples_do() -> None:
    # Two codes with three examples each; the query turns share no word with them, but one
    # resembles the description of waiting and the other that of school.
    close = {"waiting": [0.8, 0.3], "school": [0.3, 0.8], "other": [0.4, 0.4]}
    rows = [close["waiting"]] * 3 + [close["school"]] * 3 + [close["other"]] * 4
    labels = np.array([[1, 0]] * 3 + [[0, 1]] * 3 + [[0, 0]] * 4)
    words_only = {"definition_weight": 0.0, "char_ngrams": None}
    query = with_definitions(frame(["alfa", "bravo"]), [close["waiting"], close["school"]])

    def fitted(times: int, **settings: float) -> CodeSuggester:
        data = with_definitions(frame((WAITING + SCHOOL + OTHER) * times), rows * times)
        return CodeSuggester(**words_only, **settings).fit(data, np.tile(labels, (times, 1)))

    cold = fitted(1).predict_proba(query)
    assert cold[0, 0] > cold[1, 0] and cold[1, 1] > cold[0, 1]
    plain = fitted(1, cold_start=0.0).predict_proba(query)
    assert plain[0, 0] == pytest.approx(plain[1, 0])  # the words alone cannot tell
    # blended away as examples arrive: with ten times as many, the model's own voice
    assert fitted(1).positives_.tolist() == [3, 3]
    many = fitted(10).predict_proba(query)
    many_plain = fitted(10, cold_start=0.0).predict_proba(query)
    assert np.abs(many - many_plain).max() < np.abs(cold - plain).max()


def test_the_codebook_examples_teach_what_the_coding_has_not_shown_yet() -> None:
    from coder.suggest.estimator import CodebookExamples

    # The coded turns show waiting but never school; the codebook describes both.
    texts = WAITING + OTHER + ["de leerkracht belde"]
    labels = np.array([[1, 0]] * 3 + [[0, 0]] * 5)
    book = CodebookExamples(
        frame(["lange wachtlijst voor jeugdhulp", "school en zorg werken samen", "de mentor"]),
        np.array([[1, 0], [0, 1], [0, 1]]),
    )
    query = frame(["school en zorg werkten niet samen"])
    without = CodeSuggester(char_ngrams=None, min_known=1).fit(frame(texts), labels)
    assert without.trained_codes().tolist() == [True, False]  # school: no coded example
    model = CodeSuggester(char_ngrams=None, min_known=1, codebook=book).fit(frame(texts), labels)
    assert model.trained_codes().tolist() == [True, True]
    assert model.predict_proba(query)[0, 1] > model.predict_proba(query)[0, 0]
    # the examples are not coded turns: counts, priors and role factors are the turns' own
    assert model.positives_.tolist() == without.positives_.tolist() == [3, 0]
    assert model.priors_.tolist() == without.priors_.tolist()
    assert model.role_factors_.tolist() == without.role_factors_.tolist()
    # weight 0 switches them off; the estimator keeps its parameters as given
    off = CodeSuggester(char_ngrams=None, min_known=1, codebook=book, codebook_weight=0.0)
    assert off.fit(frame(texts), labels).trained_codes().tolist() == [True, False]
    assert clone(model).get_params()["codebook"] is not book  # copied, not shared
    assert "3 examples of 2 codes" in repr(model)


def test_codebook_examples_must_fit_the_codes_and_columns() -> None:
    from coder.suggest.estimator import CodebookExamples

    texts = WAITING + OTHER
    labels = np.array([[1]] * 3 + [[0]] * 4)
    two_codes = CodebookExamples(frame(["wachtlijst"]), np.array([[1, 0]]))
    with pytest.raises(ValueError, match="a label for each code"):
        CodeSuggester(codebook=two_codes).fit(frame(texts), labels)
    no_role = CodebookExamples(frame(["wachtlijst"]).drop(columns=["role"]), np.array([[1]]))
    with pytest.raises(ValueError, match="lack the columns role"):
        CodeSuggester(codebook=no_role).fit(frame(texts), labels)
    # a column no feature reads (a benchmark's own) need not be there
    noted = frame(texts).assign(note="x")
    fine = CodebookExamples(frame(["wachtlijst"]), np.array([[1]]))
    assert CodeSuggester(codebook=fine).fit(noted, labels).predict_proba(noted).shape == (7, 1)


def test_a_turn_leans_towards_what_its_own_transcript_is_about() -> None:
    texts = WAITING + SCHOOL + OTHER
    Y = np.array([[1, 0]] * 3 + [[0, 1]] * 3 + [[0, 0]] * 4)
    model = CodeSuggester(char_ngrams=None, document_weight=0.4).fit(frame(texts), Y)
    alone = CodeSuggester(char_ngrams=None, document_weight=0.0).fit(frame(texts), Y)
    reply = "ja dat klopt"
    about_waiting = frame([WAITING[0], WAITING[1], reply]).assign(document=7)
    about_school = frame([SCHOOL[0], SCHOOL[1], reply]).assign(document=8)
    both = pd.concat([about_waiting, about_school], ignore_index=True)
    proba = model.predict_proba(both)
    # the same reply is about the waiting list in one transcript, about school in the other
    assert proba[2, 0] > proba[5, 0] and proba[5, 1] > proba[2, 1]
    # the pull is weight × the document's mean, and only its own document's
    raw = alone.predict_proba(both)
    for rows in (slice(0, 3), slice(3, 6)):
        expected = 0.6 * raw[rows] + 0.4 * raw[rows].mean(axis=0)
        assert np.allclose(proba[rows], expected)
    assert np.allclose(model.predict_proba(about_waiting), proba[:3])
    # without the column each unit stands alone, as predict_proba_alone scores it
    assert np.allclose(model.predict_proba(both.drop(columns="document")), raw)
    assert np.allclose(model.predict_proba_alone(both), raw)
    assert np.allclose(model.in_context(raw, both), proba)


def test_a_long_turn_reaches_for_its_best_sentence_group() -> None:
    texts = WAITING + SCHOOL + OTHER
    Y = np.array([[1, 0]] * 3 + [[0, 1]] * 3 + [[0, 0]] * 4)
    model = CodeSuggester(char_ngrams=None, document_weight=0.2, parts_weight=0.4)
    model.fit(frame(texts), Y)
    # a long turn (first row) whose second sentence group is about school, then a reply
    turn = f"{OTHER[3]} {SCHOOL[1]} {OTHER[2]}"
    units = frame([turn, OTHER[3], SCHOOL[1], "ja"]).assign(document=3, turn=[5, 5, 5, 6])
    raw = model.predict_proba_alone(units)
    own = model.in_own_turn(raw, units)
    # the whole turn moves 40 % of the way to the highest of its groups; the rest keep theirs
    assert np.allclose(own[0], 0.6 * raw[0] + 0.4 * raw[1:3].max(axis=0))
    assert np.allclose(own[1:], raw[1:]) and own[0, 1] > raw[0, 1]
    # in context the transcript's pull comes on top (the explanations' share of a score)
    proba = model.predict_proba(units)
    assert np.allclose(proba - own, 0.2 * (raw.mean(axis=0) - raw))
    # without turn numbers, or at weight 0, a turn has no parts
    assert np.allclose(model.in_own_turn(raw, units.drop(columns="turn")), raw)
    assert np.allclose(model.set_params(parts_weight=0.0).in_own_turn(raw, units), raw)
