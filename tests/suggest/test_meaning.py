"""What a unit's embeddings are of: its own text and its context."""

from __future__ import annotations

import numpy as np
import pytest

from coder.errors import CoderError
from coder.nlp.embeddings import embed_texts
from coder.store import Project
from coder.suggest.meaning import (
    AFTER_TURN_BEFORE,
    CONTEXT_WORDS,
    PREVIOUS_TURN,
    attach_meaning,
    context_text,
    meaning_texts,
    required_encoder,
)
from coder.suggest.model import load_model
from coder.suggest.units import project_units
from tests.nlp.test_embeddings import CountingEncoder


def test_the_context_is_the_unit_after_the_end_of_the_turn_before(demo: Project) -> None:
    units = project_units(demo, [demo.documents()[0].id])
    first, second = units[0], next(u for u in units[1:] if len(u.previous_text.split()) > 40)
    assert context_text(first) == first.text  # nothing before it
    assert context_text(first, PREVIOUS_TURN) == ""
    before = second.previous_text.split()[-CONTEXT_WORDS:]
    assert context_text(second) == " ".join(before) + " " + second.text
    assert context_text(second, PREVIOUS_TURN) == second.previous_text
    with pytest.raises(ValueError, match="unknown context"):
        context_text(second, "next-turn")


@pytest.mark.parametrize("context", [AFTER_TURN_BEFORE, PREVIOUS_TURN])
def test_attach_meaning_embeds_each_unit_and_its_context(demo: Project, context: str) -> None:
    units = project_units(demo, [demo.documents()[0].id])
    encoder = CountingEncoder()
    encoder.identity = f"counting/{context}"  # nothing from another test's encoding
    attach_meaning(demo, units, encoder, context=context)
    assert set(encoder.seen) == set(meaning_texts(units, context))
    for unit in units:
        assert unit.embedding is not None and unit.previous_embedding is not None
        np.testing.assert_array_equal(unit.embedding, embed_texts(demo, [unit.text], encoder)[0])
        text = context_text(unit, context)
        expected = embed_texts(demo, [text], encoder)[0] if text else np.zeros(encoder.dimension)
        np.testing.assert_array_equal(unit.previous_embedding, expected)


def test_a_model_reads_the_context_it_was_trained_with(trained: Project) -> None:
    model = load_model(trained)
    assert model is not None
    if model.encoder_name is None:
        pytest.skip("no sentence encoder here: the model reads words only")
    assert model.meta["encoder"]["context"] == AFTER_TURN_BEFORE
    document_id = trained.documents()[0].id
    units = project_units(trained, [document_id])
    model.prepare(trained, units)
    later = next(u for u in units if u.previous_text)
    # a model stored before the context was recorded read the previous turn on its own
    del model.meta["encoder"]["context"]
    old = project_units(trained, [document_id])
    model.prepare(trained, old)
    same = next(u for u in old if u.start == later.start)
    np.testing.assert_array_equal(same.embedding, later.embedding)
    assert not np.array_equal(same.previous_embedding, later.previous_embedding)
    encoder = required_encoder(model.encoder_name, model.meta["encoder"]["identity"], "test")
    np.testing.assert_array_equal(
        same.previous_embedding, embed_texts(trained, [same.previous_text], encoder)[0]
    )
    model.meta["encoder"]["context"] = "next-turn"
    with pytest.raises(CoderError, match=r"unknown context.*retrain"):
        model.prepare(trained, project_units(trained, [document_id]))
