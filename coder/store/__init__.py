"""The project store: one SQLite file per project, the only place with SQL."""

from coder.store.codings import NewCoding
from coder.store.documents import DocumentSummary, NewSegment
from coder.store.project import DEFAULT_CODER, Project
from coder.store.records import Code, CodeNode, CodeSpec, Coding, Document, Memo, Operation, Segment

__all__ = [
    "DEFAULT_CODER",
    "Code",
    "CodeNode",
    "CodeSpec",
    "Coding",
    "Document",
    "DocumentSummary",
    "Memo",
    "NewCoding",
    "NewSegment",
    "Operation",
    "Project",
    "Segment",
]
