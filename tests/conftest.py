"""Shared fixtures: real project files in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from coder.store import CodeSpec, NewSegment, Project


@contextmanager
def opened_copy(source: Path, folder: Path) -> Iterator[Project]:
    """A copy of a project file built once per session, opened: each test works on its own."""
    copy = folder / source.name
    shutil.copy(source, copy)
    with Project.open(copy) as project:
        yield project


SMALL_CODEBOOK = [
    CodeSpec(
        "Knelpunten",
        definition="Wat in de hulp niet goed loopt.",
        children=[
            CodeSpec("Wachttijden", definition="Lang moeten wachten op hulp."),
            CodeSpec(
                "Communicatie tussen hulpverleners",
                definition="Hulpverleners weten niet van elkaar wat ze doen.",
            ),
        ],
    ),
    CodeSpec("Werkzame factoren", children=[CodeSpec("Vaste contactpersoon")]),
]

TEXT = (
    "Moeder: We moesten maanden wachten op hulp.\n\n"
    "Jongere: Niemand wist van elkaar wat ze deden.\n\n"
    "Buurtteam: Daarna kreeg ze één vaste contactpersoon."
)


def segments_of(text: str) -> list[NewSegment]:
    segments, offset = [], 0
    for block in text.split("\n\n"):
        speaker, _, words = block.partition(": ")
        start = offset + len(speaker) + 2
        segments.append(NewSegment(speaker, start, start + len(words)))
        offset += len(block) + 2
    return segments


@pytest.fixture
def project(tmp_path: Path) -> Project:
    def populate(new: Project) -> None:
        new.add_codes(SMALL_CODEBOOK)

    opened = Project.create(tmp_path / "studie.ctdb", populate=populate)
    yield opened
    opened.close()


@pytest.fixture
def document(project: Project):
    return project.add_document(
        name="dialoogtafel",
        original_filename="dialoogtafel.txt",
        sha256="abc",
        format="txt",
        text=TEXT,
        segments=segments_of(TEXT),
        attributes={"region": "Hoograven"},
    )
