"""Two auto-tag runs at once leave exactly the codings of one (the store's UNIQUE rule)."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

from coder.store import Project
from coder.suggest.autotag import autotag
from coder.suggest.model import train_model


def _autotag(path: str, start, done) -> None:  # type: ignore[no-untyped-def]
    with Project.open(path) as project:
        start.wait(60)
        done.put(autotag(project, min_confidence=0.05).codings)


def _model_codings(path: Path) -> list[tuple]:
    with Project.open(path) as project:
        return sorted(
            (c.document_id, c.start, c.end, c.code_id, c.coder, c.status, c.confidence)
            for c in project.codings(source="model", status=None)
        )


def test_two_concurrent_autotag_runs_store_one_runs_codings(
    demo_file: Path, tmp_path: Path
) -> None:
    trained = tmp_path / "trained.ctdb"
    shutil.copy(demo_file, trained)
    with Project.open(trained) as project:
        train_model(project)
    single = tmp_path / "single.ctdb"
    shutil.copy(trained, single)
    with Project.open(single) as project:
        alone = autotag(project, min_confidence=0.05).codings
    assert alone > 0

    context = multiprocessing.get_context("spawn")
    start, done = context.Event(), context.Queue()
    runs = [context.Process(target=_autotag, args=(str(trained), start, done)) for _ in range(2)]
    for run in runs:
        run.start()
    start.set()
    for run in runs:
        run.join(240)
        assert run.exitcode == 0
    stored = [done.get(timeout=5), done.get(timeout=5)]
    assert _model_codings(trained) == _model_codings(single)
    assert sum(stored) == alone  # each run reports what it stored, together one run's worth
