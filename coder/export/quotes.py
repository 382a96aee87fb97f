"""Quote tables for publications: per code its definition and quotes with a source reference.

Markdown for reports, LaTeX (booktabs) for articles. Quotes are the human codings of
a code, spread over documents (round robin), so a table shows the range of sessions;
``pseudonymise`` replaces speaker names by their role or "deelnemer N", in the source
reference and inside the quoted words ("voor Sem" → "voor [jongere]"). Only the names
of a session's speakers are known; other names in the text (a sibling, a teacher) are
left as they are.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from coder.store import Project
from coder.store.codings import SUGGESTED, statuses
from coder.store.spans import starting_turn
from coder.suggest.units import speaker_role
from coder.text_safety import markdown_text, terminal_safe

_ROLE_LABELS = {
    "interviewer": "interviewer",
    "respondent": "respondent",
    "ouder": "ouder",
    "jongere": "jongere",
    "professional": "professional",
}


@dataclass
class Quote:
    text: str
    document: str
    speaker: str
    reference: str  # "Dialoogtafel Hoograven, moeder, 00:12:31"


@dataclass
class CodeQuotes:
    path: str
    definition: str
    quotes: list[Quote] = field(default_factory=list)
    total: int = 0


def speaker_names(speaker: str) -> list[str]:
    """The personal names in a speaker label: "Sanne" → Sanne, "Moeder (Anja)" → Anja;
    a role ("Moeder", "Interviewer", "I") has none."""
    inside = re.findall(r"\(([^()]+)\)", speaker)
    head = re.sub(r"\([^()]*\)", "", speaker).strip()
    names = [n.strip() for n in inside if n.strip() and speaker_role(n) == "persoon"]
    if head and speaker_role(head) == "persoon" and len(head) > 1:
        names.insert(0, head)
    return [n for n in names if n[:1].isupper()]


def _scrubber(names: dict[str, str]) -> Callable[[str], str]:
    """A function replacing whole-word occurrences of the names by "[alias]"."""
    if not names:
        return lambda text: text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )
    return lambda text: pattern.sub(lambda m: f"[{names[m.group(1)]}]", text)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def quote_tables(
    project: Project,
    *,
    code_ids: list[int] | None = None,
    limit: int | None = None,
    pseudonymise: bool = False,
    include_suggestions: bool = False,
    coder: str | None = None,
) -> list[CodeQuotes]:
    paths = project.code_paths()
    wanted = set(code_ids) if code_ids is not None else None
    by_code: dict[int, dict[int, list[Quote]]] = defaultdict(lambda: defaultdict(list))
    for document in project.documents():
        text = project.text(document.id)
        segments = project.segments(document.id)
        starts = [s.start for s in segments]
        aliases: dict[str, str] = {}

        def label(speaker: str | None, aliases: dict[str, str] = aliases) -> str:
            if not speaker:
                return "spreker onbekend"
            if not pseudonymise:
                return speaker
            role = speaker_role(speaker)
            if role in _ROLE_LABELS:
                return _ROLE_LABELS[role]
            return aliases.setdefault(speaker, f"deelnemer {len(aliases) + 1}")

        scrub = _scrubber(
            {
                name: label(segment.speaker)
                for segment in segments
                if pseudonymise and segment.speaker
                for name in speaker_names(segment.speaker)
            }
        )
        for coding in project.codings(
            document_id=document.id, coder=coder, status=statuses(include_suggestions)
        ):
            if wanted is not None and coding.code_id not in wanted:
                continue
            at = starting_turn(starts, coding.start)
            segment = segments[at] if at is not None else None
            speaker = label(segment.speaker if segment else None)
            where = (
                _clock(segment.time_start)
                if segment and segment.time_start is not None
                else f"beurt {segment.index + 1}"
                if segment
                else f"teken {coding.start}"
            )
            quote = scrub(" ".join(text[coding.start : coding.end].split()))
            place = f"{document.name}, {speaker}, {where}"
            if coding.status == SUGGESTED:  # asked for: always marked as the model's
                place += f", suggestie van het model ({coding.confidence or 0:.2f})"
            by_code[coding.code_id][document.id].append(Quote(quote, document.name, speaker, place))
    tables = []
    for code in project.codes():
        documents = by_code.get(code.id)
        if not documents:
            continue
        queues = [list(quotes) for quotes in documents.values()]
        chosen: list[Quote] = []
        while any(queues) and (limit is None or len(chosen) < limit):
            for queue in queues:
                if queue and (limit is None or len(chosen) < limit):
                    chosen.append(queue.pop(0))
        tables.append(
            CodeQuotes(
                paths[code.id], code.definition, chosen, sum(len(q) for q in documents.values())
            )
        )
    return tables


def to_markdown(tables: list[CodeQuotes]) -> str:
    lines = ["# Citaten per code", ""]
    for table in tables:
        lines += [f"## {_md(table.path)}", ""]
        if table.definition:
            lines += [f"*{_md(table.definition)}*", ""]
        lines += ["| Citaat | Bron |", "|---|---|"]
        for quote in table.quotes:
            lines.append(f"| “{_md(quote.text)}” | {_md(quote.reference)} |")
        if table.total > len(table.quotes):
            lines += ["", f"{len(table.quotes)} van {table.total} citaten."]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    """User text in Markdown: no HTML, no table-breaking pipes, one line."""
    return markdown_text(text)


_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    """LaTeX's special characters escaped; control characters (which LaTeX refuses as
    "invalid characters") and bidi overrides dropped."""
    return "".join(_LATEX.get(ch, ch) for ch in terminal_safe(text))


def to_latex(tables: list[CodeQuotes]) -> str:
    """One booktabs longtable per code; needs \\usepackage{booktabs,longtable} and UTF-8 input."""
    parts = [
        "% Citaten per code, gemaakt met Codeertafel. Vereist: \\usepackage{booktabs,longtable}",
        "",
    ]
    for table in tables:
        parts += [
            f"\\subsection*{{{latex_escape(table.path)}}}",
            latex_escape(table.definition) if table.definition else "",
            "\\begin{longtable}{p{0.62\\linewidth}p{0.3\\linewidth}}",
            "\\toprule",
            "Citaat & Bron \\\\",
            "\\midrule",
        ]
        for quote in table.quotes:
            parts.append(f"``{latex_escape(quote.text)}'' & {latex_escape(quote.reference)} \\\\")
        parts += ["\\bottomrule", "\\end{longtable}", ""]
    return "\n".join(parts)


def codebook_markdown(
    project: Project, *, include_suggestions: bool = False, coder: str | None = None
) -> str:
    counts = project.code_counts(include_suggestions=include_suggestions, coder=coder)
    lines = [f"# Codeboek: {_md(project.meta('codebook_name') or project.path.stem)}", ""]
    paths = project.code_paths()
    for node_code in project.codes():
        depth = paths[node_code.id].count("/")
        heading = f"{_md(node_code.name)} ({counts.get(node_code.id, 0)})"
        lines.append(f"{'#' * min(depth + 2, 6)} {heading}")
        lines.append("")
        for label, value in (
            ("Definitie", node_code.definition),
            ("Inclusie", node_code.inclusion),
            ("Exclusie", node_code.exclusion),
        ):
            if value:
                lines.append(f"- **{label}:** {_md(value)}")
        examples = node_code.examples()
        if len(examples) == 1:
            lines.append(f"- **Voorbeeld:** {_md(examples[0])}")
        elif examples:
            lines.append("- **Voorbeelden:**")
            lines.extend(f"  - {_md(example)}" for example in examples)
        lines.append("")
    return "\n".join(lines)
