"""Issue #13: worker processes end with their parent, also after ``kill -9``.

Each test starts a program in a child process that starts workers the way Codeertafel
does (spaCy's ``nlp.pipe(n_process=…)`` for ``coder autotag``, the workbench's analysis
helper), kills that program with SIGKILL and waits, boundedly, for the workers to go.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coder.store import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
ROOT = Path(__file__).resolve().parents[2]
GRACE_SECONDS = 5.0

SPACY_PROGRAM = """
import itertools, multiprocessing, sys, time
import spacy
from coder.nlp.lifeline import children_follow_parent

if sys.argv[1] == "follow":
    children_follow_parent()
nlp = spacy.blank("nl")
texts = ("Wij wachtten maanden op hulp." for _ in itertools.count())
docs = nlp.pipe(texts, n_process=2, batch_size=1)
next(docs)  # the workers run and now wait for more
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(120)
"""

HELPER_PROGRAM = """
import os, sys, time
from coder.nlp.helper import AnalysisHelper

helper = AnalysisHelper(sys.argv[1])
print(helper.executor().submit(os.getpid).result(), flush=True)
time.sleep(120)
"""


ANALYSIS_PROGRAM = """
import multiprocessing, sys, time
import spacy
from coder.nlp.analysis import analyse_project
from coder.store import NewSegment, Project

project = Project.create(sys.argv[1])
for number in range(40):
    turns = [f"Beurt {i} van gesprek {number}: wij wachtten op hulp." for i in range(30)]
    text, segments = "", []
    for turn in turns:
        segments.append(NewSegment("Moeder", len(text), len(text) + len(turn)))
        text += turn + "\\n"
    project.add_document(
        name=f"d{number}", original_filename=f"d{number}.txt", sha256=str(number),
        format="txt", text=text, segments=segments,
    )
analysed = analyse_project(project, nlp=spacy.blank("nl"), processes=2)
next(analysed)  # the first document is stored; the workers parse the next ones
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(120)
"""


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie nobody reaped has ended: it counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


def start_and_kill(program: str, *args: str) -> list[int]:
    """Run ``program`` in a child, read the worker pids it prints, kill -9 the child and
    return the workers still alive after GRACE_SECONDS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", program, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        workers = [int(pid) for pid in line.split()]
        assert workers and all(alive(pid) for pid in workers), line
    finally:
        child.kill()  # SIGKILL: no atexit, no finally, no executor shutdown
        child.wait(timeout=10)
        if child.stdout:
            child.stdout.close()
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:  # leave nothing behind, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    return survivors


def test_spacy_workers_end_with_their_parent() -> None:
    assert start_and_kill(SPACY_PROGRAM, "follow") == []


def test_without_the_lifeline_spacy_workers_outlive_their_parent() -> None:
    """The control: this test measures something (spaCy's waiting workers stay)."""
    assert start_and_kill(SPACY_PROGRAM, "unguarded") != []


def test_the_analysis_helper_ends_with_its_parent(tmp_path: Path) -> None:
    path = tmp_path / "studie.ctdb"
    Project.create(path).close()
    assert start_and_kill(HELPER_PROGRAM, str(path)) == []


def test_autotag_analysis_workers_end_with_their_parent(tmp_path: Path) -> None:
    """``analyse_project(processes=2)``, as ``coder autotag -j 2`` runs it."""
    assert start_and_kill(ANALYSIS_PROGRAM, str(tmp_path / "studie.ctdb")) == []
