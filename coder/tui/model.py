"""What the screens show, computed from store records: plain data, no Textual.

Kept apart from the widgets so it can be tested without a terminal and so widgets
only draw. Nothing here writes to the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.store import Code, CodeNode, Coding, Segment
from coder.store.spans import turns_touched

UNCOLOURED = "#888888"


@dataclass(frozen=True)
class TurnCode:
    """A coding as seen from one turn."""

    coding_id: int
    code_id: int
    path: str
    colour: str
    whole: bool  # covers the whole turn (else: a part of it)
    memo: str = ""
    source: str = "human"  # "model": suggested by the model or a promoted cluster, not yet accepted
    confidence: float | None = None

    @property
    def tentative(self) -> bool:
        return self.source != "human"


@dataclass(frozen=True)
class TurnRow:
    """One turn of the transcript as the coding screen shows it."""

    index: int
    segment_id: int
    speaker: str | None
    time_start: float | None
    start: int
    end: int
    text: str
    codes: tuple[TurnCode, ...] = ()
    memos: int = 0
    # spans (relative to the turn text) that are coded, with the colour to mark them in
    spans: tuple[tuple[int, int, str], ...] = field(default=())

    @property
    def coded(self) -> bool:
        """Coded by a person (model-made codings wait for acceptance and do not count)."""
        return any(not code.tentative for code in self.codes)


def format_time(seconds: float | None) -> str:
    """``mm:ss`` (or ``h:mm:ss`` past the hour); empty when the turn has no time."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def build_turn_rows(
    text: str,
    segments: list[Segment],
    codings: list[Coding],
    codes: dict[int, Code],
    paths: dict[int, str],
    memo_counts: dict[int, int] | None = None,
) -> list[TurnRow]:
    """The transcript's turns with the codings that overlap each of them."""
    memo_counts = memo_counts or {}
    per_turn: list[list[TurnCode]] = [[] for _ in segments]
    spans: list[list[tuple[int, int, str]]] = [[] for _ in segments]
    starts = [s.start for s in segments]
    ends = [s.end for s in segments]
    for coding in codings:
        code = codes.get(coding.code_id)
        colour = (code.colour if code else None) or UNCOLOURED
        for position in turns_touched(starts, ends, coding.start, coding.end):
            segment = segments[position]
            whole = coding.start <= segment.start and coding.end >= segment.end
            per_turn[position].append(
                TurnCode(
                    coding.id,
                    coding.code_id,
                    paths.get(coding.code_id, "?"),
                    colour,
                    whole,
                    coding.memo,
                    coding.source,
                    coding.confidence,
                )
            )
            spans[position].append(
                (
                    max(coding.start, segment.start) - segment.start,
                    min(coding.end, segment.end) - segment.start,
                    colour,
                )
            )
    return [
        TurnRow(
            index=s.index,
            segment_id=s.id,
            speaker=s.speaker,
            time_start=s.time_start,
            start=s.start,
            end=s.end,
            text=text[s.start : s.end],
            codes=tuple(per_turn[i]),
            memos=memo_counts.get(s.id, 0),
            spans=tuple(spans[i]),
        )
        for i, s in enumerate(segments)
    ]


def leaf_paths(tree: list[CodeNode]) -> list[CodeNode]:
    """The codebook's leaves in tree order (the default favourite codes)."""
    leaves: list[CodeNode] = []

    def visit(nodes: list[CodeNode]) -> None:
        for node in nodes:
            if node.children:
                visit(node.children)
            else:
                leaves.append(node)

    visit(tree)
    return leaves


def flatten(tree: list[CodeNode]) -> list[CodeNode]:
    """Every node of the tree, parents first."""
    nodes: list[CodeNode] = []

    def visit(level: list[CodeNode]) -> None:
        for node in level:
            nodes.append(node)
            visit(node.children)

    visit(tree)
    return nodes


