"""Item vectors from sentence embeddings, and the names to keep out of cluster labels.

A quote's vector is its own sentence embedding plus, at ``QUESTION_WEIGHT``, the
embedding of the quote read after the end of the turn before it (its last 30 words,
coder.nlp.embeddings.read_after, the text suggestions embed too), which is mostly the
question it answers: "Ja, elf maanden." is about waiting only after "Hoe lang moest u
wachten?". Read together, the encoder weighs the answer in the light of the question,
which measured better than adding the neighbouring turns' own embeddings to the quote's
(NMI 0.43 against 0.37 on the development corpus's bottleneck quotes, and better on the
other code groups too). The vectors are centred on the items' mean before clustering, so
what all quotes share (a conversation about youth care, spoken Dutch) does not dominate
the distances. Measured in benchmarks/cluster_dev_quality.py.

Embeddings come from ``coder.nlp.embeddings`` (cached in the project, so a second run
encodes nothing). When the encoder cannot be loaded (not installed, or its engine does
not run on this processor) clustering falls back to words, with a note saying so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coder.cluster.items import Item
from coder.errors import CoderError
from coder.nlp.embeddings import MEANING_ENCODER, Encoder, embed_texts, load_encoder, read_after
from coder.progress import Cancelled, Progress
from coder.store import Project

CLUSTER_ENCODER = MEANING_ENCODER  # the same vectors as suggestions (coder.nlp.embeddings)
QUESTION_WEIGHT = 0.5  # share of "turn before + quote" in a quote's vector (0.3-1.0 alike)


def load_cluster_encoder(name: str | None = None) -> tuple[Encoder | None, str]:
    """The encoder (by default CLUSTER_ENCODER), or None and a one-line note why
    clustering uses words instead."""
    try:
        return load_encoder(name or CLUSTER_ENCODER), ""
    except InterruptedError:
        raise
    except (CoderError, ImportError, OSError) as error:
        return None, f"sentence encoder unavailable ({_reason(error)}); clustered on words"


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split())[:160] or type(error).__name__


def embedding_vectors(
    project: Project,
    items: Sequence[Item],
    encoder: Encoder,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> np.ndarray:
    """(len(items), dimension) unit vectors: each item's embedding plus, at
    ``QUESTION_WEIGHT``, the embedding of the turn before it and the item read as one
    text; centred on the items' mean."""
    own = [item.text for item in items]
    in_context = after_turn_before(project, items)
    texts = list(dict.fromkeys([*own, *in_context]))
    matrix = embed_texts(project, texts, encoder, progress=progress, cancelled=cancelled)
    row = {text: i for i, text in enumerate(texts)}
    vectors = np.array(
        [
            matrix[row[text]] + QUESTION_WEIGHT * matrix[row[joined]]
            for text, joined in zip(own, in_context, strict=True)
        ],
        dtype=np.float64,
    ).reshape(len(items), encoder.dimension)
    return _unit(vectors - vectors.mean(axis=0))


def after_turn_before(project: Project, items: Sequence[Item]) -> list[str]:
    """Each item's text read after the end of the turn before it, as one text (read_after:
    its last 30 words; the item's own text where it opens its document or follows an
    empty turn)."""
    turns_of: dict[int, list[str]] = {}
    joined: list[str] = []
    for item in items:
        if item.document_id not in turns_of:
            text = project.text(item.document_id)
            turns_of[item.document_id] = [
                text[s.start : s.end] for s in project.segments(item.document_id)
            ]
        turns = turns_of[item.document_id]
        before = turns[item.segment_index - 1] if 0 < item.segment_index <= len(turns) else ""
        joined.append(read_after(before, item.text))
    return joined


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def names_in(project: Project, items: Sequence[Item]) -> list[str]:
    """Speaker labels and the person names the pseudonymiser finds in the items (with the
    researcher's own decisions about what is a name)."""
    from coder.deid.detect import PERSON
    from coder.deid.pseudonymise import detector_for

    speakers = sorted({item.speaker for item in items if item.speaker})
    found = detector_for(project).find([item.text for item in items], speakers)
    return [*speakers, *{f.text for findings in found for f in findings if f.kind == PERSON}]
