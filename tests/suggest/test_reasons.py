"""Why auto-tag made a coding: explained at once, stored compactly, read back anywhere."""

from __future__ import annotations

import json

import pytest

from coder.store import Project
from coder.suggest.autotag import autotag
from coder.suggest.explain import Explainer
from coder.suggest.reasons import (
    STORED_QUOTE,
    Example,
    Explanation,
    decode_reason,
    encode_reason,
)
from coder.suggest.suggestions import Suggester


def test_a_reason_is_stored_compactly_and_read_back() -> None:
    long_quote = "Wij  wachtten\nheel lang. " * 40
    why = Explanation(("wachtlijst", "maanden"), (Example("Gesprek 1", long_quote, 0.81234),))
    stored = encode_reason(why)
    assert stored is not None and len(stored) < STORED_QUOTE + 80
    back = decode_reason(stored)
    assert back is not None and back.words == why.words
    [example] = back.examples
    assert example.document == "Gesprek 1" and example.similarity == 0.812
    assert example.text == " ".join(long_quote.split())[:STORED_QUOTE]
    assert encode_reason(Explanation((), ())) is None
    # who spoke it travels too; a reason stored without a speaker still reads
    spoken = Explanation((), (Example("Gesprek 1", "Ja.", 0.5, "Moeder"),))
    assert decode_reason(encode_reason(spoken)) == spoken
    assert spoken.examples[0].source == "Gesprek 1, Moeder"
    assert decode_reason('{"e": [["Gesprek 1", "Ja.", 0.5]]}').examples[0].source == "Gesprek 1"


def test_what_the_transcript_gave_is_kept_when_it_counts() -> None:
    moved = Explanation(("wachtlijst",), (), 0.1234)
    assert moved.context_points == 12
    assert decode_reason(encode_reason(moved)) == Explanation(("wachtlijst",), (), 0.123)
    assert encode_reason(Explanation((), (), -0.05)) is not None  # a reason on its own
    # under half a percentage point it is not worth a line, nor stored
    assert "c" not in json.loads(encode_reason(Explanation(("ja",), (), 0.004)) or "")
    assert encode_reason(Explanation((), (), 0.004)) is None


def test_a_damaged_reason_is_no_reason() -> None:
    for stored in (None, "", "not json", "[1, 2]", '{"e": [[1]]}', '{"e": 5}', "12"):
        assert decode_reason(stored) is None
    assert decode_reason('{"w": ["ok", 3]}') == Explanation(("ok",), ())
    assert decode_reason('{"c": "veel"}') is None
    # a share no model gives reads as none
    for wild in ("1e300", "-2", "NaN", "Infinity"):
        assert decode_reason(f'{{"w": ["ok"], "c": {wild}}}') == Explanation(("ok",), ())


def test_explaining_many_at_once_equals_one_by_one(trained: Project) -> None:
    suggester = Suggester(trained)
    assert suggester.model is not None
    document = next(d for d in trained.documents() if d.name == "Interview jongere Overvecht")
    units = suggester.units(document.id)[:12]
    codes = sorted(suggester.model.learned_codes())[:3]
    pairs = [(unit, code) for unit in units for code in codes]
    explainer = Explainer(trained, suggester.model)
    together = explainer.explain_many(pairs)
    for why, (unit, code) in zip(together, pairs, strict=True):
        alone = explainer.explain(unit, code)
        assert why.words == alone.words
        assert [(e.document, e.text) for e in why.examples] == [
            (e.document, e.text) for e in alone.examples
        ]
        assert [e.similarity for e in why.examples] == pytest.approx(
            [e.similarity for e in alone.examples], abs=1e-5
        )
    assert any(why.words for why in together) and any(why.examples for why in together)


def test_autotag_stores_each_coding_with_its_reason(trained: Project) -> None:
    result = autotag(trained, min_confidence=0.3, min_precision=0)
    made = trained.suggestions()
    assert result.codings == len(made) > 0
    texts = {d.id: trained.text(d.id) for d in trained.documents()}
    coded = {
        (c.code_id, " ".join(texts[c.document_id][c.start : c.end].split())[:STORED_QUOTE])
        for c in trained.codings()
    }
    for coding in made:
        why = decode_reason(coding.reason)
        assert why is not None and (why.words or why.examples)
        own = " ".join(texts[coding.document_id][coding.start : coding.end].split())
        for example in why.examples:
            # a quote the researchers coded with this very code, never the turn itself
            assert (coding.code_id, example.text) in coded and example.text != own[:STORED_QUOTE]
        assert len(json.loads(coding.reason or "")["e"]) <= 2
    # what reading each turn in its transcript gave, where it gave something
    model = Suggester(trained).model
    assert model is not None
    weights = (model.estimator.document_weight, model.estimator.neighbour_weight)
    assert any(weights), "training on the demo chooses some context"
    assert any(decode_reason(c.reason).context_points for c in made)  # type: ignore[union-attr]
