"""Finding identifying details in Dutch talk, with the real feature pipeline."""

from __future__ import annotations

import time

import pytest

from coder.deid.detect import Detector, fold
from coder.deid.patterns import shaped_details
from coder.nlp.pipeline import load_feature_pipeline


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_feature_pipeline())


def kinds(detector: Detector, turns: list[str], speakers: list[str | None] = ()) -> list[set]:
    return [{(f.text, f.kind) for f in found} for found in detector.find(turns, speakers)]


def test_names_places_and_organisations(detector: Detector) -> None:
    [found] = kinds(
        detector,
        [
            "Toen ben ik met Samira naar Veilig Thuis gegaan, en later woonden we in "
            "Lombok, aan de Kanaalstraat. Ze zit nu op het Zuiderlicht College."
        ],
    )
    assert ("Samira", "PER") in found
    assert ("Veilig Thuis", "ORG") in found
    assert ("Lombok", "LOC") in found and ("Kanaalstraat", "LOC") in found
    assert ("Zuiderlicht College", "ORG") in found
    assert not {text for text, _ in found} & {"Toen", "Ze"}


def test_sentence_starts_and_speech_are_not_names(detector: Detector) -> None:
    [found] = kinds(
        detector,
        ["Ja. Eh... Maanden niet. Nee, precies. (lacht) Nee, dat voelt raar. Welkom allemaal."],
    )
    assert found == set()


def test_a_name_found_once_is_found_everywhere(detector: Detector) -> None:
    """Lower case, with a possessive, with or without the dotless ı, in another turn."""
    found = kinds(
        detector,
        [
            "Ik heb toen met Aydın gebeld, die is van het wijkteam.",
            "aydin zei dat het goed kwam, en Aydın's collega ook.",
            "Daarna sprak ik samira nog.",
            "Samira wilde dat niet.",
        ],
    )
    assert ("aydin", "PER") in found[1] and ("Aydın", "PER") in found[1]
    assert ("samira", "PER") in found[2]  # "Samira" starts a sentence, lower case elsewhere
    assert ("Samira", "PER") in found[3]


def test_speaker_labels_that_are_names(detector: Detector) -> None:
    found = kinds(
        detector,
        ["Hoe ging dat?", "Nou, Chantal weet dat beter.", "Ja, dat klopt."],
        ["Moeder", "Jongere", "Chantal"],
    )
    assert ("Chantal", "PER") in found[1]
    assert not detector._is_name_label("Wmo-consulent")
    assert not detector._is_name_label("I")
    assert detector._is_name_label("Khadija")


def test_shaped_details() -> None:
    text = (
        "Mijn nummer is 06-41 83 27 05, mail naar r.vanderlinden@gi-zuid.nl of bel "
        "nul zes, achtendertig, negenentwintig, zevenenveertig, vijftien. Sinds januari 2022 "
        "wacht ze; ze is nu veertien. Toen hij negentien was, in de zomer van 2023, op zijn "
        "achttiende. Ik werk hier zes jaar als mentor en wacht al elf maanden."
    )
    found = {(text[s:e], k) for s, e, k in shaped_details(text)}
    assert ("06-41 83 27 05", "CONTACT") in found
    assert ("r.vanderlinden@gi-zuid.nl", "CONTACT") in found
    assert any(k == "CONTACT" and t.startswith("nul zes") for t, k in found)
    assert ("januari 2022", "DATE") in found and ("zomer van 2023", "DATE") in found
    assert {("veertien", "AGE"), ("negentien", "AGE"), ("achttiende", "AGE")} <= found
    assert not {("zes", "AGE"), ("elf", "AGE")} & found  # durations, not ages


def test_keep_and_extra(detector: Detector) -> None:
    keeper = Detector(detector.nlp, keep=["Veilig Thuis"], extra=[("wijkagent Bram", "PER")])
    [found] = kinds(keeper, ["We belden Veilig Thuis en de wijkagent Bram kwam langs."])
    assert ("Veilig Thuis", "ORG") not in found
    assert ("wijkagent Bram", "PER") in found


def test_fold() -> None:
    assert fold("Aydın") == fold("AYDIN") == fold("aydin") == "aydin"
    assert fold("Kılıç") == "kilic"


def test_a_hostile_turn_is_linear(detector: Detector) -> None:
    turns = [" " * 20_000 + "x", "A" * 20_000, "9" * 5_000 + " jaar", "nul " * 5_000]
    start = time.perf_counter()
    detector.find(turns)
    assert time.perf_counter() - start < 10
