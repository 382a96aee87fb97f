"""The codebook's descriptions as training rows (coder.suggest.codebook_examples)."""

from __future__ import annotations

import numpy as np
import pytest

from coder.nlp.pipeline import load_feature_pipeline
from coder.store import Code, Project
from coder.suggest.codebook_examples import codebook_examples, example_texts
from coder.suggest.context import DOCUMENT_COLUMN, TURN_COLUMN
from coder.suggest.estimator import FEATURE_COLUMNS
from coder.suggest.model import train_model, units_frame
from coder.suggest.units import project_units

WAITING = Code(
    id=1,
    parent_id=None,
    name="Wachttijden",
    definition="Lang wachten op passende hulp.",
    inclusion="Wachtlijsten bij de jeugd-ggz; overbruggingszorg; wachten op een indicatie van de gemeente",
    example="We stonden een half jaar op de wachtlijst.",
)
EMPTY = Code(id=2, parent_id=None, name="Overig")


class Letters:
    """A stand-in encoder: a text's letter counts, so equal texts get equal vectors."""

    identity = "letters/1"
    dimension = 26

    def encode(self, texts):  # type: ignore[no-untyped-def]
        rows = np.zeros((len(texts), 26), dtype=np.float32)
        for i, text in enumerate(texts):
            for char in text.lower():
                if "a" <= char <= "z":
                    rows[i, ord(char) - 97] += 1
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def test_a_code_offers_its_definition_example_and_inclusion_clauses() -> None:
    assert example_texts(WAITING) == [
        "Lang wachten op passende hulp.",
        "We stonden een half jaar op de wachtlijst.",
        "Wachtlijsten bij de jeugd-ggz",
        "wachten op een indicatie van de gemeente",  # "overbruggingszorg" alone is too short
    ]
    assert example_texts(EMPTY) == []


def test_each_line_of_the_example_field_is_an_example_of_its_own() -> None:
    code = Code(
        id=3,
        parent_id=None,
        name="Wachttijden",
        example="We stonden een half jaar op de wachtlijst.\n\n  Zonder diagnose kon er niks.  \n",
    )
    assert code.examples() == [
        "We stonden een half jaar op de wachtlijst.",
        "Zonder diagnose kon er niks.",
    ]
    assert example_texts(code) == code.examples()


def test_examples_are_rows_like_the_units_labelled_by_their_code() -> None:
    nlp = load_feature_pipeline()
    assert codebook_examples([EMPTY], nlp) is None
    book = codebook_examples([EMPTY, WAITING], nlp)
    assert book is not None and len(book) == 4
    assert book.labels.tolist() == [[0, 1]] * 4  # the other code's counter-examples
    # the units' feature columns; not being from a document, no document or turn
    features = units_frame([]).columns.drop([DOCUMENT_COLUMN, TURN_COLUMN])
    assert list(book.frame.columns) == list(features)
    assert "wachtlijst" in book.frame["lemmas"][1].split()
    descriptions = np.vstack([np.zeros(26), Letters().encode(["wachten op hulp"])[0]])
    meaning = codebook_examples([EMPTY, WAITING], nlp, encoder=Letters(), descriptions=descriptions)
    assert meaning is not None
    vectors = np.vstack(meaning.frame["embedding"])
    # (as cached in a project: half precision)
    assert np.allclose(vectors, Letters().encode(example_texts(WAITING)), atol=1e-3)
    # an example stands alone: its context is its own text
    assert np.allclose(np.vstack(meaning.frame["previous_embedding"]), vectors)
    assert np.allclose(np.vstack(meaning.frame["definitions"]), vectors @ descriptions.T)


def test_training_fits_on_the_codebook_examples_of_its_codes(trained: Project) -> None:
    from coder.suggest.estimator import CodeSuggester
    from coder.suggest.model import load_model

    model = load_model(trained)
    assert model is not None
    count = sum(len(example_texts(trained.code(c))) for c in model.code_ids)
    assert count > 0 and model.meta["features"]["codebook"] == count
    # the examples move the model: the same training without them predicts otherwise
    plain, _ = train_model(trained, estimator=CodeSuggester(codebook_weight=0.0), save=False)
    assert plain.meta["features"]["codebook"] == 0
    units = project_units(trained, [trained.documents()[0].id])[:20]
    model.prepare(trained, units)
    assert not np.allclose(model.predict(units), plain.predict(units))


@pytest.mark.parametrize("weight", [-1.0, float("nan")])
def test_a_negative_or_missing_weight_uses_no_examples(weight: float) -> None:
    from coder.suggest.estimator import CodeSuggester

    book = codebook_examples([WAITING], load_feature_pipeline())
    read = [c for c in units_frame([]).columns if c in FEATURE_COLUMNS]
    assert CodeSuggester(codebook=book)._codebook_rows(read, 1) is book
    assert CodeSuggester(codebook=book, codebook_weight=weight)._codebook_rows(read, 1) is None


def test_a_long_inclusion_note_gives_a_bounded_number_of_examples() -> None:
    from dataclasses import replace

    from coder.suggest.codebook_examples import MAX_CLAUSES

    flood = replace(
        WAITING, inclusion="; ".join(f"wachten op hulp nummer {i}" for i in range(5000))
    )
    assert len(example_texts(flood)) == 2 + MAX_CLAUSES


def test_encoding_the_examples_reports_progress_and_can_be_cancelled() -> None:
    nlp = load_feature_pipeline()
    descriptions = np.zeros((1, 26))
    # texts not encoded before in this process (those are remembered, not encoded again)
    counted = Code(3, None, "Voortgang", definition="alleen hier gelezen", example="en dit ook")
    seen: list[tuple[int, int]] = []
    codebook_examples(
        [counted],
        nlp,
        encoder=Letters(),
        descriptions=descriptions,
        progress=lambda done, total, _label="": seen.append((done, total)),
    )
    assert seen and seen[-1] == (2, 2)
    fresh = Code(4, None, "Afgebroken", definition="een tekst die nooit gelezen wordt")
    with pytest.raises(InterruptedError):
        codebook_examples(
            [fresh], nlp, encoder=Letters(), descriptions=descriptions, cancelled=lambda: True
        )
