"""``coder review``, ``--include-suggestions`` and ``--coder`` run as a researcher would."""

from __future__ import annotations

import json
from pathlib import Path

from coder.store import NewCoding, Project
from coder.store.codings import MODEL_CODER


def _suggested(path: Path) -> None:
    with Project.open(path) as project:
        document = project.documents()[0]
        turns = project.segments(document.id)
        wachten, contact = project.find_code("Wachttijden"), project.find_code("Knelpunten")
        project.add_coding(document.id, turns[0].start, turns[0].end, wachten.id)
        project.add_codings(
            [
                NewCoding(document.id, t.start, t.end, code, "model", p, coder=MODEL_CODER)
                for t, code, p in (
                    (turns[1], wachten.id, 0.82),
                    (turns[2], contact.id, 0.41),
                    (turns[3], wachten.id, 0.06),
                )
            ],
            description="auto-tag gesprek",
        )


def test_review_lists_accepts_rejects_and_undoes(coder, mini_project: Path, data: Path) -> None:
    assert coder("import", mini_project, data / "gesprek.txt").code == 0
    _suggested(mini_project)
    stats = json.loads(coder("stats", mini_project, "--json").out)
    assert stats["totals"]["codings"] == 1 and stats["totals"]["pending_suggestions"] == 3
    assert stats["coders"] == {"onderzoeker": 1}
    with_model = json.loads(coder("stats", mini_project, "--json", "--include-suggestions").out)
    assert with_model["totals"]["codings"] == 4
    assert with_model["coders"] == {"onderzoeker": 1, "model": 3}

    listed = coder("review", mini_project, "--json")
    assert listed.code == 0, listed.err
    assert [row["confidence"] for row in json.loads(listed.out)] == [0.82, 0.41, 0.06]
    only = json.loads(coder("review", mini_project, "--json", "--code", "Wachttijden").out)
    assert [row["confidence"] for row in only] == [0.82, 0.06]

    done = coder("review", mini_project, "--accept-above", "0.5", "--reject-below", "0.1")
    assert done.code == 0, done.err
    assert "Accepted 1 suggestions as onderzoeker, rejected 1; 1 still await review" in done.out
    stats = json.loads(coder("stats", mini_project, "--json").out)
    assert stats["totals"]["codings"] == 2 and stats["totals"]["pending_suggestions"] == 1
    table = mini_project.parent / "codings.csv"
    assert coder("export", mini_project, "-o", table).code == 0
    assert table.read_text("utf-8-sig").count("\n") == 3  # header and the two reviewed
    assert coder("export", mini_project, "-o", table, "--include-suggestions", "--force").code == 0
    assert ",model,suggested,0.41," in table.read_text("utf-8-sig")

    agreement = coder("agreement", mini_project, "--coders", "onderzoeker", "model")
    assert agreement.code == 0, agreement.err
    assert "Wachttijden" in agreement.out and "counts for both" in agreement.out

    assert coder("undo", mini_project).out.strip() == "Undone: review suggestions"
    assert len(json.loads(coder("review", mini_project, "--json").out)) == 3


def test_review_and_stats_refuse_bad_input_in_one_line(coder, mini_project: Path) -> None:
    result = coder("review", mini_project, "--accept-above", "2")
    assert result.code != 0 and "--accept-above must be between 0 and 1" in result.err
    assert "Traceback" not in result.err
    result = coder("stats", mini_project, "--coder", "niemand")
    assert result.code != 0 and f"{mini_project}: no coder 'niemand'" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_review_shows_why_the_model_made_each_suggestion(
    coder, mini_project: Path, data: Path
) -> None:
    from coder.suggest.reasons import Example, Explanation, encode_reason

    assert coder("import", mini_project, data / "gesprek.txt").code == 0
    why = Explanation(
        ("wachtlijst",),
        (Example("Gesprek", "Een half jaar wachten, echt.", 0.8, "Moeder"),),
        0.07,
    )
    with Project.open(mini_project) as project:
        document = project.documents()[0]
        turn = project.segments(document.id)[1]
        code = project.find_code("Wachttijden").id
        project.add_codings(
            [
                NewCoding(
                    document.id,
                    turn.start,
                    turn.end,
                    code,
                    "model",
                    0.82,
                    coder=MODEL_CODER,
                    reason=encode_reason(why),
                )
            ]
        )
    listed = coder("review", mini_project)
    assert listed.code == 0, listed.err
    assert "words: wachtlijst" in listed.out
    assert 'like: "Een half jaar wachten, echt." (Gesprek, Moeder)' in listed.out
    assert "the transcript around it: +0.07" in listed.out
    [row] = json.loads(coder("review", mini_project, "--json").out)
    assert row["reason"] == {
        "words": ["wachtlijst"],
        "examples": [
            {
                "document": "Gesprek",
                "speaker": "Moeder",
                "text": "Een half jaar wachten, echt.",
                "similarity": 0.8,
            }
        ],
        "context": 0.07,
    }
