"""Clustering as the faces use it: select, cluster, promote a cluster to a code, write files."""

from __future__ import annotations

from pathlib import Path

from coder.cluster.embedded import embedding_vectors, load_cluster_encoder, names_in
from coder.cluster.items import select_items
from coder.cluster.labels import name_words
from coder.cluster.model import ClusterResult, cluster_items
from coder.errors import CoderError
from coder.export.codings import SEGMENT_COLUMNS
from coder.export.files import write_atomically
from coder.export.spreadsheet import write_csv
from coder.nlp.embeddings import Encoder
from coder.progress import Cancelled, Progress
from coder.store import Code, NewCoding, Project
from coder.store.codings import MODEL_CODER


def cluster_project(
    project: Project,
    *,
    code_ids: list[int] | None = None,
    document_ids: list[int] | None = None,
    uncoded: bool = False,
    k: int | None = None,
    words_only: bool = False,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ClusterResult:
    """Select the items and cluster them: on sentence embeddings (``encoder``, by default
    the clustering encoder, loaded here), or on words with ``words_only`` or when no
    encoder can be loaded or run (the result's note says why)."""
    items = select_items(
        project,
        code_ids=code_ids,
        document_ids=document_ids,
        uncoded=uncoded,
        progress=progress,
        cancelled=cancelled,
    )
    attributes = {d.id: d.attributes for d in project.documents()}
    if len(items) < 4:  # cluster_items says so; no encoder or name search needed for that
        return cluster_items(items, k=k, attributes=attributes, cancelled=cancelled)
    vectors, note = None, ""
    if not words_only:
        if encoder is None:
            encoder, note = load_cluster_encoder()
        if encoder is not None:
            try:
                vectors = embedding_vectors(
                    project, items, encoder, progress=progress, cancelled=cancelled
                )
            except InterruptedError:
                raise
            except OSError as error:  # the engine loaded but cannot run here
                note = f"sentence encoder failed ({error}); clustered on words"
    return cluster_items(
        items,
        k=k,
        attributes=attributes,
        cancelled=cancelled,
        vectors=vectors,
        excluded=name_words(names_in(project, items)),
        note=note,
    )


def promote_cluster(
    project: Project,
    result: ClusterResult,
    cluster_id: int,
    name: str,
    parent_id: int | None = None,
) -> Code:
    """Make a cluster a code: a new code, its members coded as model suggestions.

    One undoable operation. The members' codings carry ``source = model`` and their
    typicality (similarity to the cluster's centre) as confidence, until a researcher
    accepts or rejects them.
    """
    try:
        cluster = result.cluster(cluster_id)
    except KeyError:
        raise CoderError(f"there is no cluster {cluster_id + 1}") from None
    example = result.items[cluster.representatives[0]].text if cluster.representatives else ""
    # The store's own methods, nested in one write: one undoable operation, all or nothing.
    with project.write(f"promote cluster '{cluster.label}' to code '{name}'"):
        code = project.add_code(
            name,
            parent_id,
            definition=f"Gevonden met clustering: {', '.join(cluster.terms)}.",
            example=" ".join(example.split())[:300],
        )
        project.add_codings(
            [
                NewCoding(
                    result.items[i].document_id,
                    result.items[i].start,
                    result.items[i].end,
                    code.id,
                    source="model",
                    confidence=round(float(result.typicality[i]), 4),
                    coder=MODEL_CODER,
                )
                for i in cluster.members
            ]
        )
    return project.code(code.id)


def write_assignments_csv(
    project: Project, result: ClusterResult, path: str | Path, *, force: bool = False
) -> Path:
    """One row per segment: document, turn, speaker, text, cluster id and label."""
    names = {d.id: d.name for d in project.documents()}
    header = [*SEGMENT_COLUMNS, "cluster", "cluster_label", "typicality"]
    rows = []
    for i, item in enumerate(result.items):
        cluster = result.cluster(int(result.assignments[i]))
        rows.append(
            [
                names[item.document_id],
                item.segment_index + 1,
                item.speaker or "",
                item.start,
                item.end,
                " ".join(item.text.split()),
                cluster.id + 1,
                cluster.label,
                f"{result.typicality[i]:.3f}",
            ]
        )
    return write_csv(path, header, rows, force=force)


def cluster_document_table(
    project: Project, result: ClusterResult
) -> tuple[list[str], list[list[object]]]:
    """Clusters × documents: how often each cluster occurs in each session."""
    documents = [
        d for d in project.documents() if any(item.document_id == d.id for item in result.items)
    ]
    header = ["cluster", *[d.name for d in documents], "documents"]
    rows: list[list[object]] = []
    for cluster in result.clusters:
        counts = [
            sum(1 for i in cluster.members if result.items[i].document_id == d.id)
            for d in documents
        ]
        rows.append([f"{cluster.id + 1}. {cluster.label}", *counts, cluster.documents])
    return header, rows


def write_table_csv(
    header: list[str], rows: list[list[object]], path: str | Path, *, force: bool = False
) -> Path:
    return write_csv(path, header, rows, force=force)


def plot_map(result: ClusterResult, path: str | Path, *, force: bool = False) -> Path:
    """A 2-D map of the segments coloured by cluster, as PNG or SVG (by the file's suffix)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise CoderError(f"{path}: the map is written as .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 6.5), dpi=150)
    palette = plt.get_cmap("tab20")
    for cluster in result.clusters:
        points = result.coordinates[cluster.members]
        axes.scatter(
            points[:, 0],
            points[:, 1],
            s=22,
            alpha=0.8,
            color=palette(cluster.id % 20),
            label=f"{cluster.id + 1}. {cluster.label} ({cluster.size})",
        )
    axes.set_title("Segmenten per cluster")
    axes.set_xticks([])
    axes.set_yticks([])
    axes.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
    figure.tight_layout()

    def write(handle) -> None:  # type: ignore[no-untyped-def]
        figure.savefig(handle, format=suffix[1:], bbox_inches="tight")

    try:
        return write_atomically(path, write, force=force, binary=True)
    finally:
        plt.close(figure)
