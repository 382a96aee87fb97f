"""The Dutch pipeline on spoken Dutch: sentences, lemmas, POS, noun chunks."""

from __future__ import annotations

import pytest

from coder.errors import CoderError
from coder.nlp import pipeline
from coder.nlp.analysis import (
    content_lemmas,
    doc_text,
    is_content_word,
    key_phrases,
    lemma_of,
    word_count,
)


def test_official_model_is_preferred_when_installed(monkeypatch) -> None:
    monkeypatch.delenv(pipeline.PIPELINE_ENV, raising=False)
    monkeypatch.setattr(pipeline, "_official_installed", lambda: "nl_core_news_sm")
    assert pipeline._choose() == ("nl_core_news_sm", "official")


def test_shipped_model_is_the_fallback(monkeypatch) -> None:
    monkeypatch.delenv(pipeline.PIPELINE_ENV, raising=False)
    monkeypatch.setattr(pipeline, "_official_installed", lambda: None)
    target, source = pipeline._choose()
    assert source == "shipped" and target.endswith("nl_codeertafel_sm")


def test_custom_pipeline_must_exist(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(pipeline.PIPELINE_ENV, str(tmp_path))
    with pytest.raises(CoderError, match="does not point at a spaCy pipeline"):
        pipeline._choose()


def test_pipeline_has_what_the_product_needs(nlp) -> None:
    info = pipeline.pipeline_info(nlp)
    assert info.name and info.version
    assert nlp.lang == "nl"
    assert "parser" in nlp.pipe_names
    assert any("lemmatizer" in name for name in nlp.pipe_names)
    assert any(name in nlp.pipe_names for name in ("morphologizer", "tagger"))


def test_spoken_dutch_with_hesitations(nlp) -> None:
    doc = nlp(
        "Eh, nou, ik moest mijn verhaal weer opnieuw vertellen aan de hulpverleners. "
        "Niemand wist van elkaar wat ze deden. Ja. En toen, eh, toen kregen we een vaste contactpersoon."
    )
    lemmas = {token.text: lemma_of(token) for token in doc}
    assert lemmas["moest"] == "moeten"
    assert lemmas["hulpverleners"] == "hulpverlener"
    assert lemmas["kregen"] == "krijgen"
    assert len(list(doc.sents)) >= 3
    content = content_lemmas(doc)
    assert "eh" not in content and "nou" not in content
    assert "verhaal" in content and "hulpverlener" in content
    assert {t.pos_ for t in doc if t.text == "verhaal"} == {"NOUN"}


def test_long_turn_is_split_into_sentences(nlp) -> None:
    turn = (
        "Nou kijk, we stonden eerst een half jaar op de wachtlijst. Daarna kwam er eindelijk iemand van het "
        "buurtteam. Die was heel aardig maar ze ging na drie maanden weg. Toen kwam er weer een nieuwe. "
        "En die wist dan weer niks van wat er allemaal al gebeurd was."
    )
    assert len(list(nlp(turn).sents)) >= 4


def test_noun_chunks_give_key_phrases(nlp) -> None:
    doc = nlp(
        "We hadden een lange wachtlijst en de gemeente had geen vaste contactpersoon geregeld."
    )
    phrases = key_phrases(doc)
    assert any("wachtlijst" in phrase for phrase in phrases)
    assert any("contactpersoon" in phrase for phrase in phrases)


def test_feature_pipeline_is_the_small_shipped_one(monkeypatch) -> None:
    monkeypatch.delenv(pipeline.PIPELINE_ENV, raising=False)
    monkeypatch.delenv(pipeline.FEATURE_PIPELINE_ENV, raising=False)
    monkeypatch.setattr(pipeline, "_official_installed", lambda: None)
    target, source, trimmed = pipeline._choose_features()
    assert target.endswith("nl_codeertafel_xs") and source == "shipped" and not trimmed


def test_feature_pipeline_of_another_full_pipeline_drops_the_parser(monkeypatch) -> None:
    # An official pipeline (here: the shipped full one standing in for it) is trimmed.
    full = str(pipeline.shipped_pipeline_path())
    monkeypatch.setattr(pipeline, "_choose", lambda: (full, "official"))
    monkeypatch.setattr(pipeline, "_loaded", {})
    nlp = pipeline.load_feature_pipeline()
    assert "parser" not in nlp.pipe_names and "sentencizer" in nlp.pipe_names
    assert pipeline.pipeline_info(nlp).identity.endswith("/" + "+".join(nlp.pipe_names))
    doc = nlp("Eh, we kregen lang geen hulp. Toen kwam er eindelijk iemand.")
    assert len(list(doc.sents)) == 2
    assert [t.lemma_ for t in doc if t.text == "kregen"] == ["krijgen"]


def test_what_is_read_from_arrays_is_what_the_tokens_say(nlp) -> None:
    """content_lemmas, word_count and doc_text read the doc's arrays: the same as the tokens."""
    from coder.resources import demo_dir

    lines = (demo_dir() / "dialoogtafel-hoograven.txt").read_text(encoding="utf-8").splitlines()
    texts = [line for line in lines if line.strip()][:200]
    texts.append("Eh, nou, zeg maar... de gemeente_raad en Aydın, ja, (lacht) 06-12345678!")
    texts.append("Toen kwam plan B, zei meneer K tegen Jan, en dat was x keer te veel.")
    texts.append("Hij heeft een A voor wiskunde en mevrouw K. was er ook.")
    for doc in nlp.pipe(texts):
        assert content_lemmas(doc) == [lemma_of(t) for t in doc if is_content_word(t)]
        for sentence in doc.sents:
            expected = [lemma_of(t) for t in sentence if is_content_word(t)]
            assert content_lemmas(doc, sentence.start, sentence.end) == expected
        assert word_count(doc) == sum(1 for t in doc if not t.is_punct and not t.is_space)
        assert doc_text(doc) == doc.text
    for text in ("", "a", " Hallo  daar,\n  ja!  ", "Aydın (lacht) — 06-12345678.\t"):
        assert doc_text(nlp(text)) == text
    assert content_lemmas(nlp("")) == [] and word_count(nlp("")) == 0
    # each rule on its own, with the tags set by hand
    from spacy.tokens import Doc

    words = ["K", "wachttijd", "nou", "de", "ggz-team", "Gemeenteraad", "lang"]
    pos = ["PROPN", "NOUN", "ADV", "NOUN", "NOUN", "NOUN", "ADP"]
    lemmas = ["K", "", "nou", "de", "ggz-team", "gemeente_raad", "lang"]
    doc = Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas)
    assert content_lemmas(doc) == ["wachttijd", "gemeenteraad"]
    assert content_lemmas(doc) == [lemma_of(t) for t in doc if is_content_word(t)]
