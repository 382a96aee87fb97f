"""The lexicon back-off: lemma and part of speech for forms the model never saw."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from coder.nlp.components import AUX_FACTORY, FACTORY, LexiconBackoff


def make_doc(words: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    return Doc(spacy.blank("nl").vocab, words=words, pos=pos, lemmas=lemmas)


def test_unknown_forms_take_lemma_and_class_from_the_tables() -> None:
    backoff = LexiconBackoff(
        known={"zorgen"},
        lemmas={
            "jeugdhulpverleners": "jeugdhulpverlener",
            "zorgen": "zorg",
            "Utrechtse": "utrechts",
        },
        pos={"jeugdhulpverlener": "NOUN", "doorverwezen": "ADJ", "wachtlijstje": "NOUN"},
    )
    doc = backoff(
        make_doc(
            ["Jeugdhulpverleners", "zorgen", "Utrechtse", "doorverwezen", "wachtlijstje", "het"],
            ["VERB", "VERB", "PROPN", "VERB", "ADJ", "DET"],
            ["jeugdhulpverlener", "zorgen", "Utrechtse", "doorverwijzen", "wachtlijstje", "het"],
        )
    )
    # listed class replaces another open class; a known form is left to the model
    assert [t.pos_ for t in doc] == ["NOUN", "VERB", "PROPN", "VERB", "NOUN", "DET"]
    # verbs listed as adjectives (participles) stay verbs; names keep their lemma
    assert [t.lemma_ for t in doc] == [
        "jeugdhulpverlener",
        "zorgen",
        "Utrechtse",
        "doorverwijzen",
        "wachtlijstje",
        "het",
    ]


def test_tables_are_saved_with_the_pipeline(tmp_path) -> None:
    nlp = spacy.blank("nl")
    pipe = nlp.add_pipe(FACTORY)
    pipe.known, pipe.lemmas, pipe.pos = {"wachten"}, {"wachtlijsten": "wachtlijst"}, {"x": "ADJ"}
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p").get_pipe(FACTORY)
    assert (loaded.known, loaded.lemmas, loaded.pos) == (
        {"wachten"},
        {"wachtlijsten": "wachtlijst"},
        {"x": "ADJ"},
    )


def test_shipped_pipelines_carry_the_back_off(nlp) -> None:
    from coder.nlp.pipeline import load_feature_pipeline, pipeline_info

    for pipeline in (nlp, load_feature_pipeline()):
        if pipeline_info(pipeline).source == "shipped":  # not an official or custom one
            backoff = pipeline.get_pipe(FACTORY)
            assert len(backoff.lemmas) > 100_000 and len(backoff.pos) > 100_000
            assert 10_000 < len(backoff.known) < 50_000


def test_verb_parts_of_speech_follow_the_relation() -> None:
    vocab = spacy.blank("nl").vocab
    # "Het is gedaan , er is tijd": passive auxiliary tagged VERB, existential "is" AUX
    doc = Doc(
        vocab,
        words=["Het", "is", "gedaan", ",", "er", "is", "tijd"],
        pos=["PRON", "VERB", "VERB", "PUNCT", "ADV", "AUX", "NOUN"],
        heads=[2, 2, 2, 2, 5, 2, 5],
        deps=["nsubj:pass", "aux:pass", "ROOT", "punct", "expl", "conj", "nsubj"],
    )
    nlp = spacy.blank("nl")
    nlp.add_pipe(AUX_FACTORY)
    doc = nlp.get_pipe(AUX_FACTORY)(doc)
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "VERB", "PUNCT", "ADV", "VERB", "NOUN"]


def test_verb_parts_of_speech_untouched_without_a_parse() -> None:
    doc = make_doc(["Het", "is", "gedaan"], ["PRON", "AUX", "VERB"], ["het", "zijn", "doen"])
    nlp = spacy.blank("nl")
    nlp.add_pipe(AUX_FACTORY)
    assert [t.pos_ for t in nlp.get_pipe(AUX_FACTORY)(doc)] == ["PRON", "AUX", "VERB"]
