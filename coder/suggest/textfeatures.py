"""Character n-grams within words, computed once per distinct word.

scikit-learn's ``char_wb`` analyser cuts every word of every text into its n-grams and
looks each one up, so a text of 60 words costs about a thousand string slices and
dictionary lookups. Those n-grams never cross a word's edges: a text's n-grams are the
union of its words' n-grams. :class:`WordCharTfidf` therefore cuts each distinct word
once per call and counts a batch of texts as (texts × words) @ (words × n-grams), with the
vocabulary, weights and output of :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
(tests/suggest/test_textfeatures.py compares them on awkward text). Settings where the
shortcut would not be exact (another analyser, a custom preprocessor, accents stripped,
input that is not text) take scikit-learn's own path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

# Words whose columns are remembered between calls (some 20 MB at most); a larger corpus
# analyses the rest of its words per call.
MAX_KNOWN_WORDS = 100_000
# Words whose n-grams are remembered while fitting (some 20 MB: a word's n-grams are
# strings); the most frequent words come early, the rest are cut each time they occur.
MAX_FIT_WORDS = 20_000


class WordCharTfidf(TfidfVectorizer):
    """A ``TfidfVectorizer(analyzer="char_wb", ...)`` that analyses each distinct word once."""

    def _wordwise(self) -> bool:
        return (
            self.analyzer == "char_wb"
            and self.input == "content"
            and self.preprocessor is None
            and self.strip_accents is None
        )

    def build_analyzer(self) -> Callable[[Any], list[str]]:
        """scikit-learn's analyser, remembering each word's n-grams (used when fitting)."""
        analyse = super().build_analyzer()
        if not self._wordwise():
            return analyse
        known: dict[str, list[str]] = {}

        def by_words(document: Any) -> list[str]:
            if not isinstance(document, str):
                return analyse(document)
            grams: list[str] = []
            for word in document.split():
                cut = known.get(word)
                if cut is None:
                    cut = analyse(word)
                    if len(known) < MAX_FIT_WORDS:
                        known[word] = cut
                grams.extend(cut)
            return grams

        return by_words

    def transform(self, raw_documents: Iterable[Any]) -> sparse.csr_matrix:
        """TF-IDF rows of ``raw_documents``, as :meth:`TfidfVectorizer.transform` gives them."""
        if isinstance(raw_documents, str):
            return super().transform(raw_documents)  # scikit-learn's own error
        documents = list(raw_documents)
        if not self._wordwise() or not all(isinstance(d, str) for d in documents):
            return super().transform(documents)
        check_is_fitted(self, "vocabulary_")
        words: dict[str, int] = {}
        columns: list[int] = []
        starts = [0]
        for document in documents:
            columns.extend(words.setdefault(word, len(words)) for word in document.split())
            starts.append(len(columns))
        texts_by_words = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.int64), columns, starts),
            shape=(len(documents), len(words)),
        )
        counts = texts_by_words @ self._words_by_grams(words)
        counts = counts.astype(self.dtype, copy=False)
        counts.sort_indices()
        if self.binary:
            counts.data.fill(1)
        return self._tfidf.transform(counts, copy=False)

    def _words_by_grams(self, words: dict[str, int]) -> sparse.csr_matrix:
        """(words × vocabulary) counts of each word's known n-grams."""
        known = self._known_words()
        analyse = None
        columns: list[int] = []
        starts = [0]
        for word in words:  # in id order: dicts keep insertion order
            cut = known.get(word)
            if cut is None:
                if analyse is None:
                    analyse = super().build_analyzer()
                vocabulary = self.vocabulary_
                cut = tuple(i for i in map(vocabulary.get, analyse(word)) if i is not None)
                if len(known) < MAX_KNOWN_WORDS:
                    known[word] = cut
            columns.extend(cut)
            starts.append(len(columns))
        grams = sparse.csr_matrix(
            (np.ones(len(columns), dtype=np.int64), columns, starts),
            shape=(len(words), len(self.vocabulary_)),
        )
        grams.sum_duplicates()
        return grams

    def _known_words(self) -> dict[str, tuple[int, ...]]:
        """The columns of each word met so far, for this vocabulary (refitting or loading
        one starts afresh)."""
        memo = self.__dict__.get("_known")
        if memo is None or memo[0] is not self.vocabulary_:
            memo = self.__dict__["_known"] = (self.vocabulary_, {})
        return memo[1]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_known", None)  # a cache, never stored with the model
        return state
