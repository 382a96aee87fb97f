"""WordCharTfidf gives exactly what scikit-learn's TfidfVectorizer gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from coder.suggest.textfeatures import WordCharTfidf

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"

AWKWARD = [
    "",
    "   ",
    "Ja.",
    "ja ja JA Ja",
    "Nou,\teh...  zeg maar\n\nhè?",
    "ΟΔΟΣ Σίσυφος ΣΑΣ",  # Greek final sigma depends on the letters around it
    "İstanbul ǅemal ß STRASSE",  # lower() that changes length
    "e\u0301e\u0301n café",  # combining accents
    "a b c d e f g",  # words shorter than the n-grams
    "wachtlijstproblemen wachtlijst-problemen (lacht) [stilte] 18-/18+",
    "\u00a0nbsp\u2003em-space\u3000ideographic",
    "😀 emoji's 😀😀",
    "x" * 300,
]


def _texts() -> list[str]:
    lines: list[str] = []
    for path in sorted(DEMO.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def _same(ours: sparse.spmatrix, theirs: sparse.spmatrix) -> None:
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    ours, theirs = sparse.csr_matrix(ours), sparse.csr_matrix(theirs)
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    np.testing.assert_allclose(ours.data, theirs.data, rtol=1e-12, atol=0)


SETTINGS = [
    dict(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=2000),
    dict(analyzer="char_wb", ngram_range=(1, 3), lowercase=False),
    dict(analyzer="char_wb", ngram_range=(2, 4), binary=True, norm="l1", use_idf=False),
    dict(analyzer="char_wb", ngram_range=(3, 3), dtype=np.float32, smooth_idf=False),
    # not word-wise: scikit-learn's own path
    dict(analyzer="char_wb", ngram_range=(3, 5), strip_accents="unicode"),
    dict(analyzer="char", ngram_range=(3, 5)),
    dict(analyzer="word", ngram_range=(1, 2)),
    dict(analyzer="char_wb", ngram_range=(3, 5), preprocessor=str.upper),
]


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: str(sorted(s.items())))
def test_fit_and_transform_match_scikit_learn(settings) -> None:  # type: ignore[no-untyped-def]
    texts = _texts()
    assert len(texts) > 200
    train, new = texts[::2] + AWKWARD, texts[1::2] + AWKWARD[::-1]
    ours, theirs = WordCharTfidf(**settings), TfidfVectorizer(**settings)
    _same(ours.fit_transform(train), theirs.fit_transform(train))
    assert ours.vocabulary_ == theirs.vocabulary_
    if ours.use_idf:
        np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    _same(ours.transform(new), theirs.transform(new))
    _same(ours.transform(iter(new)), theirs.transform(new))  # any iterable, read once
    for vectorizer in (ours, theirs):  # no rows: the same error
        with pytest.raises(ValueError, match="0 sample"):
            vectorizer.transform([])


def test_words_are_cut_once_per_call() -> None:
    vectorizer = WordCharTfidf(analyzer="char_wb", ngram_range=(3, 5)).fit(_texts())
    cut: list[str] = []
    real = TfidfVectorizer.build_analyzer

    def counting(self):  # type: ignore[no-untyped-def]
        analyse = real(self)
        return lambda text: (cut.append(text), analyse(text))[1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TfidfVectorizer, "build_analyzer", counting)
        rows = vectorizer.transform(["Ja, ja. Ja!", "ja ja wachtlijst", "Wachtlijst"])
    assert sorted(cut) == sorted({"Ja,", "ja.", "Ja!", "ja", "wachtlijst", "Wachtlijst"})
    assert rows.shape[0] == 3


def test_other_input_takes_scikit_learns_path() -> None:
    vectorizer = WordCharTfidf(analyzer="char_wb", ngram_range=(3, 5)).fit(_texts())
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit(_texts())
    _same(
        vectorizer.transform([b"wachtlijst", "jeugdzorg"]),
        reference.transform([b"wachtlijst", "jeugdzorg"]),
    )
    with pytest.raises(ValueError, match="string object received"):
        vectorizer.transform("one text instead of a list")
    with pytest.raises(ValueError, match=r"np\.nan"):
        vectorizer.transform(["tekst", np.nan])


def test_remembered_words_give_the_same_rows_and_are_never_stored() -> None:
    import skops.io

    texts = _texts()
    ours = WordCharTfidf(analyzer="char_wb", ngram_range=(3, 5), min_df=2).fit(texts[::2])
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2).fit(texts[::2])
    first = ours.transform(texts[1::2])
    assert ours._known_words()  # remembered for the next call
    _same(ours.transform(texts[1::2]), theirs.transform(texts[1::2]))
    _same(ours.transform(texts[1::2]), first)
    stored = skops.io.dumps(ours)
    loaded = skops.io.loads(stored, trusted=skops.io.get_untrusted_types(data=stored))
    assert "_known" in vars(ours) and "_known" not in vars(loaded)
    _same(loaded.transform(texts[1::2]), first)
    # refitted on other texts, the remembered columns belong to the old vocabulary
    ours.fit(texts[1::2])
    theirs.fit(texts[1::2])
    _same(ours.transform(texts[::2]), theirs.transform(texts[::2]))


def test_remembers_a_bounded_number_of_words(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import coder.suggest.textfeatures as textfeatures

    monkeypatch.setattr(textfeatures, "MAX_KNOWN_WORDS", 10)
    texts = _texts()
    ours = WordCharTfidf(analyzer="char_wb", ngram_range=(3, 5)).fit(texts)
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit(texts)
    _same(ours.transform(texts), theirs.transform(texts))
    assert len(ours._known_words()) == 10


def test_fitting_remembers_a_bounded_number_of_words(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import coder.suggest.textfeatures as textfeatures

    monkeypatch.setattr(textfeatures, "MAX_FIT_WORDS", 5)
    texts = _texts()
    settings = dict(analyzer="char_wb", ngram_range=(3, 5), min_df=2)
    ours, theirs = WordCharTfidf(**settings), TfidfVectorizer(**settings)
    _same(ours.fit_transform(texts), theirs.fit_transform(texts))
    assert ours.vocabulary_ == theirs.vocabulary_
