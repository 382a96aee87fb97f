"""Cluster labels: class-based TF-IDF over content words, without speech, notes or names."""

from __future__ import annotations

import numpy as np

from coder.cluster.labels import (
    annotation_spans,
    class_tfidf_labels,
    in_annotation,
    label_term_allowed,
    name_words,
)


def test_annotations_are_found() -> None:
    text = "Ja (lacht) dat was [stilte] lastig (onverstaanbaar 00:12:03). Geen (notitie"
    spans = annotation_spans(text)
    assert [text[a:b] for a, b in spans] == ["(lacht)", "[stilte]", "(onverstaanbaar 00:12:03)"]
    assert in_annotation(text.index("lacht"), spans)
    assert not in_annotation(text.index("lastig"), spans)
    assert not in_annotation(text.index("notitie"), spans)  # never closed: said, not noted


def test_names_and_speaker_labels_become_folded_words() -> None:
    words = name_words(["Marieke de Boer", "Aydın", "Moeder", "I"])
    assert {"marieke", "boer", "aydın", "aydin", "moeder"} <= words
    assert "i" not in words  # one letter: never a label word anyway


def test_terms_with_speech_or_names_are_not_allowed() -> None:
    excluded = name_words(["Daan"])
    assert label_term_allowed("wachtlijst", excluded)
    assert label_term_allowed("vast contactpersoon", excluded)
    for term in ("eigenlijk", "echt", "hè", "nou", "zeg", "daan", "Daan", "daan school", ""):
        assert not label_term_allowed(term, excluded), term


def test_labels_are_the_distinctive_terms_of_each_cluster() -> None:
    documents = [
        ["wachtlijst", "maand", "eigenlijk", "daan", "vast contactpersoon", "contactpersoon"],
        ["wachtlijst", "maand", "echt", "daan", "vast contactpersoon"],
        ["school", "brief", "verzuim", "echt", "daan"],
        ["school", "verzuim", "mentor", "eigenlijk"],
    ]
    labels, terms = class_tfidf_labels(
        documents, np.array([0, 0, 1, 1]), 2, excluded=name_words(["Daan"])
    )
    assert terms[0][:3] == ["maand", "vast contactpersoon", "wachtlijst"]
    assert labels[0] == "maand · vast contactpersoon · wachtlijst"
    assert labels[1].split(" · ")[:2] == ["school", "verzuim"]
    for words in terms:
        assert not {"daan", "echt", "eigenlijk"} & set(words)


def test_a_cluster_without_content_words_is_numbered() -> None:
    labels, terms = class_tfidf_labels([["echt"], ["nou"]], np.array([0, 1]), 2)
    assert labels == ["cluster 1", "cluster 2"] and terms == [[], []]
