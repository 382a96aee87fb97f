"""Reading coded material back: every passage of a code, or of two codes together, and
every memo of the project. Plain functions both faces call (and the export uses)."""

from __future__ import annotations

from dataclasses import dataclass

from coder.errors import CoderError
from coder.store import Project
from coder.store.retrieval import MemoEntry, Passage

__all__ = [
    "MemoEntry",
    "Passage",
    "PassageQuery",
    "clock",
    "code_passages",
    "find_memos",
    "passage_place",
]


@dataclass(frozen=True)
class PassageQuery:
    """A code (with its subcodes), and optionally a second one the passages must also have."""

    code_id: int
    together_with: int | None = None
    subcodes: bool = True


def code_passages(project: Project, query: PassageQuery) -> list[Passage]:
    """The passages of a code in full, in document order; with a second code, the
    stretches where a coding of each overlaps."""
    first = _with_subcodes(project, query.code_id, query.subcodes)
    if query.together_with is None:
        return project.passages(first)
    if query.together_with == query.code_id:
        raise CoderError("choose two different codes to see where they meet")
    second = _with_subcodes(project, query.together_with, query.subcodes)
    return project.passages(first, together_with=second)


def _with_subcodes(project: Project, code_id: int, subcodes: bool) -> list[int]:
    project.code(code_id)  # an unknown code is an error, not an empty list
    return [code_id, *project.descendants(code_id)] if subcodes else [code_id]


def find_memos(project: Project, search: str = "", kinds: tuple[str, ...] = ()) -> list[MemoEntry]:
    """Every memo whose text or target contains all words of ``search`` (case-insensitive),
    the most recently changed first; ``kinds`` limits them to those targets."""
    words = search.casefold().split()
    paths = project.code_paths()
    found = []
    for entry in project.memo_entries():
        if kinds and entry.kind not in kinds:
            continue
        haystack = " ".join(
            part
            for part in (
                entry.text,
                entry.document or "",
                entry.speaker or "",
                paths.get(entry.code_id or -1, ""),
            )
        ).casefold()
        if all(word in haystack for word in words):
            found.append(entry)
    return found


def passage_place(passage: Passage, turn_word: str) -> list[str]:
    """Where a passage stands, as parts a face joins: the document, "<turn_word> N", the
    speaker and the time (those the passage has). ``turn_word``: "beurt", "turn", …"""
    parts = [passage.document]
    if passage.segment_index is not None:
        parts.append(f"{turn_word} {passage.segment_index + 1}")
    if passage.speaker:
        parts.append(passage.speaker)
    if passage.time_start is not None:
        parts.append(clock(passage.time_start))
    return parts


def clock(seconds: float | None) -> str:
    """``mm:ss`` (``h:mm:ss`` past the hour); empty without a time."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
