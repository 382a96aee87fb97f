"""Documents, their attributes and segments (speaker turns), and the NLP cache."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coder.errors import CoderError, NameTaken
from coder.store.base import StoreBase, now
from coder.store.codings import coding_filter
from coder.store.records import Document, Segment


@dataclass(frozen=True)
class NewSegment:
    speaker: str | None
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None


@dataclass(frozen=True)
class DocumentSummary:
    document: Document
    turns: int
    speakers: list[str]
    codings: int
    coded_turns: int


_DOC_COLUMNS = "id, name, original_filename, sha256, format, encoding, imported"


def _document(row: tuple, attributes: dict[str, str]) -> Document:
    document_id, name, original_filename, sha256, format_, encoding, imported = row
    return Document(
        document_id, name, original_filename, sha256, format_, encoding, imported, attributes
    )


class DocumentsMixin(StoreBase):
    def add_document(
        self,
        *,
        name: str,
        original_filename: str,
        sha256: str,
        format: str,
        text: str,
        segments: list[NewSegment],
        encoding: str | None = None,
        attributes: dict[str, str] | None = None,
    ) -> Document:
        """Store a document with its turns and attributes, all or nothing."""
        name = name.strip()
        if not name:
            raise CoderError("a document needs a name")
        if "\x00" in text:
            # SQLite measures text up to its first NUL: codings past it would be refused.
            raise CoderError(f"{name}: the text contains NUL characters (binary data)")
        for segment in segments:
            if not 0 <= segment.start <= segment.end <= len(text):
                raise CoderError(
                    f"{name}: turn {segment.start}-{segment.end} lies outside the text"
                )
        # An import is undoable: undo takes the document out again (with its turns).
        with self.write(f"import document '{name}'") as tx:
            if tx.execute("SELECT 1 FROM documents WHERE name = ?", (name,)).fetchone():
                raise NameTaken(f"a document named '{name}' already exists")
            same = tx.execute("SELECT name FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if same:
                raise CoderError(f"{original_filename}: already imported as document '{same[0]}'")
            document_id = tx.insert(
                "documents",
                {
                    "name": name,
                    "original_filename": original_filename,
                    "sha256": sha256,
                    "format": format,
                    "encoding": encoding,
                    "text": text,
                    "imported": now(),
                },
            )
            rows: list[tuple[str, dict[str, object]]] = [
                (
                    "segments",
                    {
                        "document_id": document_id,
                        "idx": i,
                        "speaker": s.speaker,
                        "start": s.start,
                        "end": s.end,
                        "time_start": s.time_start,
                        "time_end": s.time_end,
                    },
                )
                for i, s in enumerate(segments)
            ]
            rows += [
                ("document_attributes", {"document_id": document_id, "key": k, "value": v})
                for k, v in (attributes or {}).items()
            ]
            for table, values in rows:
                tx.insert(table, values)
        return self.document(document_id)

    def documents(self) -> list[Document]:
        rows = self._query(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY name COLLATE NOCASE")
        attributes: dict[int, dict[str, str]] = {}
        for document_id, key, value in self._query(
            "SELECT document_id, key, value FROM document_attributes ORDER BY key"
        ):
            attributes.setdefault(document_id, {})[key] = value
        return [_document(row, attributes.get(row[0], {})) for row in rows]

    def document(self, ref: int | str) -> Document:
        """A document by id or by name (names are matched case-insensitively as a fallback)."""
        if isinstance(ref, int):
            row = self._query_one(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (ref,))
        else:
            row = self._query_one(f"SELECT {_DOC_COLUMNS} FROM documents WHERE name = ?", (ref,))
            if row is None:
                rows = self._query(
                    f"SELECT {_DOC_COLUMNS} FROM documents WHERE name = ? COLLATE NOCASE", (ref,)
                )
                row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise CoderError(f"no document '{ref}' in this project")
        attributes = dict(
            self._query(
                "SELECT key, value FROM document_attributes WHERE document_id = ? ORDER BY key",
                (row[0],),
            )
        )
        return _document(row, attributes)

    def find_document_by_hash(self, sha256: str) -> Document | None:
        row = self._query_one("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return None if row is None else self.document(int(row[0]))

    def text(self, document_id: int) -> str:
        row = self._query_one("SELECT text FROM documents WHERE id = ?", (document_id,))
        if row is None:
            raise CoderError(f"no document with id {document_id}")
        return str(row[0])

    def texts(self, document_ids: Iterable[int]) -> dict[int, str]:
        """The texts of these documents, in one query."""
        wanted = sorted(set(document_ids))
        if not wanted:
            return {}
        rows = self._query(
            f"SELECT id, text FROM documents WHERE id IN ({', '.join('?' * len(wanted))})",
            wanted,
        )
        return {int(row[0]): str(row[1]) for row in rows}

    def segments(self, document_id: int) -> list[Segment]:
        rows = self._query(
            'SELECT id, document_id, idx, speaker, start, "end", time_start, time_end '
            "FROM segments WHERE document_id = ? ORDER BY idx",
            (document_id,),
        )
        return [Segment(*row) for row in rows]

    def document_summaries(
        self, *, include_suggestions: bool = False, coder: str | None = None
    ) -> list[DocumentSummary]:
        """Per document: number of turns, speakers in order of appearance, codings, coded
        turns (reviewed codings unless asked otherwise, of ``coder`` or of all)."""
        condition, parameters = coding_filter(include_suggestions=include_suggestions, coder=coder)
        turns = dict(self._query("SELECT document_id, COUNT(*) FROM segments GROUP BY document_id"))
        codings = dict(
            self._query(
                f"SELECT c.document_id, COUNT(*) FROM codings c WHERE {condition} "
                "GROUP BY c.document_id",
                parameters,
            )
        )
        # A turn counts as coded when a coding touches it: coder.store.spans.turns_touched
        # in SQL (a shared character; an empty turn has none).
        coded = dict(
            self._query(
                "SELECT s.document_id, COUNT(DISTINCT s.id) FROM segments s JOIN codings c "
                'ON c.document_id = s.document_id AND c.start < s."end" AND c."end" > s.start '
                'AND s."end" > s.start '
                f"WHERE {condition} GROUP BY s.document_id",
                parameters,
            )
        )
        speakers: dict[int, list[str]] = {}
        for document_id, speaker in self._query(
            "SELECT document_id, speaker FROM segments WHERE speaker IS NOT NULL "
            "GROUP BY document_id, speaker ORDER BY document_id, MIN(idx)"
        ):
            speakers.setdefault(document_id, []).append(speaker)
        return [
            DocumentSummary(
                document=d,
                turns=turns.get(d.id, 0),
                speakers=speakers.get(d.id, []),
                codings=codings.get(d.id, 0),
                coded_turns=coded.get(d.id, 0),
            )
            for d in self.documents()
        ]

    # -- NLP cache (schema v2) -----------------------------------------------------------

    def cached_analysis(self, document_id: int, pipeline: str, text_sha256: str) -> bytes | None:
        """The stored analysis of a document, if it was made by this pipeline from this text."""
        row = self._query_one(
            "SELECT data FROM analyses WHERE document_id = ? AND pipeline = ? AND text_sha256 = ?",
            (document_id, pipeline, text_sha256),
        )
        return None if row is None else bytes(row[0])

    def has_analysis(self, document_id: int, pipeline: str, text_sha256: str) -> bool:
        """Whether ``cached_analysis`` would find one (without reading it)."""
        row = self._query_one(
            "SELECT 1 FROM analyses WHERE document_id = ? AND pipeline = ? AND text_sha256 = ?",
            (document_id, pipeline, text_sha256),
        )
        return row is not None

    def store_analysis(
        self, document_id: int, pipeline: str, text_sha256: str, data: bytes
    ) -> None:
        """Keep an analysis; analyses of an older text, or by an older version of the same
        pipeline (``pipeline`` is ``name-version[/components]``), are dropped."""
        family = pipeline.split("/")[0].rsplit("-", 1)[0]
        with self.write() as tx:
            tx.execute(
                "DELETE FROM analyses WHERE document_id = ? AND (text_sha256 != ? OR "
                "(pipeline != ? AND pipeline LIKE ? ESCAPE '\\'))",
                (document_id, text_sha256, pipeline, _like_prefix(family + "-") + "%"),
            )
            tx.execute(
                "INSERT INTO analyses (document_id, pipeline, text_sha256, created, data) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (document_id, pipeline) DO UPDATE SET "
                "text_sha256 = excluded.text_sha256, created = excluded.created, "
                "data = excluded.data",
                (document_id, pipeline, text_sha256, now(), data),
            )

    # -- sentence embeddings (schema v5) -----------------------------------------------------

    def cached_embeddings(self, encoder: str, text_keys: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of ``encoder`` for those text hashes it has."""
        found: dict[str, bytes] = {}
        for start in range(0, len(text_keys), _KEYS_PER_QUERY):
            chunk = list(text_keys[start : start + _KEYS_PER_QUERY])
            marks = ", ".join("?" * len(chunk))
            rows = self._query(
                f"SELECT text_sha256, vector FROM embeddings WHERE encoder = ? "
                f"AND text_sha256 IN ({marks})",
                [encoder, *chunk],
            )
            found.update((key, bytes(vector)) for key, vector in rows)
        return found

    def store_embeddings(self, encoder: str, rows: Sequence[tuple[str, bytes]]) -> None:
        """Keep vectors by text hash (an existing one is replaced)."""
        with self.write() as tx:
            for key, vector in rows:
                tx.execute(
                    "INSERT OR REPLACE INTO embeddings (encoder, text_sha256, vector) "
                    "VALUES (?, ?, ?)",
                    (encoder, key, vector),
                )

    def embedding_count(self, encoder: str | None = None) -> int:
        clause, parameters = ("", []) if encoder is None else (" WHERE encoder = ?", [encoder])
        return int(self._query(f"SELECT count(*) FROM embeddings{clause}", parameters)[0][0])


_KEYS_PER_QUERY = 500  # well under SQLite's limit on bound parameters


def _like_prefix(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
