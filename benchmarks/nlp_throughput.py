"""Throughput of the active Dutch pipeline: words per second with nlp.pipe, one and two processes.

    .venv/bin/python benchmarks/nlp_throughput.py [--words 200000] [--batch-size 256] [--features]

Target: at least 8,000 words/s on a 2-core machine. Peak memory is the maximum
resident set size of this process (and of the worker processes for the 2-process run).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import corpus

TARGET_WPS = 8000


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument(
        "--features", action="store_true", help="the suggestion model's feature pipeline"
    )
    args = parser.parse_args()

    from coder.nlp import load_feature_pipeline, load_pipeline, pipeline_info

    nlp = load_feature_pipeline() if args.features else load_pipeline()
    info = pipeline_info(nlp)
    turns = [utterance for transcript in corpus(args.words) for _, utterance in transcript]
    words = sum(len(t.split()) for t in turns)
    print(f"pipeline {info.name} {info.version} ({info.source}); {len(turns)} turns, {words} words")
    print(f"{'run':<14} {'seconds':>8} {'words/s':>9} {'target':>8} {'peak MB':>8}")
    for processes in (1, 2):
        start = time.perf_counter()
        tokens = sum(
            len(doc) for doc in nlp.pipe(turns, batch_size=args.batch_size, n_process=processes)
        )
        elapsed = time.perf_counter() - start
        memory = peak_mb() + (peak_mb(resource.RUSAGE_CHILDREN) if processes > 1 else 0)
        print(
            f"{processes} process{'es' if processes > 1 else '':<4}  {elapsed:>8.1f} {words / elapsed:>9.0f} "
            f"{TARGET_WPS:>8} {memory:>8.0f}   ({tokens} tokens)"
        )


if __name__ == "__main__":
    main()
