"""Build the demo project from ``corpora/demo/``: transcripts, attributes, memos and
a partial coding by a fictitious researcher, so every feature has something to show.

The manifest ``demo.yaml`` names codings by code path and quote text, not by
offsets, so the transcripts can be edited without breaking the demo.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from coder.codebook import apply_codebook, read_codebook
from coder.errors import CoderError, InputFileError
from coder.ingest.importing import import_file
from coder.progress import Progress
from coder.resources import default_codebook, demo_dir
from coder.store import NewCoding, Project, Segment

DEMO_CODER = "onderzoeker"


def find_quote(text: str, segments: list[Segment], quote: str) -> tuple[int, int] | None:
    """The span of ``quote`` inside one turn of ``text``; whitespace may differ."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    for segment in segments:
        match = pattern.search(text, segment.start, segment.end)
        if match:
            return match.start(), match.end()
    return None


def read_manifest(folder: Path) -> dict[str, Any]:
    import yaml

    path = folder / "demo.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputFileError(path, f"cannot read the demo manifest ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputFileError(path, "the demo manifest needs a 'documents' list")
    return data


def build_demo(
    path: str | Path,
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
) -> Project:
    """Create the demo project at ``path`` (atomically: all of it or nothing)."""
    folder = folder or demo_dir()
    manifest = read_manifest(folder)
    codebook = read_codebook(default_codebook())
    entries: list[dict[str, Any]] = manifest["documents"]

    def populate(project: Project) -> None:
        apply_codebook(project, codebook)
        for key, value in (
            ("codebook_name", codebook.name),
            ("codebook_description", codebook.description),
        ):
            project.set_meta(key, value)
        if manifest.get("project_memo"):
            project.add_memo("project", None, str(manifest["project_memo"]))
        for number, entry in enumerate(entries):
            if progress is not None:
                progress(number, len(entries), str(entry.get("file")))
            _add_entry(project, folder, entry)
        if progress is not None:
            progress(len(entries), len(entries), "")

    return Project.create(path, coder=DEMO_CODER, populate=populate)


def _add_entry(project: Project, folder: Path, entry: dict[str, Any]) -> None:
    file = folder / str(entry["file"])
    attributes = {str(k): str(v) for k, v in (entry.get("attributes") or {}).items()}
    document = import_file(project, file, name=entry.get("name"), attributes=attributes)
    if entry.get("memo"):
        project.add_memo("document", document.id, str(entry["memo"]))
    text = project.text(document.id)
    segments = project.segments(document.id)
    codings: list[NewCoding] = []
    for item in entry.get("codings") or []:
        span = find_quote(text, segments, str(item["quote"]))
        if span is None:
            raise CoderError(
                f"{file.name}: demo quote not found in one turn: {item['quote'][:60]!r}"
            )
        code = project.find_code(str(item["code"]))
        codings.append(
            NewCoding(
                document.id,
                span[0],
                span[1],
                code.id,
                memo=str(item.get("memo") or ""),
                coder=str(item.get("coder") or DEMO_CODER),
            )
        )
    if codings:
        project.add_codings(codings, description=f"demo coding of {document.name}")
