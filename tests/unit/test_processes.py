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
