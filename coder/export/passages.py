"""The passages of a code (or of two codes together) in full, as a table or as Markdown:
what the retrieved-segments view shows, for a report or a colleague."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coder.export.files import write_atomically
from coder.retrieval import clock, passage_place
from coder.store import Project
from coder.store.retrieval import Passage
from coder.text_safety import markdown_text


def passages_frame(project: Project, passages: list[Passage]) -> pd.DataFrame:
    paths = project.code_paths()
    return pd.DataFrame(
        [
            {
                "document": p.document,
                "turn": None if p.segment_index is None else p.segment_index + 1,
                "speaker": p.speaker or "",
                "time": clock(p.time_start),
                "codes": "; ".join(paths.get(c, "") for c in p.code_ids),
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "memo": "\n".join(p.memos),
                "source": p.source,
            }
            for p in passages
        ],
        columns=[
            "document",
            "turn",
            "speaker",
            "time",
            "codes",
            "start",
            "end",
            "text",
            "memo",
            "source",
        ],
    )


def passages_markdown(project: Project, title: str, passages: list[Passage]) -> str:
    """Each passage as a block quote under a line naming where it stands."""
    lines = [f"# {markdown_text(title)}", ""]
    for passage in passages:
        where = passage_place(passage, "beurt")
        lines.append(f"**{markdown_text(', '.join(where))}**")
        lines.append("")
        lines += [f"> {markdown_text(line)}" for line in passage.text.splitlines() if line.strip()]
        for memo in passage.memos:
            lines += ["", f"*Memo:* {markdown_text(memo)}"]
        lines.append("")
    lines.append(f"{len(passages)} fragmenten.")
    return "\n".join(lines) + "\n"


def write_passages(
    project: Project, title: str, passages: list[Passage], path: Path, *, force: bool
) -> None:
    if path.suffix.lower() == ".md":
        text = passages_markdown(project, title, passages)
        write_atomically(path, lambda h: h.write(text), force=force)
        return
    from coder.export.tables import write_table

    write_table(passages_frame(project, passages), path, force=force)
