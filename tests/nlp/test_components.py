"""The lemma back-off component: lookup lemmas for forms the lemmatizer never saw."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from coder.nlp.components import FACTORY, LemmaBackoff


def make_doc(words: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    return Doc(spacy.blank("nl").vocab, words=words, pos=pos, lemmas=lemmas)


def test_table_lemmas_replace_the_model_guess_except_for_names() -> None:
    backoff = LemmaBackoff(table={"jeugdhulpverleners": "jeugdhulpverlener", "zorgen": "zorg"})
    doc = backoff(
        make_doc(
            ["Jeugdhulpverleners", "zorgen", "Zorgen"],
            ["NOUN", "VERB", "PROPN"],
            ["jeugdhulpverleners", "zorgen", "Zorgen"],
        )
    )
    assert [t.lemma_ for t in doc] == ["jeugdhulpverlener", "zorg", "Zorgen"]


def test_table_is_saved_with_the_pipeline(tmp_path) -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe(FACTORY).table = {"wachtlijsten": "wachtlijst"}
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded.get_pipe(FACTORY).table == {"wachtlijsten": "wachtlijst"}


def test_shipped_pipelines_carry_the_back_off(nlp) -> None:
    from coder.nlp.pipeline import load_feature_pipeline, pipeline_info

    for pipeline in (nlp, load_feature_pipeline()):
        if pipeline_info(pipeline).source == "shipped":  # not an official or custom one
            assert len(pipeline.get_pipe(FACTORY).table) > 100_000
