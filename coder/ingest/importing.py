"""Import transcript files into a project: read (ingest), check, store — one document at a time.

Each document is stored in one transaction, so a file that fails leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coder.errors import CoderError, InputFileError, NameTaken
from coder.ingest import REFI_SUFFIXES, read_transcript
from coder.progress import Cancelled, Progress
from coder.store import Document, NewSegment, Project

if TYPE_CHECKING:
    from coder.exchange.refi import RefiImportReport


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    document: Document | None = None  # a transcript's new document
    turns: int = 0
    error: str | None = None
    report: RefiImportReport | None = None  # what a REFI-QDA project or codebook brought in
    name_taken: bool = (
        False  # the error: a document of that name exists (each face says how to rename)
    )

    @property
    def summary(self) -> str | None:
        """The report in words (English, as the command line prints it)."""
        return None if self.report is None else self.report.summary()


class DocumentNameTaken(InputFileError):
    """The project has a document of the name a transcript would get."""


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
    except NameTaken as error:
        raise DocumentNameTaken(path, str(error)) from None
    except CoderError as error:
        raise InputFileError(path, str(error)) from None


def import_paths(
    project: Project,
    paths: list[Path],
    *,
    attributes: dict[str, str] | None = None,
    name: str | None = None,
    as_coder: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[ImportOutcome]:
    """Import transcripts and REFI-QDA files alike, each one all or nothing; one bad
    file is reported and does not stop the others. ``attributes`` go to each new
    transcript, ``name`` names the document of a single transcript (instead of its file
    name); ``as_coder`` is the coder a REFI-QDA project's codings are given."""
    if name is not None and len(paths) != 1:
        raise CoderError("a document name goes with one file at a time")
    outcomes: list[ImportOutcome] = []
    for number, path in enumerate(paths, start=1):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(number - 1, len(paths), str(path))
        path = Path(path)
        try:
            if path.suffix.lower() in REFI_SUFFIXES:
                from coder.exchange.refi import import_refi

                report = import_refi(project, path, as_coder=as_coder)
                outcomes.append(ImportOutcome(path, report=report))
                continue
            document = import_file(project, path, name=name, attributes=attributes)
        except CoderError as error:
            taken = isinstance(error, DocumentNameTaken)
            outcomes.append(ImportOutcome(path, error=str(error), name_taken=taken))
            continue
        outcomes.append(ImportOutcome(path, document, len(project.segments(document.id))))
    if progress is not None:
        progress(len(outcomes), len(paths), "")
    return outcomes
