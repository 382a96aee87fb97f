"""The codebook as training examples: what the researcher wrote down about each code.

Each code's definition, each of its example quotes (one per line of its ``example``) and
each clause of its inclusion note ("Steun van
buren, school of sportclub bij het opvoeden; ouders die elkaar in de wijk helpen; …")
become rows the model is fitted on beside the coded units: an example of the code it
describes, and a counter-example of every other code (weight 3 each against a coded
unit's 1; 1, 2 and 5 measured the same). On the development corpus
(benchmarks/suggest_quality.py, mean of three partitions into four folds grouped by
transcript) micro F1 rose from 0.408 to 0.446 and top-3 recall from 0.574 to 0.603;
with two training transcripts top-3 from 0.417 to 0.471; with words only (no encoder)
micro F1 0.431, where the tuned bag of words reaches 0.360. Marking the other codes
as unknown instead of counter-examples measured lower (0.430 against 0.448 on one
partition), as did the inclusion clauses alone (0.417). Later, with three more quotes for
each leaf code of the default codebook (four in all), micro F1 0.469 -> 0.480, top-3
recall 0.625 -> 0.651, macro F1 0.418 -> 0.442; six more quotes did no better on top-3
(0.647) and lowered auto-tag precision (0.681, against 0.726 with three).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from coder.nlp.embeddings import Encoder, embed_texts
from coder.progress import Cancelled, Progress
from coder.store import Code
from coder.suggest.estimator import CodebookExamples

if TYPE_CHECKING:
    from spacy.language import Language

    from coder.store import Project

MIN_CLAUSE_WORDS = 3  # shorter inclusion clauses ("pesten") say too little alone
MAX_CLAUSES = 20  # per code (the default codebook has at most 7)
MAX_EXAMPLES = 50  # example quotes per code


def example_texts(code: Code) -> list[str]:
    """What ``code``'s description offers as examples: its definition, its example quotes
    (one per line, the first :data:`MAX_EXAMPLES`) and each clause of its inclusion note
    (split at semicolons) of at least three words, the first :data:`MAX_CLAUSES` of them."""
    clauses = [part.strip() for part in (code.inclusion or "").split(";")]
    kept = [clause for clause in clauses if len(clause.split()) >= MIN_CLAUSE_WORDS]
    texts = [code.definition, *code.examples()[:MAX_EXAMPLES], *kept[:MAX_CLAUSES]]
    return [text.strip() for text in texts if text and text.strip()]


def codebook_examples(
    codes: list[Code],
    nlp: Language,
    *,
    encoder: Encoder | None = None,
    descriptions: np.ndarray | None = None,
    project: Project | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> CodebookExamples | None:
    """The examples of ``codes`` (in the model's code order) as rows with the feature
    columns of :func:`coder.suggest.model.units_frame` (no document, no turn), or None when the codes have no
    descriptions. With ``encoder`` and ``descriptions`` (the codes' description
    embeddings) also their meaning: embeddings are cached in ``project`` like a unit's.
    An example stands alone: its context is its own text, as a first turn's is.
    ``progress`` and ``cancelled`` follow the encoding (the first training's)."""
    import pandas as pd

    from coder.nlp.analysis import content_lemmas

    owners: list[int] = []
    texts: list[str] = []
    for k, code in enumerate(codes):
        for text in example_texts(code):
            owners.append(k)
            texts.append(text)
    if not texts:
        return None
    frame = pd.DataFrame(
        {
            "text": texts,
            "lemmas": [" ".join(content_lemmas(doc)) for doc in nlp.pipe(texts)],
            "context": "",
            "previous": "",
            "role": "",
        }
    )
    if encoder is not None and descriptions is not None:
        vectors = embed_texts(
            project, texts, encoder, progress=progress, cancelled=cancelled
        ).astype(float)
        frame["embedding"] = list(vectors)
        frame["previous_embedding"] = list(vectors)  # read after nothing: the text itself
        frame["definitions"] = list(vectors @ np.asarray(descriptions, dtype=float).T)
    labels = np.zeros((len(texts), len(codes)), dtype=int)
    labels[np.arange(len(texts)), owners] = 1
    return CodebookExamples(frame, labels)
