"""User text in widgets: shown as text, never read as markup.

Textual reads a ``str`` given to a ``Label``, ``Static``, notification, ``DataTable`` cell,
``Tree`` label or ``Option`` as content markup. Transcripts are full of square brackets
("[lacht]", "[onverstaanbaar]"), so a string from a project would lose words, turn into
a clickable action ("[@click=app.quit]hier[/]") or crash the app ("[/]"). The workbench
therefore never gives widgets a ``str`` made from user text: it uses these helpers and
``Text`` objects, and every ``Label``/``Static`` is made with ``markup=False``.

Rich and Textual pass an escape character in text on to the terminal, so a document
name could clear the screen or set the window title: user text is also shown through
:func:`coder.text_safety.display_text`, which makes control characters visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Label, OptionList, Select, Static, Tree
from textual.widgets.data_table import CellType, ColumnKey, RowKey

from coder.text_safety import display_text


def plain(value: object) -> object:
    """A ``str`` as a ``Text`` (which is never parsed), its control characters made
    visible (:func:`~coder.text_safety.display_text`); anything else unchanged."""
    return Text(display_text(value)) if isinstance(value, str) else value


def _shown(content: Any) -> Any:
    return display_text(content) if isinstance(content, str) else content


class _TextContent:
    """For ``Static`` and ``Label``: strings are text, not markup (nor terminal commands)."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(_shown(content), **kwargs)  # type: ignore[call-arg]

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(_shown(content), layout=layout)  # type: ignore[misc]


class TextStatic(_TextContent, Static):
    """A ``Static`` whose strings are text."""


class TextLabel(_TextContent, Label):
    """A ``Label`` whose strings are text."""


class TextOptionList(OptionList):
    """An ``OptionList`` whose string prompts are text, not markup."""

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*content, **kwargs)


def text_options(options: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [(plain(prompt), value) for prompt, value in options]


class TextSelect(Select[Any]):
    """A ``Select`` whose string prompts (coder names, code paths) are text, not markup."""

    def __init__(self, options: Iterable[tuple[Any, Any]], **kwargs: Any) -> None:
        super().__init__(text_options(options), **kwargs)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        super().set_options(text_options(options))


class TextTable(DataTable[Any]):
    """A ``DataTable`` whose string cells and column labels are text, not markup."""

    def add_column(self, label: Any, **kwargs: Any) -> ColumnKey:
        return super().add_column(plain(label), **kwargs)  # type: ignore[arg-type]

    def add_row(self, *cells: CellType, **kwargs: Any) -> RowKey:
        if isinstance(kwargs.get("label"), str):
            kwargs["label"] = Text(kwargs["label"])
        return super().add_row(*(plain(cell) for cell in cells), **kwargs)

    def update_cell(
        self, row_key: RowKey | str, column_key: ColumnKey | str, value: CellType, **kwargs: Any
    ) -> None:
        super().update_cell(row_key, column_key, plain(value), **kwargs)

    def update_cell_at(self, coordinate: Coordinate, value: CellType, **kwargs: Any) -> None:
        super().update_cell_at(coordinate, plain(value), **kwargs)


class TextTree(Tree[Any]):
    """A ``Tree`` whose string labels are text, not markup."""

    def process_label(self, label: Any) -> Text:
        return super().process_label(plain(label))  # type: ignore[arg-type]
