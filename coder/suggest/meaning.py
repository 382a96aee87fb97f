"""What a unit means, for the model: sentence embeddings and the codebook's descriptions.

Each unit gets the embedding of its own text and of the previous whole turn (replies
such as "ja, dat herken ik" are about what was said before). A model trained with an
encoder also keeps the embeddings of its codes' descriptions (name, definition,
inclusion note, example), so the similarity of a unit to each code is a feature: what
the researcher wrote down about a code counts before the code has many examples.

Embeddings come from the project's cache (coder.nlp.embeddings); on a Dask worker,
which never opens the project, they are computed without it (``project=None``). Without a usable encoder
(the package missing, a CPU it cannot run on) the model is lexical only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from coder.errors import CoderError
from coder.nlp.embeddings import MEANING_ENCODER, Encoder, embed_texts, load_encoder
from coder.progress import Cancelled, Progress
from coder.suggest.units import Unit

if TYPE_CHECKING:
    from coder.store import Project

SUGGEST_ENCODER = MEANING_ENCODER  # the same vectors as clusters (coder.nlp.embeddings)


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


def attach_meaning(
    project: Project | None,
    units: Sequence[Unit],
    encoder: Encoder,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> None:
    """Give each unit its embedding and its previous turn's (zeros for a first turn).

    Units that have them already are left alone; equal texts are encoded once."""
    todo = [u for u in units if u.embedding is None]
    if not todo:
        return
    texts = [u.text for u in todo]
    previous = [u.previous_text for u in todo if u.previous_text]
    vectors = embed_texts(
        project, texts + previous, encoder, progress=progress, cancelled=cancelled
    )
    zero = np.zeros(encoder.dimension, dtype=np.float32)
    following = iter(vectors[len(texts) :])
    for unit, vector in zip(todo, vectors[: len(texts)], strict=True):
        unit.embedding = vector
        unit.previous_embedding = next(following) if unit.previous_text else zero


def describe_codes(
    project: Project | None, descriptions: Sequence[str], encoder: Encoder
) -> np.ndarray:
    """(codes × dimension) embeddings of code descriptions (zeros for an empty one)."""
    rows = [i for i, text in enumerate(descriptions) if text.strip()]
    matrix = np.zeros((len(descriptions), encoder.dimension), dtype=np.float32)
    if rows:
        matrix[rows] = embed_texts(project, [descriptions[i] for i in rows], encoder)
    return matrix
