"""The project file's schema and its forward migrations.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` takes a
database from version ``n`` to ``n + 1``; a new project runs all of them, an old
one runs the ones it has not seen. Never edit a migration that has shipped: add one.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = "codeertafel"

_V1 = """
CREATE TABLE project_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE coders (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);

CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    original_filename TEXT NOT NULL,
    sha256            TEXT NOT NULL UNIQUE,
    format            TEXT NOT NULL,
    encoding          TEXT,
    text              TEXT NOT NULL,
    imported          TEXT NOT NULL
);

CREATE TABLE document_attributes (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (document_id, key)
);

-- A segment is a speaker turn: a span of its document's text.
CREATE TABLE segments (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    speaker     TEXT,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    time_start  REAL,
    time_end    REAL,
    UNIQUE (document_id, idx),
    CHECK (start >= 0 AND "end" >= start)
);

CREATE TABLE codes (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES codes(id),
    name       TEXT NOT NULL,
    colour     TEXT,
    definition TEXT NOT NULL DEFAULT '',
    inclusion  TEXT NOT NULL DEFAULT '',
    exclusion  TEXT NOT NULL DEFAULT '',
    example    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0
);
-- Sibling names are unique; top-level codes have parent NULL, hence the COALESCE.
CREATE UNIQUE INDEX codes_sibling_name ON codes (COALESCE(parent_id, 0), name COLLATE NOCASE);

-- A coding is a character span of a document, as in REFI-QDA; it need not align with turns.
CREATE TABLE codings (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    created     TEXT NOT NULL,
    memo        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'human' CHECK (source IN ('human', 'model')),
    confidence  REAL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX codings_document ON codings (document_id, start);
CREATE INDEX codings_code ON codings (code_id);

-- Memos on the project (target_id NULL), a document, a segment, a code or a coding.
CREATE TABLE memos (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'segment', 'code', 'coding')),
    target_id   INTEGER,
    coder_id    INTEGER REFERENCES coders(id),
    text        TEXT NOT NULL,
    created     TEXT NOT NULL,
    modified    TEXT NOT NULL
);
CREATE INDEX memos_target ON memos (target_kind, target_id);

-- The operation log: every coding, codebook and memo change as row images
-- (before and after), so it can be undone and redone, also after a restart.
CREATE TABLE operations (
    id          INTEGER PRIMARY KEY,
    created     TEXT NOT NULL,
    description TEXT NOT NULL,
    changes     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone'))
);
"""

# v2: the NLP cache. Each document is analysed once; the result (spaCy DocBin bytes)
# is kept with the pipeline's identity and a hash of the text it was made from.
_V2 = """
CREATE TABLE analyses (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    pipeline    TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    created     TEXT NOT NULL,
    data        BLOB NOT NULL
);
"""

# v3: what the suggestion model learns from and is kept as. A rejected suggestion is a
# negative example; the trained model is stored in the project (skops bytes, never pickle).
_V3 = """
CREATE TABLE rejections (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    code_id     INTEGER NOT NULL REFERENCES codes(id),
    coder_id    INTEGER NOT NULL REFERENCES coders(id),
    created     TEXT NOT NULL
);
CREATE INDEX rejections_document ON rejections (document_id, start);

CREATE TABLE models (
    name    TEXT PRIMARY KEY,
    created TEXT NOT NULL,
    meta    TEXT NOT NULL,
    data    BLOB NOT NULL
);
"""

# v4: one cached analysis per document *and pipeline*: search and clustering use the
# full pipeline (parser for noun chunks), the suggestion model a small tagging one.
_V4 = """
CREATE TABLE analyses_v4 (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    pipeline    TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    created     TEXT NOT NULL,
    data        BLOB NOT NULL,
    PRIMARY KEY (document_id, pipeline)
);
INSERT INTO analyses_v4 (document_id, pipeline, text_sha256, created, data)
    SELECT document_id, pipeline, text_sha256, created, data FROM analyses;
