"""Figures for reports: code frequencies, code × document heatmap, co-occurrence heatmap.

PNG or SVG by the file's suffix; Dutch code names as labels; written atomically.
"""

from __future__ import annotations

from pathlib import Path

from coder.errors import CoderError, OutputError
from coder.export.files import write_atomically
from coder.export.tables import code_document_matrix, cooccurrence
from coder.store import Project

PLOT_SUFFIXES = (".png", ".svg")


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(figure, path: str | Path, force: bool) -> Path:  # type: ignore[no-untyped-def]
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_SUFFIXES:
        raise OutputError(
            path, "suffix", what="figures are", allowed=".png or .svg", suffixes=".png, .svg"
        )
    try:
        return write_atomically(
            path,
            lambda h: figure.savefig(h, format=suffix[1:], bbox_inches="tight", dpi=150),
            force=force,
            binary=True,
        )
    finally:
        _pyplot().close(figure)


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def plot_frequencies(
    project: Project,
    path: str | Path,
    *,
    force: bool = False,
    include_suggestions: bool = False,
    coder: str | None = None,
) -> Path:
    """Horizontal bars: codings per code (codes with codings), in the code's colour."""
    plt = _pyplot()
    counts = project.code_counts(include_suggestions=include_suggestions, coder=coder)
    codes = [c for c in project.codes() if counts.get(c.id)]
    if not codes:
        raise CoderError("there are no codings to plot yet")
    paths = project.code_paths()
    figure, axes = plt.subplots(figsize=(9, 0.35 * len(codes) + 1.2))
    labels = [_short(paths[c.id]) for c in codes]
    axes.barh(
        range(len(codes)),
        [counts[c.id] for c in codes],
        color=[c.colour or "#4E79A7" for c in codes],
    )
    axes.set_yticks(range(len(codes)), labels)
    axes.invert_yaxis()
    axes.set_xlabel("Aantal codeersegmenten")
    axes.set_title(_title("Codefrequenties", include_suggestions, coder))
    axes.spines[["top", "right"]].set_visible(False)
    for i, c in enumerate(codes):
        axes.text(counts[c.id], i, f" {counts[c.id]}", va="center", fontsize=8)
    return _save(figure, path, force)


def _heatmap(frame, title: str, path: str | Path, force: bool, fmt: str) -> Path:  # type: ignore[no-untyped-def]
    plt = _pyplot()
    if frame.empty:
        raise CoderError("there are no codings to plot yet")
    rows, cols = frame.shape
    figure, axes = plt.subplots(figsize=(max(6, 0.6 * cols + 4), max(4, 0.35 * rows + 2)))
    image = axes.imshow(frame.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    axes.set_xticks(range(cols), [_short(str(c)) for c in frame.columns], rotation=45, ha="right")
    axes.set_yticks(range(rows), [_short(str(r)) for r in frame.index])
    peak = float(frame.to_numpy(dtype=float).max()) or 1.0
    for i in range(rows):
        for j in range(cols):
            value = float(frame.iat[i, j])
            if value:
                axes.text(
                    j,
                    i,
                    format(value, fmt),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > 0.6 * peak else "black",
                )
    axes.set_title(title)
    figure.colorbar(image, ax=axes, shrink=0.8)
    return _save(figure, path, force)


def _title(title: str, include_suggestions: bool, coder: str | None) -> str:
    """A plot says when it is not the reviewed codings of every coder."""
    if coder:
        title += f", codeur {coder}"
    return title + (" (met suggesties van het model)" if include_suggestions else "")


def plot_code_document(
    project: Project,
    path: str | Path,
    *,
    force: bool = False,
    include_suggestions: bool = False,
    coder: str | None = None,
) -> Path:
    frame = code_document_matrix(
        project, include_suggestions=include_suggestions, coder=coder
    ).drop(columns="totaal")
    frame = frame[frame.sum(axis=1) > 0]
    title = _title("Codes per document", include_suggestions, coder)
    return _heatmap(frame, title, path, force, ".0f")


def plot_cooccurrence(
    project: Project,
    path: str | Path,
    *,
    normalised: bool = False,
    force: bool = False,
    include_suggestions: bool = False,
    coder: str | None = None,
) -> Path:
    frame = cooccurrence(
        project, normalised=normalised, include_suggestions=include_suggestions, coder=coder
    )
    title = (
        "Samen voorkomen van codes (Jaccard)"
        if normalised
        else "Samen voorkomen van codes (beurten)"
    )
    return _heatmap(
        frame,
        _title(title, include_suggestions, coder),
        path,
        force,
        ".2f" if normalised else ".0f",
    )
