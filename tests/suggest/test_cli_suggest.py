"""The model's faces on the command line: train, evaluate, autotag, suggest, export."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from coder.store import Project
from tests.cli.conftest import run_coder


def test_train_autotag_export_round(demo_file: Path, tmp_path: Path, data_dir: Path) -> None:
    project = tmp_path / "demo.ctdb"
    shutil.copy(demo_file, project)

    trained = run_coder("train", project, "--processes", "2")
    assert trained.code == 0, trained.err
    assert "micro average" in trained.out and "Knelpunten/Wachttijden" in trained.out
    assert re.search(r"In words: of every 10 suggestions about \d+ are right", trained.out)
    assert re.search(r"and \d+ examples from the codebook's descriptions\)", trained.out)
    # how it reads a turn in its transcript, as training chose (the demo: neighbours only)
    assert re.search(r"Each turn is read in its transcript: its scores move \d+%", trained.out)

    evaluated = run_coder("evaluate", project)  # in this process: the same scores
    assert evaluated.code == 0, evaluated.err
    assert "Learning curve" in evaluated.out and "5 documents" in evaluated.out
    report = trained.out[: trained.out.index("In words")]
    assert report.strip() and report in evaluated.out

    dry = run_coder("autotag", project, "--dry-run", "--min-confidence", "0.05")
    assert dry.code == 0 and dry.out.startswith("Would add")
    with Project.open(project) as opened:
        assert opened.suggestions() == []

    tagged = run_coder("autotag", project, data_dir / "gesprek.txt", "--min-confidence", "0.05")
    assert tagged.code == 0, tagged.err
    with Project.open(project) as opened:
        assert "gesprek" in {d.name for d in opened.documents()}
        made = opened.suggestions()
        assert made and all(c.confidence is not None for c in made)

    out = tmp_path / "codings.csv"
    exported = run_coder("export", project, "--format", "csv", "-o", out, "--include-suggestions")
    assert exported.code == 0, exported.err
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {
        "document",
        "segment",
        "speaker",
        "start",
        "end",
        "text",
        "code",
        "coder",
        "source",
        "status",
        "confidence",
        "memo",
        "region",  # and the other document attributes
    } <= set(rows[0])
    assert {(r["source"], r["status"]) for r in rows} == {
        ("human", "accepted"),
        ("model", "suggested"),
    }
    assert any("één" in r["text"] or "ë" in r["text"] for r in rows)
    again = run_coder("export", project, "-o", out)
    assert again.code == 1 and "--force" in again.err

    suggested = run_coder("suggest", project, "Interview jongere Overvecht", "--next")
    assert suggested.code == 0 and suggested.out.strip()

    bad = run_coder("autotag", project, "--min-confidence", "7")
    assert bad.code == 1 and "between 0 and 1" in bad.err


def test_the_context_in_words() -> None:
    from coder.cli.suggest import context_in_words

    assert context_in_words(0.4, 0.1, 2) == (
        "Each turn is read in its transcript: its scores move 40% of the way to the "
        "transcript's mean and 10% to that of the 2 turns on either side."
    )
    assert "scored without its transcript" in context_in_words(0.0, None, 2)
    assert context_in_words(0.0, 0.0, 2, 0.2) == (
        "Each turn is scored without its transcript: reading it there scored no better. "
        "A long turn's scores also move 20% of the way to the highest of its sentence groups'."
    )