DROP TABLE analyses;
ALTER TABLE analyses_v4 RENAME TO analyses;
"""

# v5: sentence embeddings, by encoder and text hash: each distinct text is encoded once
# per encoder, whichever turn or document it stands in.
_V5 = """
CREATE TABLE embeddings (
    encoder     TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    vector      BLOB NOT NULL,
    PRIMARY KEY (encoder, text_sha256)
) WITHOUT ROWID;
"""

# v6: batch jobs and their items, so a killed auto-tag run resumes where it stopped.
_V6 = """
CREATE TABLE jobs (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    created  TEXT NOT NULL,
    finished TEXT,
    settings TEXT NOT NULL
);
CREATE TABLE job_items (
    job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    detail      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job_id, key)
);
"""

# v7: the researcher's review of what pseudonymisation finds: names that are not
# identifying (keep) and names it missed (add).
_V7 = """
CREATE TABLE deid_decisions (
    text    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL DEFAULT '',
    action  TEXT NOT NULL CHECK (action IN ('keep', 'add')),
    created TEXT NOT NULL
);
"""

# v8: the search index (FTS5), one row per turn (rowid = the segment's id), and the
# text and pipeline each document's rows were made from.
_V8 = """
CREATE VIRTUAL TABLE search_turns USING fts5(
    forms, lemmas, stems, heads, offsets UNINDEXED,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
);
CREATE TABLE search_state (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    text_sha256 TEXT NOT NULL,
    pipeline    TEXT NOT NULL
);
CREATE TRIGGER search_forget BEFORE DELETE ON documents BEGIN
    DELETE FROM search_turns WHERE rowid IN (SELECT id FROM segments WHERE document_id = old.id);
END;
CREATE TRIGGER search_stale AFTER UPDATE OF text ON documents BEGIN
    DELETE FROM search_turns WHERE rowid IN (SELECT id FROM segments WHERE document_id = new.id);
    DELETE FROM search_state WHERE document_id = new.id;
END;
"""

# v9: the model's codings are suggestions until a researcher reviews them. ``source`` says
# who made a coding (never changes); ``status`` says where it stands: a human coding is
# always 'accepted'; a model coding is 'suggested' until accepted (it becomes the accepting
# researcher's coding, keeping source 'model' and its confidence as provenance) or
# rejected (hidden, kept so the model never suggests it again). No coder has the same
# code twice on the same span: duplicates of old projects are merged into the oldest row
# (memos move along), and a UNIQUE index keeps it so, also for two processes at once.
# The undo history is dropped: its row images predate the status and cannot be replayed.
_V9 = """
ALTER TABLE codings ADD COLUMN status TEXT NOT NULL DEFAULT 'accepted'
    CHECK (status IN ('suggested', 'accepted', 'rejected') AND (source = 'model' OR status = 'accepted'));
ALTER TABLE codings ADD COLUMN reviewed TEXT;
UPDATE codings SET status = 'suggested' WHERE source = 'model';
CREATE TEMP TABLE duplicate_codings AS
    SELECT id, MIN(id) OVER (PARTITION BY document_id, start, "end", code_id, coder_id) AS keep
    FROM codings;
DELETE FROM duplicate_codings WHERE id = keep;
UPDATE codings SET memo = trim(memo || char(10) || COALESCE((
        SELECT group_concat(d.memo, char(10)) FROM codings d JOIN duplicate_codings x ON x.id = d.id
        WHERE x.keep = codings.id AND d.memo != '' AND d.memo != codings.memo), ''), char(10))
    WHERE id IN (SELECT keep FROM duplicate_codings);
UPDATE memos SET target_id = (SELECT keep FROM duplicate_codings WHERE id = memos.target_id)
    WHERE target_kind = 'coding' AND target_id IN (SELECT id FROM duplicate_codings);
DELETE FROM codings WHERE id IN (SELECT id FROM duplicate_codings);
DROP TABLE duplicate_codings;
CREATE UNIQUE INDEX codings_unique ON codings (document_id, start, "end", code_id, coder_id);
CREATE INDEX codings_status ON codings (status, code_id);
DELETE FROM operations;
"""

# v10: why the model made a coding (auto-tag): the words that weighed most and the most
# similar quotes already coded with the code, as compact JSON (coder.suggest.reasons);
# NULL for a researcher's coding and for the model's codings made before.
_V10 = """
ALTER TABLE codings ADD COLUMN reason TEXT;
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the missing migrations up to ``target``, each in its own transaction.

    Returns the version the database had before.
    """
    before = schema_version(conn)
    for version in range(before, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return before


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit on its own)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
