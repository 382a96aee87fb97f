"""Compare variants of the suggestion model by grouped cross-validation on a project.

    .venv/bin/python benchmarks/suggest_variants.py [PROJECT]
    (default: a project from the labelled benchmark corpus, 50 documents of 100 turns,
    40 of them coded; `--demo` for the demo project)

Each variant is scored the way `coder train` scores the model (grouped folds,
thresholds tuned on the other folds): micro and macro F1, calibration error, and
the time of one cross-validation run. The shipped default is marked with *.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

VARIANTS = {
    "lemmas only": dict(word_ngrams=None, role_weight=0.0, previous_weight=0.0),
    "words only": dict(lemma_ngrams=(1, 1), role_weight=0.0, previous_weight=0.0),
    "words + lemmas": dict(role_weight=0.0, previous_weight=0.0),
    "words + lemmas + role": dict(previous_weight=0.0),
    "... + neighbouring turns 0.6": dict(context_weight=0.6, previous_weight=0.0),
    "* ... + gated previous turn 3": dict(),
    "... previous turn ungated": dict(previous_gate=1e9),
    "... previous turn 1": dict(previous_weight=1.0),
    "... + neighbouring turns 0.6 too": dict(context_weight=0.6),
    "... + characters 3-5": dict(char_ngrams=(3, 5)),
    "... C=4": dict(C=4.0),
    "... C=1": dict(C=1.0),
}


def main() -> None:
    from coder.demo import build_demo
    from coder.store import Project
    from coder.suggest.estimator import CodeSuggester
    from coder.suggest.evaluation import folds_for, out_of_fold, score
    from coder.suggest.model import training_data

    if len(sys.argv) > 1 and sys.argv[1] == "--demo":
        project = build_demo(Path(tempfile.mkdtemp()) / "demo.ctdb")
    elif len(sys.argv) > 1:
        project = Project.open(sys.argv[1])
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from labelled_project import build_labelled_project

        project, _ = build_labelled_project(Path(tempfile.mkdtemp()) / "bench.ctdb")
    data = training_data(project)
    frame, groups = data.frame(), data.groups
    folds = folds_for(groups)
    print(
        f"{len(data.units)} units, {len(set(groups))} documents, {len(data.code_ids)} codes, {folds} folds"
    )
    print(f"{'variant':<36} {'micro F1':>8} {'macro F1':>8} {'ECE':>6} {'seconds':>8}")
    for name, params in VARIANTS.items():
        start = time.perf_counter()
        proba, fold_of = out_of_fold(CodeSuggester(**params), frame, data.labels, groups, folds)
        elapsed = time.perf_counter() - start
        report = score(proba, data.labels, fold_of, data.code_ids)
        print(
            f"{name:<36} {report.micro.f1:>8.3f} {report.macro_f1:>8.3f} {report.calibration_error:>6.3f} {elapsed:>8.1f}"
        )


if __name__ == "__main__":
    main()
