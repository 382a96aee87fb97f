"""Plain domain objects the store hands out. No SQL here, no behaviour beyond derived values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    id: int
    name: str
    original_filename: str
    sha256: str
    format: str
    encoding: str | None
    imported: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A speaker turn of a document: ``text[start:end]`` of the document."""

    id: int
    document_id: int
    index: int
    speaker: str | None
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None


def example_lines(example: str) -> list[str]:
    """The example quotes of a code's ``example`` field: one per non-empty line."""
    return [line.strip() for line in example.splitlines() if line.strip()]


def example_field(quotes: Iterable[object]) -> str:
    """A code's ``example`` field holding ``quotes``, each on one line (a line break
    inside a quote becomes a space; empty ones are left out)."""
    lines = (" ".join(str(quote).split()) for quote in quotes)
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Code:
    id: int
    parent_id: int | None
    name: str
    colour: str | None = None
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""  # one or more typical quotes, one per line
    position: int = 0

    def examples(self) -> list[str]:
        """The code's example quotes: each non-empty line of ``example``."""
        return example_lines(self.example)


@dataclass(frozen=True)
class Coding:
    id: int
    document_id: int
    start: int
    end: int
    code_id: int
    coder: str
    created: str
    memo: str = ""
    source: str = "human"  # who made it: a researcher or the model (provenance, never changes)
    confidence: float | None = None
    status: str = "accepted"  # the model's: suggested, accepted (by ``coder``) or rejected
    reason: str | None = None  # why the model made it, as coder.suggest.reasons stores it

    @property
    def reviewed(self) -> bool:
        """A researcher's coding: made by hand or a model suggestion a researcher accepted."""
        return self.status == "accepted"


@dataclass(frozen=True)
class Memo:
    id: int
    target_kind: str
    target_id: int | None
    text: str
    coder: str | None
    created: str
    modified: str


@dataclass(frozen=True)
class Operation:
    """One entry of the undo/redo log."""

    id: int
    created: str
    description: str
    state: str


@dataclass
class CodeNode:
    """A code with its place in the tree and its coding counts."""

    code: Code
    path: str
    depth: int
    count: int = 0
    total: int = 0  # codings of this code and all its descendants
    children: list[CodeNode] = field(default_factory=list)


@dataclass
class CodeSpec:
    """A code to create, with its children: what a codebook file describes."""

    name: str
    colour: str | None = None
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    children: list[CodeSpec] = field(default_factory=list)
