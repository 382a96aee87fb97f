"""Cluster labels a researcher can read: the content words and noun phrases frequent in
one cluster and rare in the others (class-based TF-IDF), leaving out what says nothing
about a theme or names someone.

Left out of labels:

- the words of speech: hesitations, back-channels and discourse words ("eh", "hè",
  "nou", "ja", "zeg maar", "eigenlijk", "echt", "gewoon") and a few nouns that occur in
  every story ("keer", "ding"), and the verbs of "eerlijk gezegd" and "hoe heet het" with
  the light verbs the lemmatiser leaves unlemmatised in speech ("ga", "blijf"), swearing,
  and the titles before a name ("meneer", "juf");
- transcriber's annotations such as "(lacht)" or "[stilte]": their words never become
  item lemmas at all (``in_annotation``, used when items are selected);
- speaker labels ("Moeder", "Daan") and the person names the pseudonymiser finds in the
  quotes: a label is shown, exported and can become a code's definition, so it must not
  identify anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from coder.nlp.analysis import FILLERS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of spoken Dutch (as lemmas, lower case) that carry no theme of their own.
SPOKEN = FILLERS | _words(
    """
    hè he hé tja joh jeetje pff oeh aha okee jaja neenee zeg zeggen maar snap snappen
    weet weten eigenlijk echt gewoon heel hele natuurlijk tuurlijk sowieso precies
    inderdaad klopt kloppen toch wel even effe ff beetje best soms misschien zeker
    ofzo enzo zo dus eens allemaal helemaal hoor super prima goed fijn mooi erg
    keer ding dingen iets iemand niks niets manier stuk kant
    eerlijk heten hoeven ga kom blijf zit sta lig denk
    kut shit fuck godverdomme verdorie potverdorie jezus meneer mevrouw juf juffrouw
    """
)

# "(lacht)", "[stilte]", "(onverstaanbaar 00:12:03)", "[??]": short bracketed notes.
ANNOTATION = re.compile(r"\([^()\n]{1,60}\)|\[[^\[\]\n]{1,60}\]")


def annotation_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in ANNOTATION.finditer(text)]


def in_annotation(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The lower-case words of names and speaker labels ("Marieke de Boer" → marieke,
    boer; joiners such as "de" are stop words anyway)."""
    from coder.deid.detect import fold

    words: set[str] = set()
    for name in names:
        for word in re.findall(r"\w+", name):
            if len(word) > 1:
                words.add(word.lower())
                words.add(fold(word))
    return frozenset(words)


def label_term_allowed(term: str, excluded: frozenset[str]) -> bool:
    """A lemma or a phrase ("vast contactpersoon") fit for a label: none of its words is
    a word of speech or a name."""
    from coder.deid.detect import fold

    words = term.split()
    return bool(words) and not any(
        w in SPOKEN or w in excluded or fold(w) in excluded for w in words
    )


def class_tfidf_labels(
    documents: list[list[str]],
    assignments: np.ndarray,
    k: int,
    *,
    excluded: frozenset[str] = frozenset(),
    top: int = 4,
) -> tuple[list[str], list[list[str]]]:
    """Each cluster's label (up to three terms joined by " · ") and its top terms.

    ``documents``: each item's terms (lemmas, and phrases with spaces), ``excluded``:
    name words to leave out. Class-based TF-IDF: a term's share of the cluster's terms,
    weighted by how rare it is across clusters.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    kept = [
        " ".join(t.replace(" ", "_") for t in d if label_term_allowed(t, excluded))
        for d in documents
    ]
    joined = [
        " ".join(d for d, a in zip(kept, assignments, strict=True) if a == c) for c in range(k)
    ]
    if not any(d.strip() for d in kept):
        return [f"cluster {c + 1}" for c in range(k)], [[] for _ in range(k)]
    counts = CountVectorizer(token_pattern=r"\S+", lowercase=False).fit(kept)
    matrix = counts.transform(joined).toarray().astype(float)
    tf = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    average_words = np.mean([len(j.split()) for j in joined])
    frequency = matrix.sum(axis=0)
    weights = tf * np.log1p(average_words / np.maximum(frequency, 1))
    vocabulary = np.array(counts.get_feature_names_out())
    labels, terms = [], []
    for c in range(k):
        best = [
            vocabulary[j].replace("_", " ")
            for j in np.argsort(-weights[c], kind="stable")[:top]
            if weights[c, j] > 0
        ]
        # A phrase makes its own words redundant in the label.
        chosen = [t for t in best if not any(t != o and t in o.split() for o in best)]
        terms.append(best)
        labels.append(" · ".join(chosen[:3]) or f"cluster {c + 1}")
    return labels, terms
