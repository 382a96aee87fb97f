"""The training recipe's harmonisation of older UD pool sentences with UD 2.16."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "models" / "training" / "convert_ud.py"


@pytest.fixture(scope="module")
def convert_ud():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("convert_ud", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def row(i: int, form: str, lemma: str, upos: str, feats: str, head: int, rel: str) -> list[str]:
    return [str(i), form, lemma, upos, "_", feats, str(head), rel, "_", "_"]


def reference() -> list[list[list[str]]]:
    """2.16-style sentences: possessive PRON/nmod:poss, modal AUX under the infinitive."""
    poss = "Person=3|Poss=Yes|PronType=Prs"
    sentence = [
        row(1, "Zijn", "zijn", "PRON", poss, 2, "nmod:poss"),
        row(2, "moeder", "moeder", "NOUN", "_", 4, "nsubj"),
        row(3, "moet", "moeten", "AUX", "_", 4, "aux"),
        row(4, "werken", "werken", "VERB", "VerbForm=Inf", 0, "root"),
    ]
    return [sentence] * 5


def test_possessives_and_modals_follow_2_16(convert_ud) -> None:  # type: ignore[no-untyped-def]
    harmonise = convert_ud.Harmoniser(reference())
    old = [
        row(1, "zijn", "zijn", "DET", "_", 2, "det"),
        row(2, "vader", "vader", "NOUN", "_", 3, "nsubj"),
        row(3, "moet", "moeten", "VERB", "_", 0, "root"),
        row(4, "werken", "werken", "VERB", "VerbForm=Inf", 3, "xcomp"),
        row(5, ".", ".", "PUNCT", "_", 3, "punct"),
    ]
    new = harmonise(old)
    by_form = {c[1]: c for c in new}
    assert by_form["zijn"][3] == "PRON" and by_form["zijn"][7] == "nmod:poss"
    assert by_form["zijn"][5] == "Person=3|Poss=Yes|PronType=Prs"
    # the infinitive heads the clause; the modal, subject and punctuation hang under it
    assert (by_form["werken"][6], by_form["werken"][7]) == ("0", "root")
    assert (by_form["moet"][3], by_form["moet"][6], by_form["moet"][7]) == ("AUX", "4", "aux")
    assert by_form["vader"][6] == "4" and by_form["."][6] == "4"
    assert old[0][3] == "DET"  # the input is not modified


def test_rare_or_mixed_evidence_changes_nothing(convert_ud) -> None:  # type: ignore[no-untyped-def]
    harmonise = convert_ud.Harmoniser(reference()[:2])  # "zijn" seen only twice
    old = [
        row(1, "zijn", "zijn", "DET", "_", 2, "det"),
        row(2, "boek", "boek", "NOUN", "_", 0, "root"),
    ]
    assert harmonise(old) == old


def test_aux_outside_aux_relations_becomes_verb(convert_ud) -> None:  # type: ignore[no-untyped-def]
    harmonise = convert_ud.Harmoniser([])
    old = [
        row(1, "er", "er", "ADV", "_", 2, "expl"),
        row(2, "is", "zijn", "AUX", "_", 0, "root"),
        row(3, "tijd", "tijd", "NOUN", "_", 2, "nsubj"),
    ]
    assert [c[3] for c in harmonise(old)] == ["ADV", "VERB", "NOUN"]
