"""How the Documents table fits its terminal: the project's own attribute keys as columns
when they all fit beside the name and the progress, else one column with every key and
its value on a line of its own, so no key scrolls off to the right."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from coder.store import DocumentSummary
from coder.text_safety import display_text
from coder.tui.i18n import catalogue, language

PROGRESS_WIDTH = 21  # " 12/40  ████▌    30%": count, bar of 8, share
CELL_PADDING = 2  # a DataTable cell's padding, left and right
SCROLLBAR = 2


def attribute_label(key: str) -> str:
    """A column header for an attribute key: the translation of a known key (setting,
    region, date), else the key as the researcher typed it."""
    return catalogue(language()).get(f"attribute.{key}") or key


def attribute_labels(keys: Sequence[str]) -> dict[str, str]:
    """The header of each key, distinct: a translation that would read like another
    key's header ("region" → "Regio" beside a key "regio") gives way to the key itself."""
    labels = {key: attribute_label(key) for key in keys}
    taken = [label.casefold() for label in labels.values()]
    return {
        key: label if taken.count(label.casefold()) == 1 or label == key else key
        for key, label in labels.items()
    }


def fixed_width(summaries: Sequence[DocumentSummary], headers: Sequence[str]) -> int:
    """Cells the name, turns and progress columns take (with ``headers`` in that order)."""
    name = max([cell_len(headers[0]), *(cell_len(s.document.name) for s in summaries)])
    turns = max([cell_len(headers[1]), *(len(str(s.turns)) for s in summaries)])
    progress = max(cell_len(headers[2]), PROGRESS_WIDTH)
    return name + turns + progress + 3 * CELL_PADDING


def attribute_widths(summaries: Sequence[DocumentSummary], keys: Sequence[str]) -> int:
    """Cells one column per key takes: its header or its longest value."""
    labels = attribute_labels(keys)
    return sum(
        max(
            [
                cell_len(labels[key]),
                *(cell_len(s.document.attributes.get(key, "")) for s in summaries),
            ]
        )
        + CELL_PADDING
        for key in keys
    )


def columns_fit(
    summaries: Sequence[DocumentSummary],
    keys: Sequence[str],
    headers: Sequence[str],
    size: tuple[int, int],
) -> bool:
    """Whether a column per key fits in a table of ``size`` (width, height) beside the
    fixed columns (and the scrollbar, when the rows need one)."""
    width, height = size
    scrollbar = SCROLLBAR if len(summaries) + 1 > height else 0
    needed = fixed_width(summaries, headers) + attribute_widths(summaries, keys) + scrollbar
    return needed <= width


def attributes_cell(attributes: dict[str, str], keys: Sequence[str]) -> Text:
    """Each key the document has a value for, on a line of its own: "Regio: Zuilen"."""
    cell = Text()
    labels = attribute_labels(keys)
    for key in keys:
        value = attributes.get(key, "")
        if not value:
            continue
        if cell:
            cell.append("\n")
        cell.append(display_text(labels[key]) + ": ", style="bold")
        cell.append(display_text(value))
    return cell
