"""Worker processes share the cores: their numeric libraries start no thread per core each."""

from __future__ import annotations

import os


def _numeric_threads() -> list[int]:
    import numpy  # noqa: F401  (loads OpenBLAS, after the worker started)
    from threadpoolctl import threadpool_info

    return [pool["num_threads"] for pool in threadpool_info()]


def test_workers_share_the_cores_between_them() -> None:
    from coder.processes import process_pool

    with process_pool(2) as pool:
        counts = pool.submit(_numeric_threads).result(timeout=60)
    assert counts and set(counts) == {max(1, (os.cpu_count() or 1) // 2)}


def _sleep(seconds: float) -> float:
    import time

    time.sleep(seconds)
    return seconds


def test_a_stopped_pool_kills_the_tasks_it_is_running() -> None:
    import multiprocessing
    import time

    from coder.processes import process_pool, stop_pool

    pool = process_pool(2)
    running = [pool.submit(_sleep, 60) for _ in range(2)]
    queued = pool.submit(_sleep, 60)
    deadline = time.monotonic() + 60
    while not all(f.running() for f in running) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = list(pool._processes.values())
    assert len(workers) == 2 and all(w.is_alive() for w in workers)
    start = time.monotonic()
    stop_pool(pool)
    while any(w.is_alive() for w in workers) and time.monotonic() - start < 10:
        time.sleep(0.05)
    assert time.monotonic() - start < 10  # not the minute the tasks would take
    assert not [p for p in multiprocessing.active_children() if p in workers]
    # the task that waited never runs: cancelled, or failed with its workers
    assert queued.cancelled() or queued.exception(timeout=10) is not None
