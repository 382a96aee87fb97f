"""Suggestion model on a 5,000-turn project: time to analyse, train and auto-tag, and quality.

    .venv/bin/python benchmarks/suggest_speed.py [--documents 50] [--turns 100]

Target: training on a 5,000-turn project takes seconds, not minutes. Quality is the
grouped cross-validated micro/macro F1 of `coder train` on the coded documents, and the
F1 of auto-tagging the uncoded documents against their known labels.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_project import build_labelled_project, size_arguments


def main() -> None:
    args = size_arguments(__doc__)

    from coder.nlp.analysis import analyse_project
    from coder.suggest.autotag import autotag
    from coder.suggest.model import train_model

    start = time.perf_counter()
    project, truth = build_labelled_project(
        Path(tempfile.mkdtemp()) / "bench.ctdb",
        documents=args.documents,
        turns_per_document=args.turns,
        coded_documents=int(args.documents * 0.8),
    )
    print(
        f"built {len(truth)} turns in {args.documents} documents: {time.perf_counter() - start:.1f} s"
    )

    start = time.perf_counter()
    for _ in analyse_project(project):
        pass
    print(f"NLP analysis (once, then cached): {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    model, report = train_model(project)
    elapsed = time.perf_counter() - start
    print(
        f"train (5-fold grouped CV + final fit), {model.meta['units']} units: {elapsed:.1f} s   target: seconds"
    )
    print(
        f"  CV micro F1 {report.micro.f1:.3f}, macro F1 {report.macro_f1:.3f}, ECE {report.calibration_error:.3f}"
    )

    start = time.perf_counter()
    result = autotag(project)
    print(
        f"autotag {result.documents} documents, {result.units} units: {time.perf_counter() - start:.1f} s"
    )

    paths = project.code_paths()
    tp = fp = fn = 0
    tagged = {}
    for coding in project.codings(source="model"):
        for segment in project.segments(coding.document_id):
            if segment.start == coding.start and segment.end == coding.end:
                tagged.setdefault((coding.document_id, segment.index), set()).add(
                    paths[coding.code_id].split("/")[-1]
                )
    uncoded_docs = {c for c, _ in truth} - {c.document_id for c in project.codings(source="human")}
    for key, labels in truth.items():
        if key[0] not in uncoded_docs:
            continue
        predicted = tagged.get(key, set())
        tp += len(predicted & labels)
        fp += len(predicted - labels)
        fn += len(labels - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"  autotag against the truth (whole turns): precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}"
    )
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
