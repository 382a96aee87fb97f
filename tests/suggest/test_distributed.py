"""Auto-tagging on a Dask cluster gives the codings of a local run: on a LocalCluster,
and on a real scheduler with two workers started as separate processes on 127.0.0.1,
also when a worker is killed midway and when the client is killed and resumed."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coder.ingest.importing import import_paths
from coder.resources import demo_dir
from coder.store import Project
from coder.suggest.autotag import autotag, untagged_documents

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
WAIT = 120  # seconds any one step may take on a busy machine before the test fails


@pytest.fixture(scope="module")
def trained_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from coder.demo import build_demo
    from coder.suggest.model import train_model

    path = tmp_path_factory.mktemp("trained") / "demo.ctdb"
    project = build_demo(path)
    train_model(project)
    project.close()
    return path


@pytest.fixture
def trained(trained_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "studie.ctdb"
    shutil.copyfile(trained_file, copy)
    return copy


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """New transcripts: the demo's plain-text ones with another closing turn each, several
    times over (a corpus of 12 files the project has not seen)."""
    folder = tmp_path_factory.mktemp("nieuw")
    sources = sorted(demo_dir().glob("*.txt"))
    files = []
    for copy in range(4):
        for source in sources:
            target = folder / f"{source.stem}-{copy}.txt"
            target.write_text(
                source.read_text(encoding="utf-8")
                + f"\n\nGespreksleider: Dank jullie wel ({copy}).\n",
                encoding="utf-8",
            )
            files.append(target)
    return files


def codings_by_name(path: Path) -> list[tuple]:
    with Project.open(path) as project:
        names = {d.id: d.name for d in project.documents()}
        return sorted(
            (names[c.document_id], c.start, c.end, c.code_id, c.confidence, c.source)
            for c in project.codings()
        )


def reasons_by_name(path: Path) -> list[tuple]:
    """Why each suggestion was made: its words and the quotes it resembles."""
    from coder.suggest.reasons import decode_reason

    with Project.open(path) as project:
        names = {d.id: d.name for d in project.documents()}
        found = []
        for c in project.suggestions():
            why = decode_reason(c.reason)
            assert why is not None, f"no reason stored with {names[c.document_id]} {c.start}"
            quotes = tuple((e.document, e.text) for e in why.examples)
            found.append((names[c.document_id], c.start, c.end, c.code_id, why.words, quotes))
        return sorted(found)


@pytest.fixture(scope="module")
def local_result(
    trained_file: Path, corpus: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> list[tuple]:
    """What the local path stores for the corpus: import, then auto-tag."""
    path = tmp_path_factory.mktemp("lokaal") / "lokaal.ctdb"
    shutil.copyfile(trained_file, path)
    with Project.open(path) as project:
        outcomes = import_paths(project, corpus)
        autotag(project, [o.document.id for o in outcomes if o.document])
    return codings_by_name(path) + reasons_by_name(path)


def test_local_cluster_stores_what_the_local_path_stores(
    trained: Path, corpus: list[Path], local_result: list[tuple]
) -> None:
    from coder.suggest.distributed import autotag_on_cluster, cluster_client

    with cluster_client("local:2") as client, Project.open(trained) as project:
        summary = autotag_on_cluster(project, client, files=corpus, send_files=True)
        assert summary.finished and summary.failures == []
        assert summary.documents == len(corpus) and summary.codings > 0
        # the analyses came back too: nothing is parsed again here
        from coder.nlp.analysis import unanalysed
        from coder.nlp.pipeline import load_feature_pipeline

        new = [d.id for d in project.documents() if d.name.endswith(("-0", "-1", "-2", "-3"))]
        assert list(unanalysed(project, new, load_feature_pipeline())) == []
        # the same documents again: refused by their hash, reported by name, nothing doubled
        again = autotag_on_cluster(project, client, files=corpus[:2])
        assert again.documents == 0 and len(again.failures) == 2
        assert all("already imported" in failure for failure in again.failures)
    assert codings_by_name(trained) + reasons_by_name(trained) == local_result


def test_existing_documents_and_a_bad_file(trained: Path, tmp_path: Path) -> None:
    from coder.suggest.distributed import autotag_on_cluster, cluster_client

    broken = tmp_path / "kapot.vtt"
    broken.write_text("WEBVTT\n\n" + "9" * 400 + ":00:00.000 --> 00:00:01.000\nhallo\n")
    reference = tmp_path / "referentie.ctdb"
    shutil.copyfile(trained, reference)
    with Project.open(reference) as project:
        autotag(project)
    with cluster_client("local:1") as client, Project.open(trained) as project:
        summary = autotag_on_cluster(project, client, files=[broken])
        assert summary.documents == 0 and summary.failures[0].startswith(str(broken))
        assert "Traceback" not in summary.failures[0]
        summary = autotag_on_cluster(project, client)  # the uncoded documents
        assert summary.documents == 2 and summary.finished
    assert codings_by_name(trained) == codings_by_name(reference)


def test_a_partly_coded_document_is_read_whole_there_too(trained: Path, tmp_path: Path) -> None:
    from coder.suggest.distributed import autotag_on_cluster, cluster_client

    with Project.open(trained) as project:
        target = untagged_documents(project)[0]
        segment = project.segments(target)[2]
        code = project.find_code("Wachttijden")
        project.add_coding(target, segment.start, segment.end, code.id)
    reference = tmp_path / "referentie.ctdb"
    shutil.copyfile(trained, reference)
    with Project.open(reference) as project:
        autotag(project, [target], min_confidence=0.05, min_precision=0)
    with cluster_client("local:1") as client, Project.open(trained) as project:
        summary = autotag_on_cluster(
            project, client, document_ids=[target], min_confidence=0.05, min_precision=0
        )
        assert summary.documents == 1 and summary.finished
    suggested = []
    for path in (trained, reference):
        with Project.open(path) as project:
            suggested.append(
                sorted((c.start, c.end, c.code_id, c.confidence) for c in project.suggestions())
            )
    assert suggested[0] and suggested[0] == suggested[1]


# -- a real scheduler and workers, as separate processes ----------------------------------


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "dask"), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so a kill reaches the whole process group
    )


def _wait_for_line(process: subprocess.Popen, pattern: str) -> re.Match:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line and process.poll() is not None:
            break
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r} from {process.args}")


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=WAIT)


@pytest.fixture
def scheduler() -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A scheduler on 127.0.0.1 and two single-threaded workers, stopped at the end."""
    started = [_start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard")]
    try:
        address = _wait_for_line(started[0], r"Scheduler at:\s+(tcp://127\.0\.0\.1:\d+)")[1]
        for _ in range(2):
            worker = _start(
                "worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--host",
                "127.0.0.1",
            )
            started.append(worker)
            _wait_for_line(worker, r"Registered to:")
        yield address, started
    finally:
        for process in reversed(started):
            _kill(process)


def _coder(*args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "coder"), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _done_items(path: Path) -> int:
    with sqlite3.connect(path, timeout=30) as db:
        return db.execute("SELECT count(*) FROM job_items WHERE state = 'done'").fetchone()[0]


def _wait_until_done_items(path: Path, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if _done_items(path) >= count:
                return
        except sqlite3.OperationalError:  # the job tables are made by the run itself
            pass
        time.sleep(0.05)
    raise AssertionError(f"the job never got {count} items done: {process.communicate()}")


def test_real_scheduler_survives_a_killed_worker_and_a_killed_client(
    scheduler: tuple[str, list[subprocess.Popen]],
    trained: Path,
    corpus: list[Path],
    local_result: list[tuple],
) -> None:
    address, processes = scheduler
    run = _coder("autotag", trained, *corpus, "--cluster", address)
    _wait_until_done_items(trained, 2, run)
    _kill(processes[1])  # a worker dies midway: Dask reruns its tasks on the other one
    _wait_until_done_items(trained, 5, run)
    _kill(run)  # the client dies midway: kill -9, no chance to tidy up
    assert _done_items(trained) < len(corpus)

    resumed = _coder("autotag", trained, "--cluster", address, "--resume")
    out, err = resumed.communicate(timeout=WAIT * 2)
    assert resumed.returncode == 0, err
    assert "0 failed" in out
    assert _done_items(trained) == len(corpus)
    assert (
        codings_by_name(trained) + reasons_by_name(trained) == local_result
    )  # the full result, nothing twice

    nothing = _coder("autotag", trained, "--cluster", address, "--resume")
    _, err = nothing.communicate(timeout=WAIT)
    assert nothing.returncode == 1 and err.strip() == (
        "Error: no unfinished auto-tag job to resume in this project"
    )


def test_an_unreachable_scheduler_is_one_line(trained: Path) -> None:
    done = subprocess.run(
        [str(BIN / "coder"), "autotag", str(trained), "--cluster", "tcp://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1


def test_nlp_analyse_on_a_local_cluster(trained: Path) -> None:
    """coder nlp analyse --cluster: the full pipeline's analyses come back into the cache,
    the same as analysing here."""
    from coder.nlp.analysis import analyse_document, unanalysed
    from coder.nlp.pipeline import load_pipeline
    from coder.suggest.distributed import analyse_on_cluster, cluster_client

    nlp = load_pipeline()
    with cluster_client("local:1") as client, Project.open(trained) as project:
        ids = [d.id for d in project.documents()]
        assert list(unanalysed(project, ids, nlp))
        summary = analyse_on_cluster(project, client)
        assert summary.documents == len(ids) and summary.failures == []
        assert list(unanalysed(project, ids, nlp)) == []  # nothing left to parse here
        analysed = analyse_document(project, ids[0], nlp)
        fresh = list(nlp.pipe(project.text(ids[0])[s.start : s.end] for s in analysed.segments))
        assert [[t.lemma_ for t in d] for d in analysed.docs] == [
            [t.lemma_ for t in d] for d in fresh
        ]
        again = analyse_on_cluster(project, client)
        assert again.documents == 0  # analysed already: no work sent
