"""Auto-tag speed on the demo, to compare a checkout before and after a change.

    PYTHONPATH=<checkout> <checkout>/.venv/bin/python benchmarks/autotag_reasons.py [--repeat 3]

Builds the demo project (``coder demo``: seven transcripts, five partly coded), analyses,
embeds and trains it once, then auto-tags its two uncoded transcripts ``--repeat`` times,
each time on a fresh copy of the trained project, with every learned code at a low bar
(``--min-precision 0``, ``--min-confidence 0.05``) so that many codings are stored. The
analyses and embeddings are cached, so the time is what tagging itself costs: predicting,
(with reasons) explaining, and storing. Run it with ``PYTHONPATH`` pointing at the
checkout to measure; the best of the repeats is printed (the machine is shared).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import coder
    from coder.demo import build_demo
    from coder.nlp.analysis import analyse_project
    from coder.store import Project
    from coder.suggest.autotag import autotag, untagged_documents
    from coder.suggest.meaning import attach_meaning, usable_encoder
    from coder.suggest.model import train_model
    from coder.suggest.units import project_units

    folder = Path(tempfile.mkdtemp(prefix="autotag-reasons-"))
    trained = folder / "demo.ctdb"
    project = build_demo(trained)
    for _ in analyse_project(project):
        pass
    encoder = usable_encoder()
    if encoder is not None:
        attach_meaning(project, project_units(project), encoder)
    train_model(project)
    targets = untagged_documents(project)
    project.close()

    best = float("inf")
    for run in range(args.repeat):
        copy = folder / f"run{run}.ctdb"
        shutil.copyfile(trained, copy)
        with Project.open(copy) as opened:
            start = time.perf_counter()
            result = autotag(opened, targets, min_confidence=0.05, min_precision=0)
            best = min(best, time.perf_counter() - start)
            stored = opened.suggestions()
            size = sum(len(c.reason or "") for c in stored if hasattr(c, "reason"))
    print(
        f"{Path(coder.__file__).resolve().parent.parent}: {result.units} units of "
        f"{len(targets)} documents, {result.codings} codings stored; best of {args.repeat}: "
        f"{best:.2f} s = {result.units / best:.0f} units/s; reasons {size} bytes "
        f"({size / max(1, len(stored)):.0f} per coding)"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
