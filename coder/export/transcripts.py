"""Each document as a plain-text transcript, "Speaker: text" per turn: what archives and
colleagues ask for (pseudonymised on request, from a pseudonymised copy)."""

from __future__ import annotations

import re
from pathlib import Path

from coder.files import check_target, folder_replaced_atomically
from coder.progress import Cancelled, Progress
from coder.store import Project


def file_name(name: str, taken: set[str]) -> str:
    """A safe file name for a document name: no folders, no control characters, unique
    (case-insensitively, as on Windows and macOS)."""
    stem = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", name).strip(" .") or "document"
    stem = stem[:120]
    candidate, number = stem, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem} ({number})"
    taken.add(candidate.lower())
    return f"{candidate}.txt"


def transcript_text(project: Project, document_id: int) -> str:
    text = project.text(document_id)
    lines = []
    for segment in project.segments(document_id):
        words = " ".join(text[segment.start : segment.end].split())
        lines.append(f"{segment.speaker}: {words}" if segment.speaker else words)
    return "\n\n".join(lines) + "\n"


def write_transcripts(
    project: Project,
    folder: Path,
    *,
    document_ids: list[int] | None = None,
    force: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the documents into ``folder`` (made; an existing folder is replaced only
    with ``force``). The folder appears only when every file is written; cancelled,
    nothing changes."""
    folder = check_target(folder, force=force, folder=True)
    documents = [d for d in project.documents() if document_ids is None or d.id in document_ids]
    with folder_replaced_atomically(folder) as building:
        taken: set[str] = set()
        for number, document in enumerate(documents):
            if cancelled is not None and cancelled():
                raise InterruptedError("cancelled")
            if progress is not None:
                progress(number, len(documents), document.name)
            path = building / file_name(document.name, taken)
            path.write_text(transcript_text(project, document.id), encoding="utf-8")
    return len(documents)
