"""``coder cluster``: recurring themes across transcripts, and turning one into a code."""

from __future__ import annotations

from pathlib import Path

import typer

from coder.cli.common import (
    ProjectArg,
    app,
    code_ids_of,
    document_ids_of,
    echo,
    fail,
    open_project,
    progress_bar,
)


@app.command()
def cluster(
    project: Path = ProjectArg,
    code: list[str] = typer.Option(
        [], "--code", help="Cluster what is coded with these codes (and subcodes)."
    ),
    documents: list[str] = typer.Option(
        [], "--documents", "-d", help="Cluster the turns of these documents."
    ),
    uncoded: bool = typer.Option(False, "--uncoded", help="Only turns without any coding."),
    k: int | None = typer.Option(
        None, "--k", help="Number of clusters (default: chosen by silhouette)."
    ),
    words: bool = typer.Option(
        False, "--words", help="Cluster on words only, without sentence embeddings."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="CSV: one row per segment with its cluster."
    ),
    table: Path | None = typer.Option(None, "--table", help="CSV: clusters × documents."),
    plot: Path | None = typer.Option(
        None, "--plot", help="2-D map of the segments (.png or .svg)."
    ),
    promote: int | None = typer.Option(
        None, "--promote", help="Make cluster N a code (needs --name)."
    ),
    name: str | None = typer.Option(None, "--name", help="Name of the code made with --promote."),
    parent: str | None = typer.Option(None, "--parent", help="Parent of that code (path or name)."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing output files."),
) -> None:
    """Group segments into recurring themes: label, size, spread over documents, typical quote."""
    from coder.cluster.model import EMBEDDINGS
    from coder.cluster.run import (
        cluster_document_table,
        cluster_project,
        plot_map,
        promote_cluster,
        write_assignments_csv,
        write_table_csv,
    )
    from coder.export.files import check_target

    if (promote is None) != (name is None):
        fail("--promote N and --name NAME go together")
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        fail(f"{plot}: the map is written as .png or .svg")
    for target in (output, table, plot):
        if target is not None:
            check_target(target, force=force)  # fail before the slow part, not after it
    with open_project(project) as opened:
        code_ids = code_ids_of(opened, code)
        ids = document_ids_of(opened, documents)
        parent_id = opened.find_code(parent).id if parent else None
        with progress_bar("Clustering") as update:
            result = cluster_project(
                opened,
                code_ids=code_ids,
                document_ids=ids,
                uncoded=uncoded,
                k=k,
                words_only=words,
                progress=update,
            )
        paths = opened.code_paths()
        if result.note:
            echo(f"Note: {result.note}.")
        chosen = (
            "given"
            if k
            else f"chosen by {result.criterion_name} over k = 2..{max(result.criterion, default=2)}"
        )
        basis = "sentence embeddings" if result.method == EMBEDDINGS else "words"
        echo(f"{len(result.items)} segments in {result.k} clusters on {basis} (k {chosen}).\n")
        echo(f"{'#':>3}  {'label':<40} {'size':>4} {'docs':>4}  typical quote")
        for c in result.clusters:
            quote = " ".join(result.items[c.representatives[0]].text.split())
            echo(f"{c.id + 1:>3}  {c.label[:40]:<40} {c.size:>4} {c.documents:>4}  {quote[:70]}")
            codes = ", ".join(
                f"{paths[code_id].rsplit('/', 1)[-1]} ({n})"
                for code_id, n in c.codes.most_common(3)
            )
            if codes:
                echo(f"{'':>50}codes: {codes}")
        if output is not None:
            write_assignments_csv(opened, result, output, force=force)
            echo(f"\nWrote {output}.")
        if table is not None:
            write_table_csv(*cluster_document_table(opened, result), table, force=force)
            echo(f"Wrote {table}.")
        if plot is not None:
            plot_map(result, plot, force=force)
            echo(f"Wrote {plot}.")
        if promote is not None and name is not None:
            made = promote_cluster(opened, result, promote - 1, name, parent_id)
            size = result.cluster(promote - 1).size
            echo(
                f"Cluster {promote} is now code {opened.code_path(made.id)} ({size} suggested codings)."
            )
