"""The labelled benchmark corpus: deterministic, the asked shape, not keyword-driven."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from labelled_corpus import BOTTLENECKS, LabelledTurn, generate, write_txt

# Dutch function words and spoken fillers: frequent in any turn, so they do not
# count as keywords in the variety check.
STOPWORDS = set(
    """
    de het een en of maar want dus dat die dit deze er hier daar toen dan nu al ook nog
    wel niet geen is was zijn waren ben bent heb hebt heeft hebben had hadden word wordt
    werd werden kan kon kunnen moet moest moesten mag mocht wil wilde zou zouden ga gaat
    ging gaan kom komt kwam zegt zei zeiden ik je jij u hij zij ze we wij jullie me mij
    mijn ons onze zijn haar hun hen men iemand niemand iedereen alles niks niets iets wat
    wie waar hoe waarom welke van in op aan met voor naar bij om over uit tot door als
    te zo heel echt gewoon eigenlijk toch even maar meer veel weer steeds altijd nooit
    soms vaak alleen nou ja nee eh ehm hm mm oké kijk weet
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@pytest.fixture(scope="module")
def corpus() -> list[list[LabelledTurn]]:
    return generate()


def test_deterministic_for_a_seed() -> None:
    assert generate(documents=3, turns_per_document=40, seed=5) == generate(
        documents=3, turns_per_document=40, seed=5
    )
    assert generate(documents=3, turns_per_document=40, seed=5) != generate(
        documents=3, turns_per_document=40, seed=6
    )


def test_sizes_labels_and_turn_shape(corpus: list[list[LabelledTurn]]) -> None:
    assert len(BOTTLENECKS) == 8 and BOTTLENECKS[2] == "Wachttijden"
    assert len(corpus) == 50 and all(len(document) == 100 for document in corpus)
    assert [len(d) for d in generate(documents=4, turns_per_document=17)] == [17] * 4
    for turn in (turn for document in corpus for turn in document):
        assert turn.labels <= set(BOTTLENECKS) and len(turn.labels) <= 2
        assert turn.speaker and ":" not in turn.speaker and "\n" not in turn.text
        assert 10 <= len(turn.text.split()) <= 70, turn.text
        sentences = len(re.findall(r"[.?!…]+(?:\s|$)", turn.text))
        assert 1 <= sentences <= 4, turn.text
        assert "{" not in turn.text and "[" not in turn.text and "  " not in turn.text
    assert all(document[0].speaker == "Gespreksleider" for document in corpus)


@pytest.mark.parametrize("neutral_share,multi_share", [(0.45, 0.1), (0.3, 0.2)])
def test_neutral_and_multi_label_shares(neutral_share: float, multi_share: float) -> None:
    turns = [
        turn
        for document in generate(documents=20, neutral_share=neutral_share, multi_share=multi_share)
        for turn in document
    ]
    assert abs(sum(not t.labels for t in turns) / len(turns) - neutral_share) <= 0.05
    assert abs(sum(len(t.labels) > 1 for t in turns) / len(turns) - multi_share) <= 0.05


def test_documents_focus_but_every_bottleneck_is_common(corpus: list[list[LabelledTurn]]) -> None:
    for bottleneck in BOTTLENECKS:
        present = sum(any(bottleneck in t.labels for t in document) for document in corpus)
        assert present >= len(corpus) / 2, bottleneck
    # A document dwells on a few bottlenecks: the top 5 carry most of its labels.
    for document in corpus:
        counts = Counter(label for turn in document for label in turn.labels)
        assert sum(n for _, n in counts.most_common(5)) >= 0.8 * sum(counts.values())
    assert (
        len(
            {
                frozenset(Counter(label for t in d for label in t.labels).most_common(3))
                for d in corpus
            }
        )
        > 25
    )


def test_gespreksleider_is_neutral_and_speakers_vary(corpus: list[list[LabelledTurn]]) -> None:
    turns = [turn for document in corpus for turn in document]
    assert all(not t.labels for t in turns if t.speaker == "Gespreksleider")
    roles = {re.sub(r" \d+$", "", t.speaker) for t in turns}
    assert {"Moeder", "Vader", "Jongere", "Buurtteammedewerker", "Leerkracht"} <= roles


def test_each_bottleneck_is_said_in_many_words(corpus: list[list[LabelledTurn]]) -> None:
    turns = [turn for document in corpus for turn in document]
    for bottleneck in BOTTLENECKS:
        texts = [t.text for t in turns if bottleneck in t.labels]
        assert len(set(texts)) >= 100, bottleneck
        frequency: Counter[str] = Counter()
        for text in texts:
            frequency.update(set(re.findall(r"\w+", text.lower())) - STOPWORDS)
        word, count = frequency.most_common(1)[0]
        assert count <= 0.6 * len(texts), (bottleneck, word, count / len(texts))
    # Neutral turns use the same domain words.
    neutral = " ".join(
        t.text for t in turns if not t.labels and t.speaker != "Gespreksleider"
    ).lower()
    for word in ("school", "hulpverlener", "gemeente", "buurtteam", "wachten", "gezinsvoogd"):
        assert word in neutral, word


def test_write_txt_layout() -> None:
    document = generate(documents=1, turns_per_document=12, seed=3)[0]
    text = write_txt(document)
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == len(document)
    for line, turn in zip(lines, document, strict=True):
        assert line == f"{turn.speaker}: {turn.text}"
