"""NLP commands: which pipeline is active, analysing documents, lemma-aware search."""

from __future__ import annotations

from pathlib import Path

import typer

from coder.cli.common import (
    ProjectArg,
    app,
    code_ids_of,
    document_ids_of,
    echo,
    open_project,
    progress_bar,
)
from coder.text_safety import terminal_json

nlp_app = typer.Typer(
    help="The Dutch NLP pipeline: its identity and accuracy, analysing documents.",
    no_args_is_help=True,
)

SCORE_LABELS = {
    "pos_acc": "POS",
    "morph_acc": "morphology",
    "tag_acc": "tag",
    "lemma_acc": "lemma",
    "dep_uas": "UAS",
    "dep_las": "LAS",
    "sents_f": "sentence F",
}


@nlp_app.command()
def info(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Which Dutch pipeline is active, its version, components and accuracy."""
    from dataclasses import asdict

    from coder.nlp import load_feature_pipeline, pipeline_info

    details = pipeline_info()
    features = pipeline_info(load_feature_pipeline())
    if as_json:
        echo(terminal_json({**asdict(details), "features": asdict(features)}))
        return
    echo(f"Pipeline:   {details.name} {details.version} ({details.source})")
    echo(f"Location:   {details.path}")
    echo(f"Components: {', '.join(details.components)}")
    _accuracy(details.scores)
    echo(
        f"Features:   {features.name} {features.version} ({features.source}; "
        f"{', '.join(features.components)}), for the suggestion model"
    )
    _accuracy(features.scores)


def _accuracy(scores: dict) -> None:
    combined = scores.get("combined", scores)
    combined = combined if isinstance(combined, dict) else scores
    if combined:
        echo(
            "Accuracy:   "
            + ", ".join(
                f"{SCORE_LABELS.get(key, key)} {_percent(value)}"
                for key, value in combined.items()
                if key in SCORE_LABELS and isinstance(value, (int, float))
            )
        )


def _percent(value: float) -> str:
    return f"{value * 100:.1f}" if value <= 1 else f"{value:.1f}"


@nlp_app.command()
def analyse(
    project: Path = ProjectArg,
    cluster: str | None = typer.Option(
        None,
        "--cluster",
        help="Analyse on a Dask cluster: the scheduler's address (tcp://host:8786), or local / local:N.",
    ),
) -> None:
    """Analyse every document once (sentences, lemmas, POS, noun chunks) and keep it in the project."""
    from coder.nlp.analysis import analyse_project

    if cluster is not None:
        from coder.suggest.distributed import analyse_on_cluster, cluster_client

        with (
            open_project(project) as opened,
            cluster_client(cluster) as client,
            progress_bar("Analysing") as update,
        ):
            summary = analyse_on_cluster(opened, client, progress=update)
        echo(f"Analysed {summary.documents} documents ({summary.turns} turns) on the cluster.")
        for failure in summary.failures:
            echo(f"Failed: {failure}", err=True)
        return
    with open_project(project) as opened, progress_bar("Analysing") as update:
        count = sum(1 for _ in analyse_project(opened, progress=update))
    echo(f"Analysed {count} documents.")


@app.command()
def search(
    project: Path = ProjectArg,
    query: str = typer.Argument(
        ...,
        help="Words to find: 'hulpverlener' also finds 'hulpverleners'; wacht* (a prefix); "
        'several words or "quoted words" as a phrase; AND, OR, NOT between them.',
        show_default=False,
    ),
    text: bool = typer.Option(False, "--text", help="Plain text search instead of lemmas."),
    regex: bool = typer.Option(False, "--regex", help="Regular expression search."),
    exact: bool = typer.Option(
        False, "--no-compounds", help="Do not match compound heads (zorg → jeugdzorg)."
    ),
    document: list[str] = typer.Option(
        [], "--document", "-d", help="Only these documents (repeatable)."
    ),
    speaker: list[str] = typer.Option(
        [], "--speaker", help="Only turns of this speaker (repeatable)."
    ),
    code: list[str] = typer.Option(
        [], "--code", help="Only turns coded with this code or its subcodes (repeatable)."
    ),
    attr: list[str] = typer.Option(
        [], "--attr", help="Only documents with this attribute key=value (repeatable)."
    ),
    limit: int | None = typer.Option(None, "--limit", "-n", help="Stop after this many hits."),
    width: int = typer.Option(40, "--context", help="Characters of context on each side."),
) -> None:
    """Keyword-in-context search across the transcripts, lemma-aware by default."""
    from coder.nlp.search import search as run_search

    mode = "regex" if regex else "text" if text else "lemma"
    from coder.ingest.importing import parse_attributes

    with open_project(project) as opened, progress_bar("Searching") as update:
        ids = document_ids_of(opened, document)
        wanted = parse_attributes(attr)
        if wanted:
            ids = [
                d.id
                for d in opened.documents()
                if (ids is None or d.id in ids)
                and all(d.attributes.get(k) == v for k, v in wanted.items())
            ]
        hits = run_search(
            opened,
            query,
            mode=mode,
            document_ids=ids,
            compounds=not exact,
            context=width,
            limit=limit,
            speakers=speaker or None,
            code_ids=code_ids_of(opened, code),
            progress=update,
        )
    if not hits:
        echo(f"No hits for '{query}'.")
        return
    label_width = min(40, max(len(f"{h.document} #{h.segment_index + 1}") for h in hits))
    for hit in hits:
        label = f"{hit.document} #{hit.segment_index + 1}"
        echo(f"{label:<{label_width}}  {hit.left:>{width}}[{hit.match}]{hit.right}")
    documents = len({h.document_id for h in hits})
    echo(f"{len(hits)} hits in {documents} documents.")
