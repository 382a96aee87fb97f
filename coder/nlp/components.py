"""A spaCy component of our own: lemmas of words the trained lemmatizer never saw.

The edit-tree lemmatizer learns from about 20,000 word forms; on words outside them
it is right about half the time. A lookup table (form → lemma, from the Dutch tables
of spacy-lookups-data, restricted to forms absent from the training data) is right
for 96 % of those it covers, measured on the held-out dev data. The table is saved
inside the pipeline folder, so loading needs no lookups package.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "codeertafel_lemma_backoff"
_TABLE_FILE = "table.msgpack.gz"


class LemmaBackoff:
    """Sets the lemma of tokens whose form is in ``table`` (proper nouns keep theirs)."""

    def __init__(self, name: str = FACTORY, table: dict[str, str] | None = None) -> None:
        self.name = name
        self.table: dict[str, str] = dict(table or {})

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        if not table:
            return doc
        for token in doc:
            if token.pos_ == "PROPN":
                continue
            lemma = table.get(token.text) or table.get(token.lower_)
            if lemma is not None:
                token.lemma_ = lemma
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        import gzip

        import srsly

        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        data = srsly.msgpack_dumps(dict(sorted(self.table.items())))
        (folder / _TABLE_FILE).write_bytes(gzip.compress(data, mtime=0))

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> LemmaBackoff:
        import gzip

        import srsly

        file = Path(path) / _TABLE_FILE
        self.table = dict(srsly.msgpack_loads(gzip.decompress(file.read_bytes())))
        return self


@Language.factory(FACTORY)
def make_lemma_backoff(nlp: Language, name: str) -> LemmaBackoff:
    return LemmaBackoff(name)
