"""Worker processes the core starts itself: spawned, and ending with their parent.

Both the analysis helper (coder.nlp.helper) and training (coder.suggest.evaluation) run
work in other processes: parsing and fitting hold the interpreter lock, so threads would
not use a second core, and a workbench thread doing it would make typing stutter.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr.

    The tracker inherits ``sys.stderr``'s file descriptor. A terminal UI replaces
    ``sys.stderr`` with an object whose ``fileno()`` is not a real descriptor, and the
    start then fails ("bad value(s) in fds_to_keep"); the real stderr is lent for the
    moment it takes. Once running, the tracker serves every later worker.
    """
    from multiprocessing import resource_tracker

    current = sys.stderr
    try:
        usable = current is not None and current.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    with open(os.devnull, "w") as devnull:
        sys.stderr = sys.__stderr__ or devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = current


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _initialise(threads: int, initializer: Callable[..., None] | None, *initargs: Any) -> None:
    from coder.nlp.lifeline import follow_parent

    follow_parent()  # end with the program that started the worker, even after kill -9
    # Each numeric library otherwise starts a thread per core in every worker: two
    # training workers so made each fit three times slower (28 s against 9 s). The
    # variables reach libraries loaded from now on, the limits those loaded already
    # (spawn imports the parent's main module first).
    for variable in THREAD_VARIABLES:
        os.environ[variable] = str(threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads)
    if initializer is not None:
        initializer(*initargs)


def process_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """An executor of ``workers`` spawned processes that end when this one does, whose
    numeric libraries share the cores between them."""
    start_resource_tracker()
    threads = max(1, (os.cpu_count() or 1) // workers)
    # spawn, not fork: the caller may have threads (a forked copy could deadlock).
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_initialise,
        initargs=(threads, initializer, *initargs),
    )


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: tasks not started are cancelled and the running ones killed
    with their workers, so a cancelled training leaves no fit running on the cores."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
    if callable(terminate):
        terminate()
        return
    # Before 3.14 the executor keeps its workers in _processes (None once shut down).
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join(timeout=5)
