"""Managing documents after their import: rename, delete, attributes, correcting a turn.

Plain functions over a :class:`~coder.store.Project` that both faces call; each change
is one undoable operation of the project (``coder undo`` / ``ctrl+z``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coder.errors import CoderError
from coder.store import Document, Project
from coder.store.editing import TurnEdit


def find_document(project: Project, ref: str | int) -> Document:
    """A document by id, name, or a name matched case-insensitively."""
    if isinstance(ref, str) and ref.isdigit():
        try:
            return project.document(ref)
        except CoderError:
            return project.document(int(ref))
    return project.document(ref)


def delete_document(project: Project, document_id: int) -> Document:
    """Delete a document with everything of it (undoable); returns what it was.

    Sentence vectors are kept by text, shared by equal texts anywhere: only those of
    texts no other document has go with it."""
    from coder.nlp.embeddings import text_key

    document = project.document(document_id)
    own = _turn_texts(project, document_id)
    others: set[str] = set()
    for other in project.documents():
        if other.id != document_id:
            others.update(_turn_texts(project, other.id))
    project.delete_document(document_id, [text_key(text) for text in own - others])
    return document


def _turn_texts(project: Project, document_id: int) -> set[str]:
    text = project.text(document_id)
    return {text[s.start : s.end] for s in project.segments(document_id)}


def parse_attribute_changes(
    settings: Iterable[str], removals: Iterable[str] = ()
) -> dict[str, str | None]:
    """``["regio=Lunetten"]`` and ``["datum"]`` → ``{"regio": "Lunetten", "datum": None}``;
    ``key=`` (nothing after the ``=``) removes the key too."""
    changes: dict[str, str | None] = {}
    for pair in settings:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CoderError(f"attribute '{pair}' is not of the form key=value")
        changes[key.strip()] = value.strip() or None
    for key in removals:
        if not key.strip():
            raise CoderError("an attribute to remove needs a name")
        changes[key.strip()] = None
    return changes


@dataclass(frozen=True)
class CodingChange:
    """A coding a turn correction changed: its code's path and the words it covered."""

    code: str
    text: str
    removed: bool


@dataclass(frozen=True)
class TurnCorrection:
    document: str
    turn: int  # 1-based, as the faces show it
    moved: int
    changed: list[CodingChange]
    unchanged: bool  # the turn already read like that: nothing was stored


def correct_turn(project: Project, document_id: int, turn: int, text: str) -> TurnCorrection:
    """Replace the text of turn ``turn`` (1-based) with ``text``; what it did to codings."""
    document = project.document(document_id)
    turns = project.segments(document_id)
    if not 1 <= turn <= len(turns):
        raise CoderError(f"{document.name} has no turn {turn} (it has {len(turns)})")
    before = project.text(document_id)
    result: TurnEdit = project.edit_turn_text(turns[turn - 1].id, text)
    paths = project.code_paths()
    changed = [
        CodingChange(paths.get(c.code_id, str(c.code_id)), before[c.start : c.end], removed)
        for removed, codings in ((False, result.cut), (True, result.removed))
        for c in codings
    ]
    edit = result.edit
    unchanged = edit.start == edit.end and not edit.replacement
    return TurnCorrection(document.name, turn, result.moved, changed, unchanged)


def describe_changes(correction: TurnCorrection, limit: int = 40) -> list[str]:
    """One line per coding the correction cut into or removed (for both faces to show)."""
    lines = []
    for change in correction.changed:
        words = " ".join(change.text.split())
        words = words if len(words) <= limit else words[: limit - 1] + "…"
        lines.append(f"{change.code}: “{words}”")
    return lines
