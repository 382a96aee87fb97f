"""Lemma search on a 200-transcript project: the search itself, against the 100 ms target.

Generated transcripts (benchmarks/synthetic.py, --transcripts × --words words) are
imported, analysed (two processes) and indexed once; then each query runs --repeat times
and its median is printed beside the plain text search of the same run (which reads
every document's text) and the target.

    .venv/bin/python benchmarks/search_speed.py [--transcripts 200] [--words 1500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import as_txt, corpus

QUERIES = [
    "hulpverlener",
    "wacht*",
    '"plan van aanpak"',
    "wachtlijst OR schulden",
    "school NOT mentor",
    "gezinsvoogd AND keukentafelgesprek",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--words", type=int, default=1500, help="words per transcript")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from coder.ingest.importing import import_file
    from coder.nlp.analysis import analyse_project
    from coder.nlp.index import update_index
    from coder.nlp.pipeline import load_pipeline
    from coder.nlp.search import search
    from coder.store import Project

    work = Path(tempfile.mkdtemp())
    project = Project.create(work / "zoek.ctdb")
    start = time.perf_counter()
    for number, turns in enumerate(corpus(args.transcripts * args.words, args.words)):
        file = work / f"gesprek-{number:03d}.txt"
        file.write_text(as_txt(turns), encoding="utf-8")
        import_file(project, file)
    documents = [d.id for d in project.documents()]
    nlp = load_pipeline()
    print(f"{len(documents)} transcripts imported in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    for _ in analyse_project(project, documents, nlp=nlp, processes=2):
        pass
    print(f"analysed (2 processes) in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    update_index(project, documents, nlp)
    print(f"indexed in {time.perf_counter() - start:.1f} s (from the cached analyses)")

    def timed(query: str, **options) -> tuple[float, int]:  # type: ignore[no-untyped-def]
        times, hits = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            hits = len(search(project, query, nlp=nlp, **options))
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000, hits

    target = 100.0
    print(f"{'query':<40} {'hits':>7} {'median ms':>10}   target ≤ {target:.0f} ms")

    def row(label: str, hits: int, ms: float) -> None:
        print(f"{label:<40} {hits:>7} {ms:>10.1f}   {'met' if ms <= target else 'MISSED'}")

    for query in QUERIES:
        ms, hits = timed(query)
        row(query, hits, ms)
    ms, hits = timed("hulpverlener", speakers=["Moeder"])
    row("hulpverlener, speaker Moeder", hits, ms)
    ms, hits = timed("hulpverlener", mode="text")
    print(f"{'hulpverlener as plain text (baseline)':<40} {hits:>7} {ms:>10.1f}")
    project.close()


if __name__ == "__main__":
    main()
