"""Auto-tagging and analysis of large corpora on a Dask cluster.

One writer: the project file is written only by this process (the client). Workers
read transcripts (from a folder they share, or as bytes sent along), analyse and tag
them, and return compact results: the parsed transcript, the model's codings, and
the analysis for the project's cache. The model travels to each worker once, as the
skops bytes stored in the project (scattered to every worker, not sent per task), and
is loaded there through the same checks as on this machine (coder.suggest.persist).

Each result is stored in one transaction together with its item of the job recorded in
the project (coder.store.jobs), so a killed client leaves every document either
wholly stored or still pending, and ``--resume`` finishes the pending ones without
duplicates. Dask reruns the tasks of a worker that is lost; a file that cannot be
read is reported by name and the rest goes on. Tasks are submitted in a sliding
window, so memory stays flat however large the corpus.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coder.errors import CoderError, InputFileError
from coder.progress import Cancelled, Progress
from coder.store import Project
from coder.store.jobs import DONE, FAILED, PENDING, Job
from coder.suggest.autotag import (
    DEFAULT_MIN_PRECISION,
    check_min_confidence,
    new_model_codings,
    tagging_columns,
    untagged_documents,
)
from coder.suggest.cluster_worker import (
    DOCUMENT,
    FILE,
    ModelPackage,
    Outcome,
    Task,
    analyse_task,
    item_name,
    tag_task,
)
from coder.suggest.explain import coded_examples

if TYPE_CHECKING:
    from distributed import Client


JOB_KIND = "autotag"
TASKS_PER_THREAD = 4  # in flight per worker thread: enough to keep workers busy


# -- connecting ------------------------------------------------------------------------------


@contextlib.contextmanager
def cluster_client(address: str) -> Iterator[Client]:
    """A Dask client for ``address``: ``tcp://host:8786`` (a running scheduler), or
    ``local`` / ``local:N`` (a cluster of N worker processes on this machine, one per
    core by default), closed afterwards. An unreachable scheduler is one line."""
    import logging

    from distributed import Client, LocalCluster

    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise CoderError(f"--cluster {address}: give local or local:N with N workers")
        workers = int(count) if count else (os.cpu_count() or 1)
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    _check_reachable(address)
    try:
        client = Client(address, timeout="30s")
    except (OSError, TimeoutError, ValueError) as error:
        raise CoderError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        yield client
    finally:
        client.close()


def _check_reachable(address: str) -> None:
    """Fail at once, not after the client's time-out, when nothing listens there."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or parts.port is None:
        raise CoderError(
            f"--cluster {address}: give the scheduler as tcp://host:port, or local / local:N"
        )
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=10).close()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CoderError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


# -- on the client: the one writer ---------------------------------------------------------


@dataclass
class ClusterSummary:
    job_id: int = 0
    documents: int = 0
    turns: int = 0
    units: int = 0
    tagged_units: int = 0
    codings: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    finished: bool = False
    unreliable: list[int] = field(default_factory=list)  # learned codes not precise enough


