"""Checks a project file passes before it is used: a file is hostile until proven otherwise.

A project may come from a colleague, a backup or another program. SQLite enforces the
schema's CHECK, NOT NULL and UNIQUE constraints only on what it writes itself, and does
not enforce column types at all, so a file written elsewhere can hold a code whose
parent does not exist or is its own ancestor, text where an offset belongs, or a coding
past the end of its document. The code that reads a project trusts none of that to be
impossible; it trusts these checks, which run when a project is opened and take well
under a second even for large projects (they read rows, not the cached analyses).
"""

from __future__ import annotations

import sqlite3

# (what is wrong, a query that counts the rows where it is wrong)
_INTEGER = "typeof({column}) = 'integer'"
_TEXT = "typeof({column}) = 'text'"
_NUMBER_OR_NULL = "typeof({column}) IN ('integer', 'real', 'null')"
_TEXT_OR_NULL = "typeof({column}) IN ('text', 'null')"


def _typed(table: str, columns: dict[str, str]) -> list[tuple[str, str]]:
    checks = []
    for column, rule in columns.items():
        condition = rule.format(column=f'"{column}"')
        if rule == _INTEGER and column.endswith("_id") and column in _NULLABLE_IDS:
            condition = f'({condition} OR "{column}" IS NULL)'
        checks.append(
            (
                f"{table}.{column} holds a value of the wrong type",
                f"SELECT count(*) FROM {table} WHERE NOT ({condition})",
            )
        )
    return checks


_NULLABLE_IDS = {"parent_id", "target_id", "coder_id"}

_CHECKS: list[tuple[str, str]] = [
    *_typed("project_meta", {"key": _TEXT, "value": _TEXT}),
    *_typed("coders", {"id": _INTEGER, "name": _TEXT}),
    *_typed(
        "documents",
        {
            "id": _INTEGER,
            "name": _TEXT,
            "original_filename": _TEXT,
            "sha256": _TEXT,
            "format": _TEXT,
            "text": _TEXT,
            "imported": _TEXT,
        },
    ),
    *_typed("document_attributes", {"document_id": _INTEGER, "key": _TEXT, "value": _TEXT}),
    *_typed(
        "segments",
        {
            "id": _INTEGER,
            "document_id": _INTEGER,
            "idx": _INTEGER,
            "start": _INTEGER,
            "end": _INTEGER,
            "time_start": _NUMBER_OR_NULL,
            "time_end": _NUMBER_OR_NULL,
        },
    ),
    *_typed(
        "codes",
        {
            "id": _INTEGER,
            "parent_id": _INTEGER,
            "name": _TEXT,
            "position": _INTEGER,
            "definition": _TEXT,
            "inclusion": _TEXT,
            "exclusion": _TEXT,
            "example": _TEXT,
        },
    ),
    *_typed(
        "codings",
        {
            "id": _INTEGER,
            "document_id": _INTEGER,
            "start": _INTEGER,
            "end": _INTEGER,
            "code_id": _INTEGER,
            "coder_id": _INTEGER,
            "memo": _TEXT,
            "source": _TEXT,
            "status": _TEXT,
            "confidence": _NUMBER_OR_NULL,
            "created": _TEXT,
            "reason": _TEXT_OR_NULL,  # why the model made it (coder.suggest.reasons)
        },
    ),
    *_typed(
        "memos",
        {
            "id": _INTEGER,
            "target_kind": _TEXT,
            "target_id": _INTEGER,
            "coder_id": _INTEGER,
            "text": _TEXT,
        },
    ),
    *_typed(
        "rejections",
        {
            "id": _INTEGER,
            "document_id": _INTEGER,
            "start": _INTEGER,
            "end": _INTEGER,
            "code_id": _INTEGER,
        },
    ),
    *_typed("operations", {"id": _INTEGER, "description": _TEXT, "state": _TEXT, "changes": _TEXT}),
    (
        "a code is its own ancestor",
        """
        WITH RECURSIVE up(start, id, depth) AS (
            SELECT id, parent_id, 1 FROM codes WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT up.start, codes.parent_id, up.depth + 1 FROM up JOIN codes ON codes.id = up.id
            WHERE codes.parent_id IS NOT NULL AND up.depth <= (SELECT count(*) FROM codes)
        )
        SELECT count(*) FROM up WHERE id = start OR depth > (SELECT count(*) FROM codes)
        """,
    ),
    (
        "a turn lies outside its document's text",
        """SELECT count(*) FROM segments s JOIN documents d ON d.id = s.document_id
           WHERE s.start < 0 OR s."end" < s.start OR s."end" > length(d.text)""",
    ),
    (
        "a coding lies outside its document's text",
        """SELECT count(*) FROM codings c JOIN documents d ON d.id = c.document_id
           WHERE c.start < 0 OR c."end" <= c.start OR c."end" > length(d.text)""",
    ),
    (
        "a document text contains NUL characters",
        "SELECT count(*) FROM documents WHERE instr(text, char(0)) > 0",
    ),
]


def problems(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the project in ``conn``; empty when it can be trusted."""
    found: list[str] = []
    result = conn.execute("PRAGMA quick_check(1)").fetchone()
    if result is None or result[0] != "ok":
        said = " ".join(str(result[0]).split()) if result else "no answer"  # one line
        found.append(f"SQLite finds it damaged: {said}")
        return found  # the checks below would read damaged pages
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        found.append("a reference points to a row that does not exist")
    for problem, query in _CHECKS:
        if conn.execute(query).fetchone()[0]:
            found.append(problem)
    return found