def favourites(tree: list[CodeNode], pinned: list[int], limit: int = 9) -> list[CodeNode]:
    """Codes on the number keys: pinned codes first (in pin order), then the first leaves."""
    by_id = {node.code.id: node for node in flatten(tree)}
    chosen = [by_id[code_id] for code_id in pinned if code_id in by_id]
    for leaf in leaf_paths(tree):
        if len(chosen) >= limit:
            break
        if leaf not in chosen:
            chosen.append(leaf)
    return chosen[:limit]


def column_labels(names: list[str], width: int) -> list[str]:
    """Distinct labels of at most ``width`` characters for table columns of ``names``.

    A word several names begin with ("Dialoogtafel Hoograven", "Dialoogtafel Zuilen")
    is shortened to its initial ("D. Hoograven", "D. Zuilen"), so the part that tells
    them apart stays; a label still too long is cut with "…"; labels that would still
    read alike get a number."""
    first_words = [name.split(" ", 1)[0] if " " in name else None for name in names]
    # a first word is shortened in every name it begins, when one of them is too long
    shortened = {
        first
        for name, first in zip(names, first_words, strict=True)
        if first is not None and len(name) > width and first_words.count(first) > 1
    }
    labels = []
    for name, first in zip(names, first_words, strict=True):
        label = name
        if first in shortened:
            label = f"{first[0]}. {name.split(' ', 1)[1]}"
        if len(label) > width:
            label = label[: width - 1] + "…"
        labels.append(label)

    def collisions() -> list[list[int]]:
        groups: dict[str, list[int]] = {}
        for i, label in enumerate(labels):
            groups.setdefault(label, []).append(i)
        return [same for same in groups.values() if len({names[i] for i in same}) > 1]

    for same in collisions():  # alike at the start: keep the start and the end
        for i in same:
            head = labels[i][: (width - 1) // 2]
            labels[i] = head + "…" + names[i][-(width - 1 - len(head)) :]
    for same in collisions():  # alike at both ends: number them
        for number, i in enumerate(same, start=1):
            suffix = f" {number}"
            labels[i] = labels[i][: width - len(suffix) - 1].rstrip() + "…" + suffix
    return labels


def number_keys(tree: list[CodeNode], favourite_nodes: list[CodeNode]) -> dict[int, int]:
    """The number that applies each code: the favourites 1–9, then every other code in
    tree order from 10 on (typed as two quick digits), up to 99."""
    numbers = {node.code.id: n for n, node in enumerate(favourite_nodes, start=1)}
    number = 10
    for node in flatten(tree):
        if number > 99:
            break
        if node.code.id not in numbers:
            numbers[node.code.id] = number
            number += 1
    return numbers


def fuzzy_score(query: str, candidate: str) -> float | None:
    """How well ``query`` matches ``candidate`` as a subsequence; None when it does not.

    Higher is better: consecutive letters, letters at word starts and a match of the
    last path part score more, so "wacht" ranks "Knelpunten/Wachttijden" first.
    """
    query = query.casefold().strip()
    if not query:
        return 0.0
    text = candidate.casefold()
    best: float | None = None
    # Try each place the first letter occurs; keep the best greedy alignment.
    for begin in [i for i, ch in enumerate(text) if ch == query[0]][:20]:
        score, position, previous = 0.0, begin, -2
        for ch in query:
            found = text.find(ch, position)
            if found < 0:
                score = -1.0
                break
            score += 1.0
            if found == previous + 1:
                score += 2.0
            if found == 0 or text[found - 1] in " /-_(":
                score += 1.5
            previous, position = found, found + 1
        if score < 0:
            continue
        if text.rfind("/") < begin:
            score += 1.0  # the match lies in the code's own name
        score -= (position - begin - len(query)) * 0.05  # gaps cost a little
        if best is None or score > best:
            best = score
    return best


def fuzzy_filter(query: str, candidates: list[str]) -> list[int]:
    """Indices of the candidates that match, best first (stable for equal scores)."""
    scored = [
        (score, i) for i, c in enumerate(candidates) if (score := fuzzy_score(query, c)) is not None
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [i for _, i in scored]


def bar(value: int, maximum: int, width: int) -> str:
    """A plain text bar of ``value`` scaled so ``maximum`` fills ``width`` cells (eighths)."""
    if maximum <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = round(value / maximum * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]
