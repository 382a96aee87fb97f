"""Import transcript files into a project: read (ingest), check, store — one document at a time.

Each document is stored in one transaction, so a file that fails leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from coder.errors import CoderError, InputFileError
from coder.store import Document, NewSegment, Project

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    document: Document | None = None
    turns: int = 0
    error: str | None = None


def parse_attributes(pairs: Iterable[str]) -> dict[str, str]:
    """``["region=Hoograven", "setting=dialoogtafel"]`` → a dict; bad pairs are a CoderError."""
    attributes: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CoderError(f"attribute '{pair}' is not of the form key=value")
        attributes[key.strip()] = value.strip()
    return attributes


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    project: Project,
    path: str | Path,
    *,
    name: str | None = None,
    attributes: dict[str, str] | None = None,
) -> Document:
    """Read one transcript and store it as a document; errors name the file."""
    from coder.ingest import read_transcript

    path = Path(path)
    parsed = read_transcript(path)
    sha256 = file_sha256(path)
    existing = project.find_document_by_hash(sha256)
    if existing is not None:
        raise InputFileError(path, f"already imported as document '{existing.name}'")
    name = (name or path.stem).strip()
    try:
        return project.add_document(
            name=name,
            original_filename=path.name,
            sha256=sha256,
            format=parsed.format,
            encoding=parsed.encoding,
            text=parsed.text,
            segments=[
                NewSegment(t.speaker, t.start, t.end, t.time_start, t.time_end)
                for t in parsed.turns
            ],
            attributes=attributes,
        )
    except InputFileError:
        raise
    except CoderError as error:
        message = str(error)
        if "already exists" in message:
            message += " (give it another name with --name)"
        raise InputFileError(path, message) from None


def import_files(
    project: Project,
    paths: list[Path],
    *,
    attributes: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[ImportOutcome]:
    """Import many files; one bad file is reported and does not stop the others."""
    outcomes: list[ImportOutcome] = []
    for number, path in enumerate(paths, start=1):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(number - 1, len(paths), str(path))
        try:
            document = import_file(project, path, attributes=attributes)
        except CoderError as error:
            outcomes.append(ImportOutcome(Path(path), error=str(error)))
            continue
        outcomes.append(ImportOutcome(Path(path), document, len(project.segments(document.id))))
    if progress is not None:
        progress(len(outcomes), len(paths), "")
    return outcomes
