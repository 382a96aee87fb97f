"""Text from users and their files, made harmless for where it is shown.

Names of codes and documents, speakers and transcript text come from other people's
files. Printed to a terminal they could carry escape sequences (clear the screen, set the
window title, hide text) or bidirectional overrides that show text in another order than
it is stored; written into Markdown they could carry HTML. These functions take such
text and return text that is shown as it is stored, nothing more.

The workbench (Textual) shows user text as ``Text``/``Content`` objects, never as markup;
spreadsheets are neutralised in :mod:`coder.export.spreadsheet`.
"""

from __future__ import annotations

import re

# ESC sequences: CSI (ESC [ … final byte), OSC/DCS/SOS/PM/APC strings (ESC ] … BEL or
# ESC \), and the two-character ones (ESC followed by one byte). The 8-bit forms of CSI
# (U+009B) and OSC (U+009D) are C1 characters and removed below with the rest of C1.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]                          # CSI: colours, cursor, clear screen
    | \x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|(?=\n)|$)  # OSC, DCS, SOS, PM, APC strings
    | \x1b[ -~]?                                     # any other ESC (and a lone ESC)
    """,
    re.VERBOSE,  # without DOTALL: an unterminated string ends at the line's end
)
# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069) of "Trojan Source".
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_AND_LINES = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` without escape sequences, control characters and bidi overrides.

    Newlines and tabs are kept (they are how CLI output is laid out), unless ``one_line``:
    then every line break and tab in a name becomes a space, so a name cannot fake a line
    of output.
    """
    text = _ESCAPE_SEQUENCE.sub("", text)
    if one_line:
        return _CONTROL_AND_LINES.sub(lambda m: " " if m.group() in "\t\n\r\x0b\x0c" else "", text)
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


_MARKDOWN = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|"}
_MARKDOWN_CHARS = re.compile(r"[&<>|]")


def markdown_text(text: str) -> str:
    """User text inside a Markdown line or table cell: HTML escaped, pipes escaped, on one
    line, without control characters."""
    text = " ".join(terminal_safe(text, one_line=True).split())
    return _MARKDOWN_CHARS.sub(lambda m: _MARKDOWN[m.group()], text)


def terminal_json(data: object, *, indent: int | None = 2) -> str:
    """JSON for a terminal: readable Dutch (not ``\\u00eb``), but C1 controls and bidi
    overrides inside strings written as ``\\uXXXX`` escapes, so the data stays complete
    and the terminal shows it as stored. (``json`` already escapes C0 controls and ESC.)"""
    import json

    dumped = json.dumps(data, ensure_ascii=False, indent=indent)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_VISIBLE = {
    **{code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: 0x2421,  # ␡
    **{code: 0xFFFD for code in range(0x80, 0xA0)},
    **{code: 0xFFFD for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def display_text(text: str) -> str:
    """``text`` for a screen that must keep character positions (the workbench marks coded
    spans by offset): every control character becomes its visible picture (ESC → ␛) and
    every C1 control or bidi override becomes �, one character for one, so nothing reaches
    the terminal as a command and the offsets still fit."""
    return text.translate(_VISIBLE)
