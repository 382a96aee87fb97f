"""Whose codings the coding screen's margin shows, computed from plain data (no Textual).

The margin shows the active coder's codings and the model's pending suggestions; other
coders' codings only when asked, each marked with its coder's initials, so a colleague's
work never passes for one's own.
"""

from __future__ import annotations

import re
from dataclasses import replace

from coder.store import Coding
from coder.store.codings import ACCEPTED, SUGGESTED
from coder.tui.model import TurnRow


def initials(name: str) -> str:
    """``Anna de Vries`` -> ``AdV``; ``onderzoeker`` -> ``O``; at most three letters."""
    parts = [p for p in re.split(r"[\s._-]+", name.strip()) if p]
    if not parts:
        return "?"
    letters = [
        p[0] if p[0].islower() and i not in (0, len(parts) - 1) else p[0].upper()
        for i, p in enumerate(parts)
    ]
    return "".join(letters[:3])


def margin_codings(codings: list[Coding], active: str, show_others: bool) -> list[Coding]:
    """The codings the margin shows. A suggestion a researcher accepted is that
    researcher's coding now, shown as such (its source stays 'model' as provenance)."""
    shown = []
    for coding in codings:
        if coding.status == SUGGESTED or coding.coder == active or show_others:
            if coding.status == ACCEPTED and coding.source != "human":
                coding = replace(coding, source="human")
            shown.append(coding)
    return shown


def mark_other_coders(rows: list[TurnRow], codings: list[Coding], active: str) -> list[TurnRow]:
    """Rows whose codes of other coders carry those coders' initials."""
    others = {
        c.id: initials(c.coder) for c in codings if c.status == ACCEPTED and c.coder != active
    }
    if not others:
        return rows
    return [
        replace(
            row,
            codes=tuple(
                replace(code, path=f"{code.path} ({others[code.coding_id]})")
                if code.coding_id in others
                else code
                for code in row.codes
            ),
        )
        for row in rows
    ]
