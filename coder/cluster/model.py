"""Cluster items into recurring themes: TF-IDF of lemmas and key phrases, reduced with
truncated SVD, grouped with k-means; k chosen by the silhouette criterion.

The criterion: for every k from 2 to ``max_k`` (at most the square root of the number
of items, so that clusters are not mostly pairs) the mean silhouette (cosine) of the
k-means solution is computed — how much closer, on average, members are to their own
cluster than to the next one. On text the silhouette tends to creep up with k, so the
smallest k that reaches 90 % of the best silhouette wins (parsimony: fewer, broader
themes when more clusters hardly separate better). ``k`` overrides it. Everything is seeded, so the same input gives the same
clusters (and ``coder cluster --promote`` acts on the clusters that were shown).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from coder.cluster.items import Item
from coder.progress import Cancelled

SEED = 42
MAX_K = 12
COMPONENTS = 50  # SVD dimensions: measured on the labelled benchmark corpus (ARI, speed)
PARSIMONY = 0.9
SILHOUETTE_SAMPLE = 2000  # the silhouette is quadratic in the number of items


@dataclass
class Cluster:
    id: int
    label: str
    terms: list[str]
    members: list[int]  # indices into ClusterResult.items
    representatives: list[int]  # the members closest to the centre, most typical first
    documents: int
    spread: dict[str, Counter[str]] = field(default_factory=dict)  # attribute → value counts
    codes: Counter[int] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class ClusterResult:
    items: list[Item]
    clusters: list[Cluster]
    assignments: np.ndarray  # cluster id per item
    k: int
    criterion: dict[int, float]  # k → silhouette
    coordinates: np.ndarray  # 2-D map of the items
    typicality: np.ndarray  # cosine similarity of each item to its cluster's centre

    def cluster(self, cluster_id: int) -> Cluster:
        for cluster in self.clusters:
            if cluster.id == cluster_id:
                return cluster
        raise KeyError(cluster_id)


def _vectors(items: list[Item]):  # type: ignore[no-untyped-def]
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    # Key phrases join the lemmas as single tokens ("vast_contactpersoon").
    documents = [
        " ".join(item.lemmas + [p.replace(" ", "_") for p in item.phrases]) for item in items
    ]
    tfidf = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True, min_df=1, max_df=0.5)
    try:
        matrix = tfidf.fit_transform(documents)
    except ValueError:  # every term in more than half the items: keep them all
        tfidf = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True)
        matrix = tfidf.fit_transform(documents)
    components = max(2, min(COMPONENTS, matrix.shape[1] - 1, len(items) - 1))
    reduced = TruncatedSVD(n_components=components, random_state=SEED).fit_transform(matrix)
    return normalize(reduced), documents


def cluster_items(
    items: list[Item],
    *,
    k: int | None = None,
    max_k: int = MAX_K,
    attributes: dict[int, dict[str, str]] | None = None,
    cancelled: Cancelled | None = None,
) -> ClusterResult:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    from coder.errors import CoderError

    if len(items) < 4:
        raise CoderError(f"only {len(items)} segments to cluster; at least 4 are needed")
    vectors, documents = _vectors(items)
    criterion: dict[int, float] = {}
    if k is None:
        upper = min(max_k, len(items) - 1, max(2, int(np.sqrt(len(items)))))
        for candidate in range(2, upper + 1):
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            labels = KMeans(candidate, n_init=3, random_state=SEED).fit_predict(vectors)
            if len(set(labels)) < 2:
                continue
            criterion[candidate] = float(
                silhouette_score(
                    vectors,
                    labels,
                    metric="cosine",
                    sample_size=min(len(items), SILHOUETTE_SAMPLE),
                    random_state=SEED,
                )
            )
        if criterion:
            best = max(criterion.values())
            k = min(c for c, value in criterion.items() if value >= PARSIMONY * best)
        else:
            k = 2
    elif not 2 <= k <= len(items) - 1:
        raise CoderError(f"--k must be between 2 and {len(items) - 1} for {len(items)} segments")
    model = KMeans(k, n_init=10, random_state=SEED).fit(vectors)
    assignments = model.labels_
    centres = model.cluster_centers_ / np.maximum(
        np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12
    )
    typicality = np.clip((vectors * centres[assignments]).sum(axis=1), 0.0, 1.0)
    labels, terms = _labels(documents, assignments, k)
    clusters = []
    for c in range(k):
        members = [i for i in range(len(items)) if assignments[i] == c]
        distances = np.linalg.norm(vectors[members] - model.cluster_centers_[c], axis=1)
        representatives = [members[j] for j in np.argsort(distances)[:3]]
        spread: dict[str, Counter[str]] = {}
        for i in members:
            for key, value in (attributes or {}).get(items[i].document_id, {}).items():
                spread.setdefault(key, Counter())[value] += 1
        codes: Counter[int] = Counter(code for i in members for code in items[i].codes)
        clusters.append(
            Cluster(
                c,
                labels[c],
                terms[c],
                members,
                representatives,
                len({items[i].document_id for i in members}),
                spread,
                codes,
            )
        )
    # Largest first, and renumbered so ids follow that order.
    clusters.sort(key=lambda cl: (-cl.size, cl.label))
    renumber = {cluster.id: new for new, cluster in enumerate(clusters)}
    for cluster in clusters:
        cluster.id = renumber[cluster.id]
    assignments = np.array([renumber[a] for a in assignments])
    return ClusterResult(items, clusters, assignments, k, criterion, _map(vectors), typicality)


def _labels(
    documents: list[str], assignments: np.ndarray, k: int, top: int = 4
) -> tuple[list[str], list[list[str]]]:
    """Class-based TF-IDF: the terms frequent in one cluster and rare in the others."""
    from sklearn.feature_extraction.text import CountVectorizer

    joined = [
        " ".join(d for d, a in zip(documents, assignments, strict=True) if a == c) for c in range(k)
    ]
    counts = CountVectorizer(token_pattern=r"\S+").fit(documents)
    tf = counts.transform(joined).toarray().astype(float)
    tf /= np.maximum(tf.sum(axis=1, keepdims=True), 1)
    average_words = tf.shape[1] and np.mean([len(j.split()) for j in joined])
    frequency = counts.transform(joined).toarray().sum(axis=0)
    weights = tf * np.log1p(average_words / np.maximum(frequency, 1))
    vocabulary = np.array(counts.get_feature_names_out())
    labels, terms = [], []
    for c in range(k):
        best = [
            vocabulary[j].replace("_", " ")
            for j in np.argsort(-weights[c])[:top]
            if weights[c, j] > 0
        ]
        # A phrase makes its own words redundant in the label.
        chosen = [t for t in best if not any(t != o and t in o.split() for o in best)]
        terms.append(best)
        labels.append(" · ".join(chosen[:3]) or f"cluster {c + 1}")
    return labels, terms


def _map(vectors: np.ndarray) -> np.ndarray:
    from sklearn.decomposition import PCA

    if vectors.shape[1] < 2:
        return np.zeros((len(vectors), 2))
    return PCA(n_components=2, random_state=SEED).fit_transform(vectors)
