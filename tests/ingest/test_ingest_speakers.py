"""The label heuristics on their own."""

from __future__ import annotations

import pytest

from coder.ingest.speakers import SpeakerJudge, is_known_role, is_name_like, label_shape_ok


@pytest.mark.parametrize(
    "label",
    [
        "Marieke",
        "Jongere (16)",
        "Interviewer 2",
        "Anouk de Vries",
        "R1",
        "Jansen, Piet",
        "Mw. Bakker",
    ],
)
def test_shape_ok(label):
    assert label_shape_ok(label)


@pytest.mark.parametrize(
    "label",
    [
        "Let op",
        "Conclusie",
        "Ik zei toen",
        "Dit is een veel te lange zin voor een naam",
        "Waarom?",
        "2 jongeren",
        "Datum",
        "Nou ja",
        "",
    ],
)
def test_shape_rejected(label):
    assert not label_shape_ok(label)


@pytest.mark.parametrize(
    "label", ["I", "R", "Int", "Resp", "P2", "Moeder", "jongere (16)", "Interviewer 2"]
)
def test_known_roles(label):
    assert is_known_role(label)


@pytest.mark.parametrize("label", ["Marieke", "Tijdens het gesprek", "x1"])
def test_not_known_roles(label):
    assert not is_known_role(label)


def test_name_like():
    assert is_name_like("Anouk de Vries") and is_name_like("Speaker 1")
    assert not is_name_like("Marieke zei") and not is_name_like("de Vries")


def test_judge_needs_evidence():
    judge = SpeakerJudge(["Noor", "Noor", "Sem"], speaker_format=False)
    assert judge.accepts("Noor") and judge.accepts("NOOR")  # recurs
    assert judge.accepts("Moeder")  # known role
    assert not judge.accepts("Sem")  # once, and the file is mostly prose
    assert SpeakerJudge(["Sem"], speaker_format=True).accepts("Sem")
    assert not SpeakerJudge(["Let op", "Let op"], speaker_format=True).accepts("Let op")
