"""Cluster items into recurring themes.

Two ways, chosen by what is available:

- **Embeddings** (the default): each item's sentence embedding (coder.cluster.embedded),
  grouped by hierarchical clustering with average linkage on cosine distances (two
  clusters merge when their quotes are, on average, the closest); k is the cut of the
  tree with the lowest Davies–Bouldin index (how compact the clusters are against how far
  apart). On the development corpus's bottleneck quotes this measured NMI 0.43, 2.1 times
  TF-IDF + k-means (0.21; words 0.22); Ward's linkage on the same vectors 0.38, k-means
  and HDBSCAN worse (HDBSCAN left most quotes as noise), and the silhouette chose k = 2
  (benchmarks/cluster_dev_quality.py). An outlying quote can stay a cluster of its own
  (one of the ten there) instead of blurring a theme it does not belong to.
- **Words** (when no encoder can be loaded, or asked for): TF-IDF of lemmas and key
  phrases, reduced with truncated SVD, grouped with k-means; k by the silhouette
  criterion: for every k from 2 to ``max_k`` the mean silhouette (cosine) is computed;
  on text it creeps up with k, so the smallest k that reaches 90 % of the best wins.

Both consider k from 2 to ``max_k`` (at most the square root of the number of items, so
that clusters are not mostly pairs); ``k`` overrides the choice. Labels come from
coder.cluster.labels; the typical quotes are the members nearest their cluster's centre.
Everything is seeded, so the same input gives the same clusters (and ``coder cluster
--promote`` acts on the clusters that were shown).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from coder.cluster.items import Item
from coder.cluster.labels import class_tfidf_labels
from coder.progress import Cancelled

SEED = 42
MAX_K = 12
COMPONENTS = 50  # SVD dimensions: measured on the labelled benchmark corpus (ARI, speed)
PARSIMONY = 0.9
SILHOUETTE_SAMPLE = 2000  # the silhouette is quadratic in the number of items
LINKAGE_LIMIT = 4000  # the tree keeps all pairwise distances: 4,000 items take 64 MB
WORDS, EMBEDDINGS = "words", "embeddings"
SILHOUETTE, DAVIES_BOULDIN = "silhouette", "Davies–Bouldin"


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
    criterion: dict[int, float]  # k → the value of the criterion that chose k
    coordinates: np.ndarray  # 2-D map of the items
    typicality: np.ndarray  # cosine similarity of each item to its cluster's centre
    method: str = WORDS  # what the items were clustered on: WORDS or EMBEDDINGS
    criterion_name: str = SILHOUETTE  # what chose k (criterion: k → its value)
    note: str = ""  # e.g. why the encoder was not used

    def cluster(self, cluster_id: int) -> Cluster:
        for cluster in self.clusters:
            if cluster.id == cluster_id:
                return cluster
        raise KeyError(cluster_id)


def lexical_vectors(items: list[Item]) -> np.ndarray:
    """Unit rows: TF-IDF of each item's lemmas and key phrases, reduced with truncated SVD."""
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
    return np.asarray(normalize(reduced))


def cluster_items(
    items: list[Item],
    *,
    k: int | None = None,
    max_k: int = MAX_K,
    attributes: dict[int, dict[str, str]] | None = None,
    cancelled: Cancelled | None = None,
    vectors: np.ndarray | None = None,
    excluded: frozenset[str] = frozenset(),
    note: str = "",
) -> ClusterResult:
    """Cluster ``items``: on ``vectors`` (unit rows, one per item: embeddings) when given,
    else on their words. ``excluded``: name words kept out of the labels."""
    from coder.errors import CoderError

    if len(items) < 4:
        raise CoderError(f"only {len(items)} segments to cluster; at least 4 are needed")
    if k is not None and not 2 <= k <= len(items) - 1:
        raise CoderError(f"--k must be between 2 and {len(items) - 1} for {len(items)} segments")
    upper = min(max_k, len(items) - 1, max(2, int(np.sqrt(len(items)))))
    if vectors is None:
        vectors = lexical_vectors(items)
        assignments, k, criterion = _kmeans(vectors, k, upper, cancelled)
        criterion_name, method = SILHOUETTE, WORDS
    else:
        assignments, k, criterion = _average_linkage(vectors, k, upper, cancelled)
        criterion_name, method = DAVIES_BOULDIN, EMBEDDINGS
    centres = np.array([vectors[assignments == c].mean(axis=0) for c in range(k)])
    unit_centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    typicality = np.clip((vectors * unit_centres[assignments]).sum(axis=1), 0.0, 1.0)
    labels, terms = class_tfidf_labels(
        [item.lemmas + item.phrases for item in items], assignments, k, excluded=excluded
    )
    clusters = []
    for c in range(k):
        members = [i for i in range(len(items)) if assignments[i] == c]
        distances = np.linalg.norm(vectors[members] - centres[c], axis=1)
        representatives = [members[j] for j in np.argsort(distances, kind="stable")[:3]]
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
    return ClusterResult(
        items,
        clusters,
        assignments,
        k,
        criterion,
        _map(vectors),
        typicality,
        method=method,
        criterion_name=criterion_name,
        note=note,
    )


