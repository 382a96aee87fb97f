"""What a REFI-QDA import left out, changed or wants said, by key.

The import report (:class:`coder.exchange.refi.RefiImportReport`) counts its reasons by
their English text, which the command line prints. A face that speaks another language
reads a text back into its key and values with :func:`reason_parts` and translates the
key; a test keeps every reason the exchange code writes in this list.
"""

from __future__ import annotations

import re
from functools import cache

REASONS: dict[str, str] = {
    # skipped
    "missing_notes": "references to notes that are not in the file",
    "no_text": "text sources without text",
    "no_text_in_qde": "text sources whose text is not in a bare .qde (import the .qdpx instead)",
    "text_file_missing": "text sources whose text file is missing from the .qdpx",
    "binary_text": "text sources that are binary data, not text",
    "no_text_content": "text sources without text (no PlainTextContent or plainTextPath)",
    "empty_text": "text sources with an empty text",
    "codings_of_skipped_sources": "codings on text sources that were not imported",
    "unknown_variable": "variable values of an unknown variable",
    "start_after_end": "selections whose start lies after their end",
    "outside_text": "selections outside their source's text",
    "empty_selections": "empty selections",
    "no_code_reference": "codings without a code reference",
    "unknown_code": "codings of a code that is not in the codebook",
    "note_outside_turns": "notes on a selection outside every turn",
    "not_utf8": "source text not UTF-8 (read as Windows-1252; offsets may be off)",
    "codebook_element": "<{element}> in the codebook (not supported)",
    "sets": "sets of sources or codes (not supported)",
    "links": "links between objects (not supported)",
    "graphs": "graphs (not supported)",
    "description": "the project description (not supported)",
    "unknown_element": "unknown element <{element}>",
    "not_text_source": "{kind} (only text sources are supported)",
    "note_without_guid": "notes without a guid",
    "note_without_text": "notes without text",
    "invalid_positions": "coded selections without valid positions",
    "cases": "cases not tied to a whole text source (not supported)",
    # adjusted
    "unknown_user": "objects by a user missing from <Users> (attributed to {coder})",
    "loose_notes": "notes not attached to anything (imported as project memos)",
    "clamped": "selections reaching past their source's text (clamped)",
    "whole_source": "codings of a whole source (coded over its full text)",
    "note_on_part": "notes on part of a turn (attached to the whole turn)",
    "slash_in_name": "code names with '/' (replaced by '∕')",
    "long_name": "code names longer than 200 characters (shortened)",
    "no_name": "codes without a name (named 'naamloos')",
    "bad_colour": "code colours not of the form #RRGGBB (left out)",
    "same_name": "codes with the same name under one parent (merged)",
    # notes
    "same_text": "source '{source}' has the same text as document '{document}'; its codings go there",
    "renamed": (
        "source '{source}' differs from the project's document of that name; imported as '{name}'"
    ),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for key, template in REASONS.items():
        pieces, last = [], 0
        for found in _PLACEHOLDER.finditer(template):
            pieces.append(re.escape(template[last : found.start()]))
            pieces.append(f"(?P<{found.group(1)}>.*)")
            last = found.end()
        pieces.append(re.escape(template[last:]))
        patterns.append((key, re.compile("".join(pieces), re.DOTALL)))
    # the templates with fewest placeholders first: a fixed text before a pattern
    return sorted(patterns, key=lambda pair: pair[1].groups)


def reason_parts(text: str) -> tuple[str, dict[str, str]] | None:
    """The key of a reason's text and the values in it; None for a text not listed."""
    for key, pattern in _patterns():
        found = pattern.fullmatch(text)
        if found:
            return key, found.groupdict()
    return None
