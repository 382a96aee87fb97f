"""The workbench test project with codings, memos and attributes of its own, for the
tests of documents, passages and memos (timestamps fixed, so screens draw the same)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coder.store import Project


def code_and_annotate(project_path: Path) -> Path:
    with Project.open(project_path) as project:
        document = project.document("Dialoogtafel Hoograven")
        turns = project.segments(document.id)
        wacht = project.find_code("Wachttijden").id
        vast = project.find_code("Vaste contactpersoon").id
        coding = project.add_coding(document.id, turns[1].start, turns[1].end, wacht)
        project.set_coding_memo(coding.id, "Maanden wachten: typerend voor de wijk.")
        project.add_coding(document.id, turns[1].start, turns[1].start + 20, vast)
        project.add_coding(document.id, turns[3].start, turns[3].end, vast)
        project.add_memo("segment", turns[2].id, "Herkenbaar patroon van doorverwijzen.")
        project.set_attributes(document.id, {"wijk": "Lunetten", "gespreksleider": "Anna"})
    # the memo list shows when a memo was written: the same day on every run
    stamp = "2025-03-12T10:00:00+00:00"
    with sqlite3.connect(project_path) as conn:
        conn.execute("UPDATE memos SET created = ?, modified = ?", (stamp, stamp))
        conn.execute("UPDATE codings SET created = ?", (stamp,))
    return project_path
