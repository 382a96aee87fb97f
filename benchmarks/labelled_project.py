"""A project built from the generated labelled corpus, with the truth kept aside.

Used by the suggestion and clustering benchmarks: documents are imported through the
real importer, and the first ``coded_documents`` are coded (human) with their true
labels under the codebook's Knelpunten codes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled_corpus import generate, write_txt

from coder.ingest.importing import import_file
from coder.store import NewCoding, Project

Truth = dict[tuple[int, int], frozenset[str]]  # (document id, turn index) → bottlenecks


def size_arguments(doc: str | None) -> argparse.Namespace:
    """--documents and --turns, shared by the benchmarks built on this corpus."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument(
        "--new", type=int, default=40, help="extra uncoded documents (auto-tagging benchmarks)"
    )
    return parser.parse_args()


def build_labelled_project(
    path: Path,
    *,
    documents: int = 50,
    turns_per_document: int = 100,
    coded_documents: int = 40,
    seed: int = 13,
) -> tuple[Project, Truth]:
    from coder.codebook import apply_codebook, read_codebook
    from coder.resources import default_codebook

    corpus = generate(documents=documents, turns_per_document=turns_per_document, seed=seed)
    book = read_codebook(default_codebook())
    project = Project.create(path, populate=lambda p: apply_codebook(p, book))
    folder = Path(tempfile.mkdtemp())
    truth: Truth = {}
    for number, turns in enumerate(corpus):
        file = folder / f"sessie-{number + 1:03d}.txt"
        file.write_text(write_txt(turns), encoding="utf-8")
        document = import_file(
            project, file, attributes={"region": ["Hoograven", "Overvecht", "Zuilen"][number % 3]}
        )
        segments = project.segments(document.id)
        assert len(segments) == len(turns), (file, len(segments), len(turns))
        codings = []
        for segment, turn in zip(segments, turns, strict=True):
            truth[(document.id, segment.index)] = turn.labels
            if number < coded_documents:
                for label in sorted(turn.labels):
                    code = project.find_code(f"Knelpunten/{label}")
                    codings.append(NewCoding(document.id, segment.start, segment.end, code.id))
        if codings:
            project.add_codings(codings, description=f"benchmark coding of {document.name}")
    return project, truth
