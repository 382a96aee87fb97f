"""The shared development corpus as a Codeertafel project, built through the real importer.

The sixteen coded transcripts of ``../shared/dev-corpus/`` (relative to the repository
root; see its README) are written out as ``Speaker: text`` files, imported with
``coder.ingest.importing.import_file`` (attributes setting, region, city), and their gold codes
are applied as human codings on whole turns, by codebook path, under the default
codebook. The data is read where it lies and never copied into the repository.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "dev-corpus"


@dataclass(frozen=True)
class Transcript:
    doc_id: str
    setting: str
    region: str
    city: str
    turns: list[dict]  # {"speaker", "text", "codes": [leaf paths], ...}


def corpus_available(folder: Path = CORPUS) -> bool:
    return folder.is_dir() and any(folder.glob("transcripts_*.jsonl"))


def load_transcripts(folder: Path = CORPUS) -> list[Transcript]:
    """All transcripts, in file order; exits with a clear message when the corpus is absent."""
    if not corpus_available(folder):
        sys.exit(f"the development corpus is not at {folder} (expected transcripts_*.jsonl there)")
    transcripts = []
    for file in sorted(folder.glob("transcripts_*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                transcripts.append(
                    Transcript(
                        record["doc_id"],
                        record["setting"],
                        record["region"],
                        record.get("city", ""),
                        record["turns"],
                    )
                )
    return transcripts


def write_txt(transcript: Transcript) -> str:
    """The transcript as the ``Naam: tekst`` text file a researcher would import."""
    return "\n\n".join(f"{turn['speaker']}: {turn['text']}" for turn in transcript.turns) + "\n"


def build_dev_project(path: Path, transcripts: list[Transcript]):  # type: ignore[no-untyped-def]
    """A new project at ``path`` with the transcripts imported and their gold codes applied.

    Returns the project and the document id of each transcript (by doc_id).
    """
    from coder.codebook import apply_codebook, read_codebook
    from coder.ingest.importing import import_file
    from coder.resources import default_codebook
    from coder.store import NewCoding, Project

    book = read_codebook(default_codebook())
    project = Project.create(path, populate=lambda p: apply_codebook(p, book))
    folder = Path(tempfile.mkdtemp(prefix="dev-corpus-"))
    documents: dict[str, int] = {}
    for transcript in transcripts:
        file = folder / f"{transcript.doc_id}.txt"
        file.write_text(write_txt(transcript), encoding="utf-8")
        document = import_file(
            project,
            file,
            attributes={
                "setting": transcript.setting,
                "region": transcript.region,
                "city": transcript.city,
            },
        )
        segments = project.segments(document.id)
        if len(segments) != len(transcript.turns):
            raise RuntimeError(
                f"{transcript.doc_id}: the importer found {len(segments)} turns, the corpus has {len(transcript.turns)}"
            )
        codings = [
            NewCoding(document.id, segment.start, segment.end, project.find_code(path).id)
            for segment, turn in zip(segments, transcript.turns, strict=True)
            for path in turn["codes"]
        ]
        if codings:
            project.add_codings(codings, description=f"gold coding of {transcript.doc_id}")
        documents[transcript.doc_id] = document.id
    return project, documents