def _check(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise InterruptedError("cancelled")


def _kmeans(
    vectors: np.ndarray, k: int | None, upper: int, cancelled: Cancelled | None
) -> tuple[np.ndarray, int, dict[int, float]]:
    """k-means; k given, or the smallest within PARSIMONY of the best silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    criterion: dict[int, float] = {}
    if k is None:
        for candidate in range(2, upper + 1):
            _check(cancelled)
            labels = KMeans(candidate, n_init=3, random_state=SEED).fit_predict(vectors)
            if len(set(labels)) < 2:
                continue
            criterion[candidate] = float(
                silhouette_score(
                    vectors,
                    labels,
                    metric="cosine",
                    sample_size=min(len(vectors), SILHOUETTE_SAMPLE),
                    random_state=SEED,
                )
            )
        if criterion:
            best = max(criterion.values())
            k = min(c for c, value in criterion.items() if value >= PARSIMONY * best)
        else:
            k = 2
    return KMeans(k, n_init=10, random_state=SEED).fit_predict(vectors), k, criterion


def _average_linkage(
    vectors: np.ndarray, k: int | None, upper: int, cancelled: Cancelled | None
) -> tuple[np.ndarray, int, dict[int, float]]:
    """The average-linkage tree on cosine distances (``vectors``: unit rows), cut at k
    clusters; k given, or the cut with the lowest Davies–Bouldin index. Above
    LINKAGE_LIMIT items (the tree needs memory quadratic in them) k-means."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import davies_bouldin_score

    candidates = [k] if k is not None else list(range(2, upper + 1))
    cuts: dict[int, np.ndarray] = {}
    if len(vectors) > LINKAGE_LIMIT:
        for candidate in candidates:
            _check(cancelled)
            cuts[candidate] = KMeans(candidate, n_init=3, random_state=SEED).fit_predict(vectors)
    else:
        from scipy.cluster.hierarchy import cut_tree, linkage
        from scipy.spatial.distance import pdist

        _check(cancelled)
        # For unit rows half the squared Euclidean distance is the cosine distance; unlike
        # scipy's "cosine" it stays finite for a zero row (an item at the items' mean).
        tree = linkage(pdist(vectors, "sqeuclidean") / 2, method="average")
        _check(cancelled)
        for candidate, column in zip(candidates, cut_tree(tree, candidates).T, strict=True):
            cuts[candidate] = column
    criterion: dict[int, float] = {}
    if k is None:
        for candidate, labels in cuts.items():
            if len(set(labels)) > 1:
                value = float(davies_bouldin_score(vectors, labels))
                if np.isfinite(value):  # not when the items' vectors coincide
                    criterion[candidate] = value
        k = min(criterion, key=lambda c: (criterion[c], c)) if criterion else candidates[0]
    # Number the clusters 0..k-1 in order of their first member: stable across runs.
    labels = cuts[k]
    order = {old: new for new, old in enumerate(dict.fromkeys(labels.tolist()))}
    return np.array([order[a] for a in labels]), k, criterion


def _map(vectors: np.ndarray) -> np.ndarray:
    from sklearn.decomposition import PCA

    if vectors.shape[1] < 2:
        return np.zeros((len(vectors), 2))
    return PCA(n_components=2, random_state=SEED).fit_transform(vectors)
