"""Select a part of one turn: the turn in a read-only text area, selected by keys or mouse."""

from __future__ import annotations

import re
from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import TextArea
from textual.widgets.text_area import Document, Selection

from coder.text_safety import display_text
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel


def offset(text: str, location: tuple[int, int]) -> int:
    """The character offset of a (row, column) location in ``text``."""
    row, column = location
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[:row]) + column


WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A sentence: up to and with its closing marks (and a closing quote or bracket), or the end.
SENTENCE = re.compile(r"\S[^.!?…]*(?:[.!?…]+[\"'’”)\]]*|$)")


def units(text: str, kind: str) -> list[tuple[int, int]]:
    """(start, end) of each word or sentence of ``text``."""
    pattern = WORD if kind == "word" else SENTENCE
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def extend(text: str, anchor: int, end: int, kind: str, step: int) -> tuple[int, int]:
    """A selection from ``anchor`` to ``end`` grown (step 1) or shrunk (step -1) by one
    word or sentence. An empty selection first takes the whole unit it is in."""
    found = units(text, kind)
    if not found:
        return anchor, end
    if anchor == end and step > 0:
        return next(((a, b) for a, b in found if b > end), found[-1])
    if step > 0:
        return anchor, next((b for _, b in found if b > end), end)
    earlier = [b for _, b in found if anchor < b < end]
    return anchor, earlier[-1] if earlier else anchor


class SpanScreen(ModalScreen[tuple[int, int] | None]):
    """Returns the selected span as offsets into the turn's text (start, end).

    Select by character (the text area's own keys, or dragging the mouse), by word
    (shift+→/←, or w/b) or by sentence (ctrl+shift+→/←, or s/S)."""

    BINDINGS = [
        Binding("enter", "apply", "bind.code_selection", priority=True),
        Binding("escape", "cancel", "bind.cancel"),
        Binding("shift+right,w", "extend('word', 1)", "bind.span_word", priority=True),
        Binding("shift+left,b", "extend('word', -1)", "bind.span_word_back", priority=True),
        Binding("ctrl+shift+right,s", "extend('sentence', 1)", "bind.span_sentence", priority=True),
        Binding(
            "ctrl+shift+left,S", "extend('sentence', -1)", "bind.span_sentence_back", priority=True
        ),
        Binding("alt+shift+right", "character(1)", "bind.span_character", priority=True),
        Binding("alt+shift+left", "character(-1)", "bind.span_character", priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog span"):
            yield TextLabel(self.title_text, classes="dialog-title")
            # display_text: one character for one, so the selection's offsets still fit
            yield TextArea(
                display_text(self.text),
                read_only=True,
                soft_wrap=True,
                show_cursor=True,
                id="span-text",
            )
            yield TextLabel(t("span.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def selected_span(self) -> tuple[int, int] | None:
        area = self.query_one(TextArea)
        start, end = sorted(area.selection)
        first, last = offset(area.text, start), offset(area.text, end)
        return (first, last) if last > first else None

    def _offsets(self) -> tuple[int, int]:
        area = self.query_one(TextArea)
        start, end = area.selection
        document = cast(Document, area.document)  # a plain TextArea holds a Document
        return document.get_index_from_location(start), document.get_index_from_location(end)

    def _select(self, anchor: int, end: int) -> None:
        area = self.query_one(TextArea)
        document = cast(Document, area.document)  # a plain TextArea holds a Document
        area.selection = Selection(
            document.get_location_from_index(anchor), document.get_location_from_index(end)
        )

    def action_extend(self, kind: str, step: int) -> None:
        anchor, end = self._offsets()
        if end < anchor:  # selected backwards: grow from its start
            anchor, end = end, anchor
        self._select(*extend(self.query_one(TextArea).text, anchor, end, kind, step))

    def action_character(self, step: int) -> None:
        anchor, end = self._offsets()
        self._select(anchor, max(0, min(end + step, len(self.query_one(TextArea).text))))

    def action_apply(self) -> None:
        span = self.selected_span()
        if span is None:
            self.notify(t("span.empty"), severity="warning")
            return
        self.dismiss(span)

    def action_cancel(self) -> None:
        self.dismiss(None)
