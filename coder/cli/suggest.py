"""Model commands: train, evaluate, autotag, suggest."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coder.cli.common import (
    CoderOpt,
    ProjectArg,
    app,
    document_ids_of,
    echo,
    fail,
    open_project,
    progress_bar,
)
from coder.suggest.reasons import Explanation
from coder.suggest.schedule import DEFAULT_MIN_PRECISION

if TYPE_CHECKING:
    from coder.suggest.evaluation import EvaluationReport


def _print_report(report: EvaluationReport, paths: dict[int, str]) -> None:
    echo(
        f"Grouped {report.folds}-fold cross-validation over {report.documents} documents, {report.units} units "
        "(thresholds tuned on the other folds):"
    )
    width = min(60, max(len(paths[c]) for c in report.per_code))
    echo(f"{'code':<{width}}  {'prec':>5}  {'rec':>5}  {'F1':>5}  {'n':>4}  {'thr':>5}")
    for code_id, s in sorted(report.per_code.items(), key=lambda item: paths[item[0]]):
        echo(
            f"{paths[code_id][:width]:<{width}}  {s.precision:5.2f}  {s.recall:5.2f}  {s.f1:5.2f}  "
            f"{s.support:>4}  {report.thresholds[code_id]:5.2f}"
        )
    m = report.micro
    echo(
        f"{'micro average':<{width}}  {m.precision:5.2f}  {m.recall:5.2f}  {m.f1:5.2f}  {m.support:>4}"
    )
    echo(f"{'macro F1':<{width}}  {'':5}  {'':5}  {report.macro_f1:5.2f}")
    echo(f"Calibration error (ECE): {report.calibration_error:.3f}")
    echo(scores_in_words(m.precision, m.recall))


def scores_in_words(precision: float, recall: float) -> str:
    """The micro scores as a researcher reads them: out of ten."""
    return (
        f"In words: of every 10 suggestions about {round(precision * 10)} are right "
        f"(precision); of every 10 turns that have a code, the model finds about "
        f"{round(recall * 10)} (recall)."
    )


@app.command()
def train(
    project: Path = ProjectArg,
    processes: int = typer.Option(
        0,
        "--processes",
        "-j",
        min=0,
        help="Processes for the folds and the final fit (0: one per core for a large project).",
    ),
) -> None:
    """Train the suggestion model on your coding; print grouped cross-validated scores per code."""
    from coder.suggest.model import train_model

    with open_project(project) as opened, progress_bar("Training") as update:
        model, report = train_model(opened, processes=processes or None, progress=update)
        paths = opened.code_paths()
    if report is None:
        echo("Trained on one document; code a second one to get an evaluation.")
    else:
        _print_report(report, paths)
    examples = model.meta["features"].get("codebook", 0)
    also = f"; and {examples} examples from the codebook's descriptions" if examples else ""
    echo(
        f"Model kept in {project} ({model.meta['units']} units, {model.meta['codes']} codes{also})."
    )
    if report is not None:
        estimator = model.estimator
        echo(
            context_in_words(
                estimator.document_weight,
                estimator.neighbour_weight,
                estimator.neighbours,
                estimator.parts_weight,
            )
        )


def context_in_words(
    document: float | None, neighbour: float | None, reach: int, parts: float | None = 0.0
) -> str:
    """How training chose to read each turn in its transcript (coder.suggest.context)."""
    if not document and not neighbour:
        words = "Each turn is scored without its transcript: reading it there scored no better."
    else:
        words = (
            f"Each turn is read in its transcript: its scores move {document or 0:.0%} of the "
            f"way to the transcript's mean and {neighbour or 0:.0%} to that of the {reach} "
            "turns on either side."
        )
    if parts:
        words += (
            f" A long turn's scores also move {parts:.0%} of the way to the highest of its "
            "sentence groups'."
        )
    return words


@app.command()
def evaluate(
    project: Path = ProjectArg,
    curve: bool = typer.Option(True, "--curve/--no-curve", help="Also the learning curve."),
) -> None:
    """The same evaluation as train, without replacing the model, plus a learning curve."""
    from coder.suggest.curve import learning_curve
    from coder.suggest.model import train_model

    with open_project(project) as opened, progress_bar("Evaluating") as update:
        _, report = train_model(opened, save=False, progress=update)
        paths = opened.code_paths()
        if report is None:
            fail("evaluation needs coded turns in at least two documents")
        _print_report(report, paths)
        if curve:
            echo("\nLearning curve (micro F1 against the number of coded documents):")
            for documents, f1 in learning_curve(opened, progress=update):
                echo(f"  {documents:>3} documents  {f1:5.2f}  {'█' * round(f1 * 40)}")


@app.command()
def autotag(
    project: Path = ProjectArg,
    files: list[Path] = typer.Argument(
        None, help="Transcripts to import and tag first.", show_default=False
    ),
    documents: list[str] = typer.Option(
        [], "--documents", "-d", help="Tag these documents (default: all uncoded)."
    ),
    min_confidence: float | None = typer.Option(
        None, "--min-confidence", help="Instead of the tuned thresholds."
    ),
    min_precision: float = typer.Option(
        DEFAULT_MIN_PRECISION,
        "--min-precision",
        help="Tag only codes whose tags were right this often in cross-validation "
        "(0.70: 7 of 10; 0: every learned code).",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Count what would be tagged; store nothing."
    ),
    processes: int = typer.Option(
        0, "--processes", "-j", help="Processes for the NLP analysis (0: one per core)."
    ),
    cluster: str | None = typer.Option(
        None,
        "--cluster",
        help="Run on a Dask cluster: the scheduler's address (tcp://host:8786), or local / local:N.",
    ),
    resume: bool = typer.Option(
        False, "--resume", help="With --cluster: finish the job a killed run left unfinished."
    ),
    send_files: bool = typer.Option(
        False,
        "--send-files",
        help="With --cluster: send the transcripts to the workers (they share no folder).",
    ),
    coder: str | None = CoderOpt,
) -> None:
    """Tag every uncoded turn with the trained model (codings with source = model)."""
    from coder.ingest.importing import import_paths
    from coder.suggest.autotag import autotag as run_autotag

    if cluster is None and (resume or send_files):
        fail("--resume and --send-files go with --cluster")
    if cluster is not None:
        if dry_run:
            fail("--dry-run cannot be combined with --cluster")
        _autotag_on_cluster(
            project,
            files,
            documents,
            (min_confidence, min_precision),
            cluster,
            resume,
            send_files,
            coder,
        )
        return
    with open_project(project, coder) as opened:
        ids = document_ids_of(opened, documents)
        if files:
            if dry_run:
                fail("--dry-run cannot be combined with files to import")
            with progress_bar("Importing") as update:
                outcomes = import_paths(opened, files, progress=update)
            for outcome in outcomes:
                if outcome.error:
                    echo(f"Error: {outcome.error}", err=True)
            imported = [o.document.id for o in outcomes if o.document is not None]
            if not imported:
                fail("none of the files could be imported")
            ids = (ids or []) + imported
        with progress_bar("Tagging") as update:
            result = run_autotag(
                opened,
                ids,
                min_confidence=min_confidence,
                min_precision=min_precision,
                dry_run=dry_run,
                progress=update,
                processes=processes if processes > 0 else (os.cpu_count() or 1),
            )
        paths = opened.code_paths()
    verb = "Would add" if dry_run else "Added"
    echo(
        f"{verb} {result.codings} codings to {result.tagged_units} of {result.units} uncoded units "
        f"in {result.documents} documents."
    )
    for code_id, count in result.per_code.most_common():
        echo(f"  {count:>5}  {paths[code_id]}")
    for name, why in result.skipped:
        echo(f"Skipped {name}: {why}.")
    _not_reliable(result.unreliable, paths, min_precision)


def _not_reliable(code_ids: list[int], paths: dict[int, str], min_precision: float) -> None:
    if code_ids:
        echo(
            f"Not reliable yet (below precision {min_precision:.2f} in cross-validation), "
            "not tagged; the workbench still suggests them:"
        )
        for code_id in code_ids:
            echo(f"         {paths.get(code_id, code_id)}")


def _autotag_on_cluster(
    project: Path,
    files: list[Path] | None,
    documents: list[str],
    cutoffs: tuple[float | None, float],  # min confidence, min precision
    address: str,
    resume: bool,
    send_files: bool,
    coder: str | None,
) -> None:
    from coder.suggest.distributed import autotag_on_cluster, cluster_client

    with open_project(project, coder) as opened:
        ids = document_ids_of(opened, documents)
        with cluster_client(address) as client, progress_bar("Tagging") as update:
            summary = autotag_on_cluster(
                opened,
                client,
                files=files or [],
                document_ids=ids,
                min_confidence=cutoffs[0],
                min_precision=cutoffs[1],
                resume=resume,
                send_files=send_files,
                progress=update,
            )
        paths = opened.code_paths()
    rate = summary.turns / summary.seconds if summary.seconds else 0.0
    echo(
        f"Job {summary.job_id}: {summary.documents} documents, {summary.turns} turns "
        f"({rate:.0f} turns/s), {summary.codings} codings stored on {summary.tagged_units} "
        f"of {summary.units} units, {len(summary.failures)} failed."
    )
    _not_reliable(summary.unreliable, paths, cutoffs[1])
    for failure in summary.failures:
        echo(f"Failed: {failure}", err=True)
    if not summary.finished:
        echo("Not finished: run the same command with --resume to go on.", err=True)
        raise typer.Exit(1)


@app.command()
def suggest(
    project: Path = ProjectArg,
    document: str = typer.Argument(..., help="Document name.", show_default=False),
    top: int = typer.Option(3, "--top", help="Suggestions per turn."),
    uncertain: bool = typer.Option(
        False, "--next", help="List the turns to code next (least certain first)."
    ),
    floor: str | None = typer.Option(
        None,
        "--floor",
        help="Show the model's suggestions from this probability on (default: the "
        "project's setting, else 0.15); --floor 0.2 --keep makes it the project's.",
        show_default=False,
    ),
    keep: bool = typer.Option(
        False, "--keep", help="Keep --floor as the project's setting (the workbench uses it too)."
    ),
) -> None:
    """Suggestions per turn of a document (or, with --next, which turns to code next)."""
    from coder.suggest.open_rule import (
        FLOOR_SETTING,
        parse_floor,
        suggestion_floor,
        worth_showing,
    )
    from coder.suggest.suggestions import DEFINITION, Suggester

    if keep and floor is None:
        fail("--keep goes with --floor")
    with open_project(project) as opened:
        lowest = suggestion_floor(opened) if floor is None else parse_floor(floor, "--floor")
        if keep:
            opened.set_meta(FLOOR_SETTING, str(lowest))
        doc = opened.document(document)
        suggester = Suggester(opened)
        paths = opened.code_paths()
        if uncertain:
            for unit, score in suggester.most_uncertain([doc.id]):
                echo(f"#{unit.segment_index + 1:<4} {score:4.2f}  {unit.text[:90]}")
            return
        for item in suggester.suggest_document(doc.id, top, explain=True):
            shown = [s for s in item.suggestions if worth_showing(s, lowest)]
            if not shown:
                continue
            echo(f"#{item.unit.segment_index + 1} {item.unit.speaker or ''}: {item.unit.text[:90]}")
            for s in shown:
                label = "similarity to definition" if s.kind == DEFINITION else "confidence"
                weak = "" if s.above_threshold else ", weak: below what the model trusts"
                echo(f"    {paths[s.code_id]}  ({label} {s.score:.2f}{weak})")
                print_reasons(s.why)


def print_reasons(why: Explanation | None) -> None:
    """The words that weigh for a suggestion, the coded quotes it resembles, and how
    much the transcript around the turn moved its confidence."""
    if why is None:
        return
    if why.words:
        echo(f"        words: {', '.join(why.words)}")
    for example in why.examples:
        quote = " ".join(example.text.split())
        quote = quote if len(quote) <= 80 else quote[:79] + "…"
        echo(f'        like: "{quote}" ({example.source})')
    if why.context_points:
        echo(f"        the transcript around it: {why.context:+.2f}")
