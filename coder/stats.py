"""Project statistics: what ``coder stats`` prints and the TUI overview shows."""

from __future__ import annotations

from typing import Any

from coder.store import Project
from coder.store.codings import CodingScope


def project_stats(
    project: Project, *, include_suggestions: bool = False, coder: str | None = None
) -> dict[str, Any]:
    """Per document its turns, speakers, codings and progress; per code its count; per
    coder the number of codings.

    Reviewed codings count (of ``coder``, or of all); the model's pending suggestions only
    when asked for. Documents are keyed by name and codes by path, so scripts can look
    them up.
    """
    scope = CodingScope(include_suggestions=include_suggestions, coder=coder)
    documents: dict[str, Any] = {}
    for summary in project.document_summaries(**scope):
        documents[summary.document.name] = {
            "file": summary.document.original_filename,
            "format": summary.document.format,
            "turns": summary.turns,
            "speakers": summary.speakers,
            "codings": summary.codings,
            "coded_turns": summary.coded_turns,
            "attributes": summary.document.attributes,
        }
    counts = project.code_counts(**scope)
    paths = project.code_paths()
    totals = _totals(project, scope)
    # In codebook order (parents before children), as researchers arranged it.
    codes = {
        paths[code.id]: {"count": counts.get(code.id, 0), "total": totals[paths[code.id]]}
        for code in project.codes()
    }
    return {
        "project": str(project.path),
        "counted": {
            "coder": coder,
            "suggestions": "included" if include_suggestions else "left out",
        },
        "documents": documents,
        "codes": codes,
        "totals": {
            "documents": len(documents),
            "turns": sum(d["turns"] for d in documents.values()),
            "codings": sum(d["codings"] for d in documents.values()),
            "codes": len(codes),
            "pending_suggestions": project.suggestion_count(),
        },
        "coders": {
            name: count
            for name, count in project.coder_counts(include_suggestions=include_suggestions).items()
            if coder is None or name == coder
        },
    }


def _totals(project: Project, scope: CodingScope) -> dict[str, int]:
    totals: dict[str, int] = {}
    stack = list(project.code_tree(**scope))
    while stack:
        node = stack.pop()
        totals[node.path] = node.total
        stack.extend(node.children)
    return totals