def autotag_on_cluster(
    project: Project,
    client: Client,
    *,
    files: Sequence[Path] = (),
    document_ids: list[int] | None = None,
    min_confidence: float | None = None,
    min_precision: float = DEFAULT_MIN_PRECISION,
    resume: bool = False,
    send_files: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ClusterSummary:
    """Tag new transcript files and/or the project's documents on the cluster behind
    ``client``, storing each result here as it arrives. With ``resume`` the latest
    unfinished job goes on (its files and settings); otherwise a new job is recorded.
    ``send_files`` sends each file's bytes instead of its path (workers without the
    folder)."""
    from coder.suggest.model import MODEL_NAME, load_model

    check_min_confidence(min_confidence)
    model = load_model(project)  # refuses a model it cannot trust, here first
    stored = project.load_model(MODEL_NAME)
    if model is None or stored is None:
        raise CoderError("no trained model in this project yet: run 'coder train' first")
    job = _job(project, files, document_ids, min_confidence, min_precision, send_files, resume)
    settings = job.settings
    # a resumed job tags as it began (older jobs had no precision setting: 0, all codes)
    columns, unreliable = tagging_columns(
        model, float(settings.get("min_precision", 0.0)), settings["min_confidence"]
    )
    package = ModelPackage(
        stored.data,
        model.code_ids,
        model.thresholds,
        columns,
        model.meta.get("encoder"),
        model.descriptions,
        coded_examples(project, model),
    )
    pending = [item.key for item in project.job_items(job.id, PENDING)]
    shared = client.scatter(package, broadcast=True, hash=False)
    tasks = (_task(project, key, settings["send_files"]) for key in pending)
    summary = ClusterSummary(job.id, unreliable=unreliable)
    names = {d.name.lower() for d in project.documents()}
    for outcome in _run(
        client,
        tasks,
        len(pending),
        progress,
        cancelled,
        summary,
        lambda task: client.submit(tag_task, task, shared, pure=False),
    ):
        _store(project, job, outcome, summary, names)
    if len(project.job_items(job.id, PENDING)) == 0:
        project.finish_job(job.id)
        summary.finished = True
    summary.failures = [item.detail for item in project.job_items(job.id, FAILED)]
    return summary


def _job(
    project: Project,
    files: Sequence[Path],
    document_ids: list[int] | None,
    min_confidence: float | None,
    min_precision: float,
    send_files: bool,
    resume: bool,
) -> Job:
    if resume:
        if files or document_ids:
            raise CoderError("--resume goes on with the files of the unfinished job: name none")
        job = project.unfinished_job(JOB_KIND)
        if job is None:
            raise CoderError("no unfinished auto-tag job to resume in this project")
        return job
    keys = [FILE + str(Path(f).resolve()) for f in files]
    if document_ids is None and not files:
        document_ids = untagged_documents(project)
    keys += [f"{DOCUMENT}{d}" for d in document_ids or []]
    if not keys:
        raise CoderError("nothing to tag: no files given and every document has human codings")
    for key in keys:
        if key.startswith(FILE) and not send_files and not Path(item_name(key)).is_file():
            raise InputFileError(item_name(key), "file not found")
    settings = {
        "min_confidence": min_confidence,
        "min_precision": min_precision,
        "send_files": send_files,
    }
    return project.start_job(JOB_KIND, settings, keys)


def _task(project: Project, key: str, send_files: bool) -> Task:
    if key.startswith(FILE):
        path = item_name(key)
        if not send_files:
            return Task(key, path=path)
        try:
            return Task(key, path=path, data=Path(path).read_bytes())
        except OSError as error:
            return Task(key, path=path, error=f"{path}: {error.strerror or error}")
    try:
        document_id = int(item_name(key))
        project.document(document_id)
    except (ValueError, CoderError):
        return Task(key, error=f"{item_name(key)}: not a document of this project")
    segments = project.segments(document_id)
    human = project.codings(document_id=document_id)
    return Task(
        key,
        text=project.text(document_id),
        segments=tuple((s.speaker, s.start, s.end) for s in segments),
        human=tuple((c.start, c.end) for c in human),
    )


def _run(
    client: Client,
    tasks: Iterator[Task],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
    summary: ClusterSummary,
    submit: Callable[[Task], Any],
) -> Iterator[Outcome]:
    """Outcomes as they complete, with a sliding window of tasks in flight."""
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    window = max(2, TASKS_PER_THREAD * threads)
    started = time.perf_counter()
    running = as_completed()
    for task in itertools.islice(tasks, window):
        running.add(submit(task))
    if progress is not None:
        progress(0, total, "")
    for done, future in enumerate(running, start=1):
        if cancelled is not None and cancelled():
            client.cancel(list(running.futures))
            return
        outcome = future.result()
        future.release()
        yield outcome
        summary.seconds = time.perf_counter() - started
        next_task = next(tasks, None)
        if next_task is not None:
            running.add(submit(next_task))
        if progress is not None:
            rate = summary.documents / summary.seconds if summary.seconds else 0.0
            turns = summary.turns / summary.seconds if summary.seconds else 0.0
            progress(done, total, f"{rate:.1f} documents/s, {turns:.0f} turns/s")


def _store(
    project: Project, job: Job, outcome: Outcome, summary: ClusterSummary, names: set[str]
) -> None:
    """One outcome, with its job item, in one transaction. ``names``: the documents'
    names (lower case), kept up to date here."""
    from coder.nlp.analysis import keep_analysis

    key = outcome.key
    if outcome.error is not None:
        project.finish_item(job.id, key, FAILED, detail=outcome.error)
        return
    if key.startswith(FILE):
        same = project.find_document_by_hash(outcome.sha256 or "")
        if same is not None:
            project.finish_item(
                job.id,
                key,
                FAILED,
                detail=f"{item_name(key)}: already imported as document '{same.name}'",
            )
            return
        with project.write():
            document = project.add_document(
                name=_free_name(names, Path(item_name(key)).stem),
                original_filename=outcome.filename or "",
                sha256=outcome.sha256 or "",
                format=outcome.format or "txt",
                encoding=outcome.encoding,
                text=outcome.text or "",
                segments=outcome.turns,
            )
            keep_analysis(project, document.id, outcome.pipeline, outcome.analysis)
            new = new_model_codings(document.id, outcome.codings, set())
            stored = len(project.add_codings(new)) if new else 0
            project.finish_item(job.id, key, DONE, document.id)
    else:
        document = project.document(int(item_name(key)))
        existing = {
            (c.start, c.end, c.code_id)
            for c in project.codings(document_id=document.id, source="model", status=None)
        }
        new = new_model_codings(document.id, outcome.codings, existing)
        with project.write(f"auto-tag {document.name}"):
            if project.text(document.id) != outcome.text:
                project.finish_item(
                    job.id, key, FAILED, document.id, f"{document.name}: changed meanwhile"
                )
                return
            keep_analysis(project, document.id, outcome.pipeline, outcome.analysis)
            # The store keeps no duplicate (another run may have stored them meanwhile).
            stored = (
                len(project.add_codings(new, description=f"auto-tag {document.name}")) if new else 0
            )
            project.finish_item(job.id, key, DONE, document.id)
    summary.documents += 1
    summary.turns += len(outcome.turns)
    summary.units += outcome.units
    summary.tagged_units += outcome.tagged_units
    summary.codings += stored


def _free_name(names: set[str], stem: str) -> str:
    """``stem``, or ``stem (2)``, ``stem (3)`` … when a document has that name already
    (a large corpus often has the same file name in several folders); taken into
    ``names``."""
    name, number = stem.strip() or "transcript", 1
    while name.lower() in names:
        number += 1
        name = f"{stem.strip()} ({number})"
    names.add(name.lower())
    return name


def analyse_on_cluster(
    project: Project,
    client: Client,
    document_ids: list[int] | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ClusterSummary:
    """Analyse the documents not analysed yet with the full pipeline on the cluster
    (coder nlp analyse --cluster); the analyses are kept in the project."""
    from coder.nlp.analysis import keep_analysis, unanalysed
    from coder.nlp.pipeline import load_pipeline

    targets = [d.id for d in project.documents()] if document_ids is None else document_ids
    todo = [document_id for document_id, _ in unanalysed(project, targets, load_pipeline())]
    summary = ClusterSummary()
    tasks = (_task(project, f"{DOCUMENT}{d}", False) for d in todo)
    for outcome in _run(
        client,
        tasks,
        len(todo),
        progress,
        cancelled,
        summary,
        lambda task: client.submit(analyse_task, task, pure=False),
    ):
        if outcome.error is not None:
            summary.failures.append(outcome.error)
            continue
        document_id = int(item_name(outcome.key))
        with project.write():
            if project.text(document_id) == outcome.text:
                keep_analysis(project, document_id, outcome.pipeline, outcome.analysis)
        summary.documents += 1
        summary.turns += len(outcome.turns)
    summary.finished = True
    return summary
