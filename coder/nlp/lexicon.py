"""The general Dutch lexicon that ships with the feature pipeline, as a set of words."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case Dutch word forms that are ordinary words: the lookup tables shipped with
    the feature pipeline (not the training data's forms, which include names) and spaCy's
    Dutch stop words. Pseudonymisation reads "not a name" from it, search which compound
    heads are words."""
    import gzip

    import srsly
    from spacy.lang.nl.stop_words import STOP_WORDS

    from coder.resources import models_dir

    path = models_dir() / "nl_codeertafel_xs" / "codeertafel_lexicon_backoff" / "tables.msgpack.gz"
    data = srsly.msgpack_loads(gzip.decompress(path.read_bytes()))
    return (
        frozenset(data["pos"])
        | frozenset(data["lemmas"])
        | frozenset(data["lemmas"].values())
        | frozenset(STOP_WORDS)
    )
