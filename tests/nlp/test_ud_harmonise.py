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


def test_coordination_moves_cc_and_separating_commas_to_the_next_conjunct(convert_ud) -> None:  # type: ignore[no-untyped-def]
    # UD v1: "appels , peren en bananen" with "," and "en" on the first conjunct.
    sent = [
        row(1, "Ik", "ik", "PRON", "_", 2, "nsubj"),
        row(2, "eet", "eten", "VERB", "_", 0, "root"),
        row(3, "appels", "appel", "NOUN", "_", 2, "obj"),
        row(4, ",", ",", "PUNCT", "_", 3, "punct"),
        row(5, "peren", "peer", "NOUN", "_", 3, "conj"),
        row(6, "en", "en", "CCONJ", "_", 3, "cc"),
        row(7, "bananen", "banaan", "NOUN", "_", 3, "conj"),
        row(8, ".", ".", "PUNCT", "_", 2, "punct"),
    ]
    assert convert_ud.coordination_v2(sent) == 2
    heads = {c[1]: c[6] for c in sent}
    assert heads[","] == "5" and heads["en"] == "7"  # the conjunct that follows
    assert heads["."] == "2" and heads["peren"] == "3"  # everything else untouched
    assert convert_ud.coordination_v2(sent) == 0  # v2 input is left alone


def test_coordination_keeps_what_v2_attaches_elsewhere(convert_ud) -> None:  # type: ignore[no-untyped-def]
    # "En hij zei , dat het klopt , en ging weg": the initial "En" belongs to its
    # clause, the comma before the complement clause is not between conjuncts, and a
    # closing quote stays on its own conjunct.
    sent = [
        row(1, "En", "en", "CCONJ", "_", 3, "cc"),
        row(2, "hij", "hij", "PRON", "_", 3, "nsubj"),
        row(3, "zei", "zeggen", "VERB", "_", 0, "root"),
        row(4, ",", ",", "PUNCT", "_", 3, "punct"),
        row(5, "dat", "dat", "SCONJ", "_", 7, "mark"),
        row(6, "het", "het", "PRON", "_", 7, "nsubj"),
        row(7, "klopt", "kloppen", "VERB", "_", 3, "ccomp"),
        row(8, '"', '"', "PUNCT", "_", 3, "punct"),
        row(9, "en", "en", "CCONJ", "_", 3, "cc"),
        row(10, "ging", "gaan", "VERB", "_", 3, "conj"),
    ]
    assert convert_ud.coordination_v2(sent) == 1
    heads = {c[0]: c[6] for c in sent}
    assert heads["1"] == "3" and heads["4"] == "3" and heads["8"] == "3"
    assert heads["9"] == "10"


def test_punctuation_is_attached_as_in_2_16(convert_ud) -> None:  # type: ignore[no-untyped-def]
    # "Omdat hij ziek was , bleef hij thuis bij Jan ( de buurman ) , die hoestte ."
    # with every mark attached to its left neighbour, as much of the older LassySmall
    # pool has it.
    sent = [
        row(1, "Omdat", "omdat", "SCONJ", "_", 4, "mark"),
        row(2, "hij", "hij", "PRON", "_", 4, "nsubj"),
        row(3, "ziek", "ziek", "ADJ", "_", 4, "xcomp"),
        row(4, "was", "zijn", "VERB", "_", 6, "advcl"),
        row(5, ",", ",", "PUNCT", "_", 4, "punct"),
        row(6, "bleef", "blijven", "VERB", "_", 0, "root"),
        row(7, "hij", "hij", "PRON", "_", 6, "nsubj"),
        row(8, "thuis", "thuis", "ADV", "_", 6, "advmod"),
        row(9, "bij", "bij", "ADP", "_", 10, "case"),
        row(10, "Jan", "Jan", "PROPN", "_", 6, "obl"),
        row(11, "(", "(", "PUNCT", "_", 10, "punct"),
        row(12, "de", "de", "DET", "_", 13, "det"),
        row(13, "buurman", "buurman", "NOUN", "_", 10, "appos"),
        row(14, ")", ")", "PUNCT", "_", 13, "punct"),
        row(15, ",", ",", "PUNCT", "_", 14, "punct"),
        row(16, "die", "die", "PRON", "_", 17, "nsubj"),
        row(17, "hoestte", "hoesten", "VERB", "_", 10, "acl:relcl"),
        row(18, ".", ".", "PUNCT", "_", 17, "punct"),
    ]
    moved = convert_ud.punctuation_v2(sent)
    heads = {c[0]: c[6] for c in sent}
    assert heads["5"] == "4"  # closes the subordinate clause on its left
    assert heads["11"] == heads["14"] == "13"  # the bracket pair on what it encloses
    assert heads["15"] == "17"  # opens the relative clause on its right
    assert heads["18"] == "6"  # the final stop on the root
    assert moved == 3  # "(" , "," and "." (the others were already right)
    assert convert_ud.punctuation_v2(sent) == 0  # 2.16-style input is left alone
    assert [c[6] for c in sent if c[7] != "punct"] == [
        "4", "4", "4", "6", "0", "6", "6", "10", "6", "13", "10", "17", "10"
    ]  # fmt: skip


def test_punctuation_that_governs_stays(convert_ud) -> None:  # type: ignore[no-untyped-def]
    # "Jan - 1921": a dash labelled punct that governs the year. Moving it would make
    # it its own head (the year's ancestors lead back through it).
    sent = [
        row(1, "Jan", "Jan", "PROPN", "_", 0, "root"),
        row(2, "-", "-", "PUNCT", "_", 1, "punct"),
        row(3, "1921", "1921", "NUM", "_", 2, "nummod"),
    ]
    assert convert_ud.punctuation_v2(sent) == 0
    assert [c[6] for c in sent] == ["0", "1", "2"]
