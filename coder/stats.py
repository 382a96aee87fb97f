"""Project statistics: what ``coder stats`` prints and the TUI overview shows."""

from __future__ import annotations

from typing import Any

from coder.store import Project


def project_stats(project: Project) -> dict[str, Any]:
    """Per document its turns, speakers, codings and progress; per code its count.

    Documents are keyed by name and codes by path, so scripts can look them up.
    """
    documents: dict[str, Any] = {}
    for summary in project.document_summaries():
        documents[summary.document.name] = {
            "file": summary.document.original_filename,
            "format": summary.document.format,
            "turns": summary.turns,
            "speakers": summary.speakers,
            "codings": summary.codings,
            "coded_turns": summary.coded_turns,
            "attributes": summary.document.attributes,
        }
    counts = project.code_counts()
    paths = project.code_paths()
    totals = _totals(project)
    # In codebook order (parents before children), as researchers arranged it.
    codes = {
        paths[code.id]: {"count": counts.get(code.id, 0), "total": totals[paths[code.id]]}
        for code in project.codes()
    }
    return {
        "project": str(project.path),
        "documents": documents,
        "codes": codes,
        "totals": {
            "documents": len(documents),
            "turns": sum(d["turns"] for d in documents.values()),
            "codings": sum(d["codings"] for d in documents.values()),
            "codes": len(codes),
        },
    }


def _totals(project: Project) -> dict[str, int]:
    totals: dict[str, int] = {}
    stack = list(project.code_tree())
    while stack:
        node = stack.pop()
        totals[node.path] = node.total
        stack.extend(node.children)
    return totals
