"""What an explanation is, and how it is kept with an auto-tagged coding.

Light on purpose (no numpy, no scikit-learn): the review screen and ``coder review``
read stored reasons without loading the model; :mod:`coder.suggest.explain` makes them.
A stored reason is compact JSON in the coding's ``reason`` column,
``{"w": [words], "e": [[document, quote, similarity, speaker], ...], "c": context}``
("c" only when the transcript moved the probability by a percentage point or more),
with quotes cut to :data:`STORED_QUOTE` characters: enough to recognise the quote,
small enough that thousands of auto-tagged turns do not double the project file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

STORED_QUOTE = 160  # characters of a similar quote kept with an auto-tagged coding


@dataclass(frozen=True)
class Example:
    """A coded quote of the same code."""

    document: str
    text: str
    similarity: float
    speaker: str = ""  # of the turn the quote starts in

    @property
    def source(self) -> str:
        """Where the quote comes from, as shown: "document, speaker"."""
        return f"{self.document}, {self.speaker}" if self.speaker else self.document


@dataclass(frozen=True)
class Explanation:
    words: tuple[str, ...]  # the turn's words that weigh most for the code
    examples: tuple[Example, ...]  # the most similar quotes the researcher coded with it
    # how much reading the turn in its transcript moved the probability (-1 to 1)
    context: float = 0.0

    @property
    def context_points(self) -> int:
        """:attr:`context` in percentage points, rounded; 0 when it hardly counts."""
        return round(100 * self.context)


def encode_reason(why: Explanation) -> str | None:
    """The explanation as stored with a coding; None when there is nothing to say."""
    if not why.words and not why.examples and not why.context_points:
        return None
    examples = [
        [e.document, " ".join(e.text.split())[:STORED_QUOTE], round(e.similarity, 3), e.speaker]
        for e in why.examples
    ]
    data: dict[str, object] = {"w": list(why.words), "e": examples}
    if why.context_points:
        data["c"] = round(why.context, 3)
    return json.dumps(data, ensure_ascii=False)


def decode_reason(stored: str | None) -> Explanation | None:
    """A stored explanation, or None (none stored, or not one this version wrote: a
    project file is not trusted to hold what we expect)."""
    if not stored:
        return None
    try:
        data = json.loads(stored)
        words = tuple(str(w) for w in data.get("w", []) if isinstance(w, str))
        examples = tuple(
            Example(str(document), str(text), float(similarity), str(speaker[0]) if speaker else "")
            for document, text, similarity, *speaker in data.get("e", [])
        )
        context = float(data.get("c", 0.0))
    except (AttributeError, TypeError, ValueError):
        return None
    if not -1.0 <= context <= 1.0:  # also NaN
        context = 0.0
    return Explanation(words, examples, context)
