"""Small random unit frames for the estimator's tests: the columns units_frame makes."""

from __future__ import annotations

import numpy as np
import pandas as pd

WORDS = [
    "wachttijd",
    "jeugdzorg",
    "school",
    "moeder",
    "gemeente",
    "hulp",
    "overdracht",
    "regie",
    "zorg",
]


def random_units(n: int = 40, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "text": [" ".join(rng.choice(WORDS, 5)) for _ in range(n)],
            "lemmas": [" ".join(rng.choice(WORDS, 3)) for _ in range(n)],
            "context": [" ".join(rng.choice(WORDS, 3)) for _ in range(n)],
            "previous": [" ".join(rng.choice(WORDS, 3)) for _ in range(n)],
            "role": rng.choice(["ouder", "jongere", "professional"], n),
            "document": np.arange(n) // 10,
        }
    )
    labels = rng.integers(-1, 2, size=(n, 3))
    labels[:, 2] = -1  # a code without examples falls back to its prior
    return frame, labels


def with_meaning(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """The columns a sentence encoder adds: embeddings and similarities to 3 codes."""
    rng = np.random.default_rng(seed)
    frame = frame.copy()
    frame["embedding"] = list(rng.normal(size=(len(frame), 16)))
    frame["previous_embedding"] = list(rng.normal(size=(len(frame), 16)))
    frame["definitions"] = list(rng.normal(size=(len(frame), 3)))
    return frame
