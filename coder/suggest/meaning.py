"""What a unit means, for the model: sentence embeddings and the codebook's descriptions.

Each unit gets the embedding of its own text and of its context: the unit read after
the end of the previous whole turn (replies such as "ja, dat herken ik" are about what
was said before). A model trained with an encoder also keeps the embeddings of its
codes' descriptions (name, definition, inclusion note, example), so the similarity of a
unit to each code is a feature: what the researcher wrote down about a code counts
before the code has many examples.

Embeddings come from the project's cache (coder.nlp.embeddings); on a Dask worker,
which never opens the project, they are computed without it (``project=None``). Without a usable encoder
(the package missing, a CPU it cannot run on) the model is lexical only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from coder.errors import CoderError
from coder.nlp.embeddings import (
    CONTEXT_WORDS,
    MEANING_ENCODER,
    Encoder,
    embed_texts,
    load_encoder,
    read_after,
)
from coder.progress import Cancelled, Progress
from coder.suggest.units import Unit

if TYPE_CHECKING:
    from coder.store import Project

SUGGEST_ENCODER = MEANING_ENCODER  # the same vectors as clusters (coder.nlp.embeddings)

# What a unit's context embedding (the estimator's "previous_embedding" column) embeds.
# Models trained before this choice was stored read the previous turn on its own; since
# then the unit is read after the end of the turn before it, as one text, as clusters
# read a quote (coder.cluster.embedded): on the development corpus micro F1 0.405 ->
# 0.418, top-3 recall 0.563 -> 0.570, with 12 training transcripts top-3 0.559 -> 0.591
# (benchmarks/suggest_quality.py). The last 30 words of that turn did as well as all of it
# (the last 12: 0.407; only for units of at most 30 words: 0.402). It is a text of its own
# to encode, where the previous turn was mostly encoded already as a unit: the encoder
# takes about three times as long (benchmarks/suggest_speed.py end to end: 11 against 32
# new turns/s), once per text, as embeddings are cached in the project.
PREVIOUS_TURN = "previous-turn"
AFTER_TURN_BEFORE = f"after-turn-before/{CONTEXT_WORDS}"  # coder.nlp.embeddings.read_after
CONTEXTS = (PREVIOUS_TURN, AFTER_TURN_BEFORE)


def usable_encoder(name: str | None = SUGGEST_ENCODER) -> Encoder | None:
    """The encoder ``name``, or None when it cannot run here (not installed, or its
    native engine does not load on this CPU): the model then learns from words only."""
    if name is None:
        return None
    try:
        return load_encoder(name)
    except (CoderError, OSError):
        return None


def required_encoder(name: str, identity: str, source: str) -> Encoder:
    """The encoder a trained model was trained with, or a one-line error."""
    encoder = usable_encoder(name)
    if encoder is None:
        raise CoderError(
            f"{source}: the model was trained with the sentence encoder {name!r}, which "
            "cannot run here; retrain with coder train"
        )
    if encoder.identity != identity:
        raise CoderError(
            f"{source}: the model was trained with {identity}, this installation has "
            f"{encoder.identity}; retrain with coder train"
        )
    return encoder


def context_text(unit: Unit, context: str = AFTER_TURN_BEFORE) -> str:
    """The text whose embedding is ``unit``'s context: the previous turn (empty for a
    first turn), or the unit read after the last ``CONTEXT_WORDS`` words of the turn
    before it (its own text for a first turn)."""
    if context == PREVIOUS_TURN:
        return unit.previous_text
    if context != AFTER_TURN_BEFORE:
        raise ValueError(f"unknown context {context!r}")
    return read_after(unit.previous_text, unit.text)


def meaning_texts(units: Sequence[Unit], context: str = AFTER_TURN_BEFORE) -> list[str]:
    """Every text :func:`attach_meaning` embeds for ``units``."""
    return [u.text for u in units] + [t for t in (context_text(u, context) for u in units) if t]


def attach_meaning(
    project: Project | None,
    units: Sequence[Unit],
    encoder: Encoder,
    *,
    context: str = AFTER_TURN_BEFORE,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Give each unit its embedding and its context's (``context``: see context_text;
    zeros where that text is empty).

    Units that have them already are left alone; equal texts are encoded once."""
    todo = [u for u in units if u.embedding is None]
    if not todo:
        return
    texts = [u.text for u in todo]
    contexts = [context_text(u, context) for u in todo]
    vectors = embed_texts(
        project, texts + [t for t in contexts if t], encoder, progress=progress, cancelled=cancelled
    )
    zero = np.zeros(encoder.dimension, dtype=np.float32)
    following = iter(vectors[len(texts) :])
    for unit, vector, text in zip(todo, vectors[: len(texts)], contexts, strict=True):
        unit.embedding = vector
        unit.previous_embedding = next(following) if text else zero


def describe_codes(
    project: Project | None, descriptions: Sequence[str], encoder: Encoder
) -> np.ndarray:
    """(codes × dimension) embeddings of code descriptions (zeros for an empty one)."""
    rows = [i for i, text in enumerate(descriptions) if text.strip()]
    matrix = np.zeros((len(descriptions), encoder.dimension), dtype=np.float32)
    if rows:
        matrix[rows] = embed_texts(project, [descriptions[i] for i in rows], encoder)
    return matrix
