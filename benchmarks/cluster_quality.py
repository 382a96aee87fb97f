"""Clustering quality against known bottlenecks, next to a plain TF-IDF + k-means baseline.

    .venv/bin/python benchmarks/cluster_quality.py [--documents 50] [--turns 100]

Items are the turns of the generated corpus that are about exactly one of the 8 known
bottlenecks. Reports the adjusted Rand index and normalised mutual information of
Codeertafel's clustering (k = 8 given, and k chosen by silhouette) and of the baseline
(TF-IDF of the raw text, k-means with k = 8) in the same run, and the time for all items.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_project import build_labelled_project, size_arguments


def main() -> None:
    args = size_arguments(__doc__)

    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from coder.cluster.items import select_items
    from coder.cluster.model import cluster_items

    project, truth = build_labelled_project(
        Path(tempfile.mkdtemp()) / "bench.ctdb",
        documents=args.documents,
        turns_per_document=args.turns,
        coded_documents=0,
    )
    items = [i for i in select_items(project) if len(truth[(i.document_id, i.segment_index)]) == 1]
    labels = [next(iter(truth[(i.document_id, i.segment_index)])) for i in items]
    print(f"{len(items)} single-bottleneck turns, {len(set(labels))} bottlenecks")
    print(f"{'method':<44} {'ARI':>6} {'NMI':>6} {'k':>3} {'seconds':>8}")

    start = time.perf_counter()
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform([i.text for i in items])
    baseline = KMeans(8, n_init=10, random_state=42).fit_predict(matrix)
    elapsed = time.perf_counter() - start
    print(
        f"{'baseline: TF-IDF of text + k-means, k = 8':<44} {adjusted_rand_score(labels, baseline):>6.3f} "
        f"{normalized_mutual_info_score(labels, baseline):>6.3f} {8:>3} {elapsed:>8.1f}"
    )

    for name, k in (("Codeertafel, k = 8", 8), ("Codeertafel, k by silhouette", None)):
        start = time.perf_counter()
        result = cluster_items(items, k=k)
        elapsed = time.perf_counter() - start
        print(
            f"{name:<44} {adjusted_rand_score(labels, result.assignments):>6.3f} "
            f"{normalized_mutual_info_score(labels, result.assignments):>6.3f} {result.k:>3} {elapsed:>8.1f}"
        )


if __name__ == "__main__":
    main()
