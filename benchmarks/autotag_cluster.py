"""Auto-tagging a large corpus on a Dask cluster against the local path, in one run.

Generated transcripts (benchmarks/labelled_corpus.py): a project with coded documents
is trained, then --new transcripts of --turns turns (default 200 × 100 = 20,000 turns)
are imported and auto-tagged (a) by the local path (import, then autotag with one NLP
process per core), (b) on a LocalCluster with 1 and 2 worker processes. Prints turns/s,
the cluster's overhead against the local path, peak memory per worker, and how fast the
single writer stores rows in SQLite (what limits a cluster of 100 workers).

    .venv/bin/python benchmarks/autotag_cluster.py [--new 200] [--turns 100]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_corpus import generate, write_txt
from labelled_project import build_labelled_project

from coder.store import NewCoding, Project


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _codings(path: Path) -> list[tuple]:
    with Project.open(path) as project:
        names = {d.id: d.name for d in project.documents()}
        return sorted(
            (names[c.document_id], c.start, c.end, c.code_id, c.confidence)
            for c in project.codings(source="model")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coded", type=int, default=20, help="coded documents to train on")
    parser.add_argument("--new", type=int, default=200, help="new transcripts to tag")
    parser.add_argument("--turns", type=int, default=100, help="turns per transcript")
    args = parser.parse_args()

    from coder.ingest.importing import import_paths
    from coder.suggest.autotag import autotag
    from coder.suggest.distributed import autotag_on_cluster, cluster_client
    from coder.suggest.model import train_model

    work = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    project, _ = build_labelled_project(
        work / "base.ctdb",
        documents=args.coded,
        turns_per_document=args.turns,
        coded_documents=args.coded,
    )
    train_model(project, folds=2)
    project.close()
    folder = work / "nieuw"
    folder.mkdir()
    files = []
    for number, turns in enumerate(generate(args.new, args.turns, seed=29)):
        file = folder / f"dossier-{number + 1:05d}.txt"
        file.write_text(write_txt(turns), encoding="utf-8")
        files.append(file)
    total = args.new * args.turns
    print(
        f"trained on {args.coded} coded documents; {len(files)} new transcripts, {total} turns "
        f"({time.perf_counter() - start:.0f} s to prepare); {os.cpu_count()} cores"
    )

    local = work / "local.ctdb"
    shutil.copyfile(work / "base.ctdb", local)
    processes = os.cpu_count() or 1
    start = time.perf_counter()
    with Project.open(local) as opened:
        outcomes = import_paths(opened, files)
        autotag(opened, [o.document.id for o in outcomes if o.document], processes=processes)
    local_seconds = time.perf_counter() - start
    print(f"{'path':<28} {'seconds':>8} {'turns/s':>8} {'vs local':>9} {'peak MB/worker':>15}")
    print(
        f"{f'local ({processes} NLP processes)':<28} {local_seconds:>8.1f} "
        f"{total / local_seconds:>8.0f} {'1.00':>9} {'-':>15}"
    )
    expected = _codings(local)

    for workers in (1, 2):
        path = work / f"cluster{workers}.ctdb"
        shutil.copyfile(work / "base.ctdb", path)
        started = time.perf_counter()
        with cluster_client(f"local:{workers}") as client:
            up = time.perf_counter() - started
            start = time.perf_counter()
            with Project.open(path) as opened:
                summary = autotag_on_cluster(opened, client, files=files)
            seconds = time.perf_counter() - start
            peaks = client.run(_peak_mb)
        same = "same codings" if _codings(path) == expected else "CODINGS DIFFER"
        print(
            f"{f'cluster, {workers} worker(s)':<28} {seconds:>8.1f} {total / seconds:>8.0f} "
            f"{local_seconds / seconds:>9.2f} {max(peaks.values()):>15.0f}   "
            f"(+{up:.1f} s to start; {summary.codings} codings, {same})"
        )

    # The single writer: rows per second into the project, in the batches autotag writes.
    path = work / "writer.ctdb"
    shutil.copyfile(local, path)
    with Project.open(path) as opened:
        documents = opened.documents()
        codes = [c.id for c in opened.codes()]
        rows = 0
        start = time.perf_counter()
        for document in documents:
            segments = opened.segments(document.id)
            batch = [
                NewCoding(
                    document.id,
                    s.start,
                    s.end,
                    codes[k % len(codes)],
                    source="model",
                    confidence=0.5,
                    coder="model",
                )
                for k, s in enumerate(segments)
            ]
            opened.add_codings(batch, description="benchmark")
            rows += len(batch)
        seconds = time.perf_counter() - start
    print(
        f"single writer: {rows} coding rows in {len(documents)} transactions, "
        f"{rows / seconds:.0f} rows/s ({len(documents) / seconds:.0f} documents/s)"
    )
    print(f"client peak memory {_peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
