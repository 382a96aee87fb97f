"""Worker processes end with the process that started them.

``coder autotag`` parses with worker processes (spaCy's ``nlp.pipe(n_process=…)``) and the
workbench analyses long documents in a helper process. When the parent is killed
(``kill -9``, a crashed terminal) nothing tells those workers to stop: a spaCy worker
waits on its input queue for ever, holding the pipeline's memory (and transcript text).

So every worker runs a small watchdog thread: it waits on multiprocessing's *parent
sentinel* (a pipe end the parent holds open; it becomes readable when the parent is
gone, on every platform) and ends the worker at once when that happens. Where no
sentinel exists (a process not started by multiprocessing) it checks every half second
whether its parent process id changed (POSIX reparents orphans).

Linux's ``prctl(PR_SET_PDEATHSIG)`` is deliberately not used: it fires when the parent
*thread* that started the worker ends, and the workbench starts its reusable helper
from a short-lived worker thread.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.util
import os
import threading
import time

ORPHAN_EXIT_CODE = 70  # EX_SOFTWARE: the worker stopped because its parent was gone
POLL_SECONDS = 0.5
_watching = False
_registered = False


class _Anchor:
    """multiprocessing keeps after-fork hooks in a weak dictionary: this object holds ours."""


_ANCHOR = _Anchor()


def follow_parent() -> None:
    """In a worker process: end this process as soon as its parent process is gone.

    Idempotent; returns at once (the waiting happens in a daemon thread).
    """
    global _watching
    if _watching:
        return
    _watching = True
    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None) if parent is not None else None
    target = _wait_for_sentinel if sentinel is not None else _poll_parent_pid
    argument = sentinel if sentinel is not None else os.getppid()
    threading.Thread(target=target, args=(argument,), name="coder-lifeline", daemon=True).start()


def _wait_for_sentinel(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(ORPHAN_EXIT_CODE)  # no clean-up: the parent that wanted the work is gone


def _poll_parent_pid(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_SECONDS)
    os._exit(ORPHAN_EXIT_CODE)


def _after_fork(_anchor: object) -> None:
    global _watching
    _watching = False  # a forked child has none of its parent's threads
    follow_parent()


def children_follow_parent() -> None:
    """In a parent: every multiprocessing child forked from now on follows this process.

    For workers that third-party code starts (spaCy's ``nlp.pipe(n_process=…)``), which
    take no initializer. Children started with "spawn" are not reached by this hook; the
    executors Codeertafel starts itself call :func:`follow_parent` in their initializer.
    """
    global _registered
    if not _registered:
        multiprocessing.util.register_after_fork(_ANCHOR, _after_fork)
        _registered = True
