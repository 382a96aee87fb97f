"""Cold start: suggest a code from its definition and example before it has examples.

Each leaf code is described by its name, definition, inclusion note and example; the
description and the units are compared as TF-IDF vectors of content lemmas (cosine
similarity). These suggestions are marked as coming from the definition, and their
score is a similarity, not a probability.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from coder.nlp.analysis import content_lemmas
from coder.store import Code
from coder.suggest.units import Unit

if TYPE_CHECKING:
    from spacy.language import Language

MIN_SIMILARITY = 0.10


def code_description(code: Code) -> str:
    return " ".join(
        part for part in (code.name, code.definition, code.inclusion, code.example) if part
    )


class DefinitionMatcher:
    """Similarity of units to the descriptions of codes (leaf codes: groups are containers)."""

    def __init__(
        self, codes: list[Code], nlp: Language, *, skip: set[int] | frozenset[int] = frozenset()
    ) -> None:
        parents = {code.parent_id for code in codes}
        self.codes = [
            code
            for code in codes
            if code.id not in parents and code.id not in skip and code_description(code)
        ]
        self.descriptions = [
            " ".join(content_lemmas(doc))
            for doc in nlp.pipe(code_description(c) for c in self.codes)
        ]

    def similarities(self, units: list[Unit]) -> np.ndarray:
        """(units × codes) cosine similarities, codes in the order of ``self.codes``."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics.pairwise import cosine_similarity

        if not units or not self.codes:
            return np.zeros((len(units), len(self.codes)))
        vectorizer = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+")
        vectorizer.fit(self.descriptions + [u.lemmas for u in units])
        return cosine_similarity(
            vectorizer.transform([u.lemmas for u in units]), vectorizer.transform(self.descriptions)
        )
