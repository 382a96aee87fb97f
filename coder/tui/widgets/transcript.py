"""The transcript, turn by turn, drawn lazily with Textual's line API.

Only the lines on screen are rendered (and cached per turn), so a 600-turn,
20,000-word transcript opens and scrolls as fast as a short one. The widget only
draws and reports: the screen decides what a selection means.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coder.text_safety import display_text
from coder.tui.i18n import localise_bindings, t
from coder.tui.model import TurnCode, TurnRow, format_time

GUTTER = 2
INDENT = 7  # gutter + turn number column
ITALIC = Style(italic=True)


def tentative_confidence(code: TurnCode) -> str:
    """A model-made coding's confidence as " 83%" (nothing when it has none)."""
    return f" {code.confidence:.0%}" if code.confidence is not None else ""


class TranscriptView(ScrollView, can_focus=True):
    """Turns with speaker, time, text and the codes applied to them."""

    COMPONENT_CLASSES = {
        "transcript--cursor",
        "transcript--selected",
        "transcript--speaker",
        "transcript--dim",
        "transcript--empty",
    }

    DEFAULT_CSS = """
    TranscriptView { background: $surface; scrollbar-gutter: stable; }
    TranscriptView > .transcript--cursor { background: $boost; }
    TranscriptView:focus > .transcript--cursor { background: $accent 25%; }
    TranscriptView > .transcript--selected { color: $accent; text-style: bold; }
    TranscriptView > .transcript--speaker { text-style: bold; }
    TranscriptView > .transcript--dim { color: $text-muted; }
    TranscriptView > .transcript--empty { color: $text-muted; text-style: italic; }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "bind.previous_turn", show=False),
        Binding("down,j", "cursor(1)", "bind.next_turn", show=False),
        Binding("pageup", "page(-1)", "bind.page_up", show=False),
        Binding("pagedown", "page(1)", "bind.page_down", show=False),
        Binding("home", "edge(0)", "bind.first_turn", show=False),
        Binding("end", "edge(1)", "bind.last_turn", show=False),
        Binding("shift+up", "extend(-1)", "bind.extend_up", show=False),
        Binding("shift+down", "extend(1)", "bind.extend_down", show=False),
        Binding("space", "toggle_turn", "bind.toggle_turn"),
        Binding("escape", "clear_selection", "bind.clear_selection", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class CursorMoved(Message):
        """The cursor is on another turn (or the selection changed)."""

        view: TranscriptView
        row: TurnRow | None

    @dataclass
    class SpanRequested(Message):
        """The user asked to select a part of a turn (double click)."""

        view: TranscriptView
        row: TurnRow

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        localise_bindings(self)
        self.rows: list[TurnRow] = []
        self.shown: list[int] = []  # positions in rows, in order
        self.selected: set[int] = set()  # positions in rows
        self._anchor: int | None = None
        self._lines: list[tuple[int, int]] = []  # per line: (visible position, line in turn)
        self._first_line: list[int] = []  # per visible position
        self._cache: dict[int, list[Strip]] = {}
        self._width = 0
        self.empty_message = ""

    # -- data in --------------------------------------------------------------------------

    def set_rows(
        self, rows: list[TurnRow], visible: list[int] | None = None, *, keep: bool = True
    ) -> None:
        """Show ``rows`` (only the positions in ``visible`` when given)."""
        current = self.current.index if keep and self.current else None
        self.rows = rows
        self.shown = list(range(len(rows))) if visible is None else visible
        self.selected &= set(range(len(rows)))
        self._relayout()
        position = 0
        if current is not None:
            position = next(
                (p for p, r in enumerate(self.shown) if rows[r].index >= current),
                len(self.shown) - 1,
            )
        self.cursor = max(position, 0)

    def go_to_turn(self, index: int) -> None:
        """Put the cursor on turn ``index`` (or the nearest shown turn after it)."""
        for position, row in enumerate(self.shown):
            if self.rows[row].index >= index:
                self.cursor = position
                return
        if self.shown:
            self.cursor = len(self.shown) - 1

    # -- data out -------------------------------------------------------------------------

    @property
    def current(self) -> TurnRow | None:
        if not self.shown or not 0 <= self.cursor < len(self.shown):
            return None
        return self.rows[self.shown[self.cursor]]

    def target_rows(self) -> list[TurnRow]:
        """The selected turns, or the turn under the cursor when none is selected."""
        if self.selected:
            return [self.rows[p] for p in sorted(self.selected)]
        return [self.current] if self.current else []

    # -- layout and drawing -----------------------------------------------------------------

    def _text_width(self) -> int:
        return max(self._width - INDENT - 1, 10)

    def _relayout(self) -> None:
        self._width = self.scrollable_content_region.width or self.size.width or 80
        self._cache.clear()
        self._lines = []
        self._first_line = []
        width = self._text_width()
        for position, row in enumerate(self.shown):
            self._first_line.append(len(self._lines))
            height = (
                1
                + self._count_lines(self.rows[row].text, width)
                + (1 if self.rows[row].codes else 0)
                + 1
            )
            self._lines.extend((position, k) for k in range(height))
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    @staticmethod
    def _count_lines(text: str, width: int) -> int:
        """Lines ``text`` needs at ``width`` with word wrapping (cheap; no rendering)."""
        total = 0
        for paragraph in text.split("\n"):
            line = 0
            total += 1
            for word in paragraph.split(" "):
                size = cell_len(word)
                if line and line + 1 + size > width:
                    total += 1 + (size - 1) // width if size > width else 1
                    line = size % width if size > width else size
                elif not line and size > width:
                    total += (size - 1) // width
                    line = size % width
                else:
                    line += size + (1 if line else 0)
        return total

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            current = self.cursor
            self._relayout()
            self.cursor = current

    def _turn_strips(self, position: int) -> list[Strip]:
        strips = self._cache.get(position)
        if strips is not None:
            return strips
        row = self.rows[self.shown[position]]
        width = self._width
        console = self.app.console
        base = self.rich_style
        dim = self._foreground("transcript--dim")
        speaker_style = self._foreground("transcript--speaker")
        marker_style = self._foreground("transcript--selected")
        selected = self.shown[position] in self.selected
        gutter = Text("┃ " if selected else "  ", style=marker_style if selected else "")

        header = Text.assemble(gutter, (f"{row.index + 1:>4} ", dim))
        header.append_text(self.turn_speaker(row, speaker_style))
        if row.time_start is not None:
            header.append(f"  {format_time(row.time_start)}", style=dim)
        if row.memos:
            header.append(f"  ✎ {row.memos}", style=dim)
        lines: list[Text] = [header]

        body = self.turn_body(row)
        for line in body.wrap(console, self._text_width(), overflow="fold"):
            lines.append(Text.assemble(gutter, " " * (INDENT - GUTTER), line))
        if row.codes:
            codes = Text.assemble(gutter, " " * (INDENT - GUTTER))
            for number, code in enumerate(row.codes):
                if number:
                    codes.append("  ")
                name = display_text(code.path.rsplit("/", 1)[-1]) + (" ✎" if code.memo else "")
                if code.tentative:  # made by the model: marked until someone accepts it
                    codes.append("?", style=Style(color=code.colour, bold=True))
                    codes.append(f" {name}{tentative_confidence(code)}", style=dim + ITALIC)
                    continue
                codes.append("■" if code.whole else "▪", style=Style(color=code.colour, bold=True))
                codes.append(" " + name, style=dim)
            codes.truncate(width, overflow="ellipsis")
            lines.append(codes)
        lines.append(Text(gutter.plain, style=gutter.style))

        is_cursor = position == self.cursor
        cursor_style = (
            Style(bgcolor=self.get_component_rich_style("transcript--cursor").bgcolor)
            if is_cursor
            else None
        )
        strips = []
        for line in lines:
            strip = Strip(list(line.render(console)), line.cell_len).extend_cell_length(width)
            strip = strip.apply_style(base + cursor_style if cursor_style else base)
            strips.append(strip.simplify())
        # The layout counted lines cheaply; trust it, so drawing never shifts the turns below.
        expected = (
            self._first_line[position + 1]
            if position + 1 < len(self._first_line)
            else len(self._lines)
        ) - self._first_line[position]
        if len(strips) > expected:
            strips = strips[: expected - 2] + strips[-2:] if expected >= 3 else strips[:expected]
        while len(strips) < expected:
            strips.insert(-1, Strip.blank(width, base + cursor_style if cursor_style else base))
        self._cache[position] = strips
        return strips

    def turn_speaker(self, row: TurnRow, style: Style) -> Text:
        """A turn's speaker label as drawn in its header."""
        return Text(display_text(row.speaker or "—"), style=style)

    def turn_body(self, row: TurnRow) -> Text:
        """A turn's text as drawn: the coded spans underlined."""
        body = Text(display_text(row.text))  # one character for one: the spans still fit
        for start, end, _colour in row.spans:
            body.stylize(Style(underline=True), start, end)
        return body

    def _foreground(self, component: str) -> Style:
        """The text colour and weight of a component, without its background.

        The full style is used (not ``partial``) because only it blends translucent
        theme colours such as ``$text-muted`` into real colours, on dark and light themes.
        """
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        number = scroll_y + y
        width = self.scrollable_content_region.width
        if not self.shown:
            if y == 1 and self.empty_message:
                text = Text(
                    "  " + self.empty_message,
                    style=self.get_component_rich_style("transcript--empty"),
                )
                return Strip(list(text.render(self.app.console)), text.cell_len).extend_cell_length(
                    width
                )
            return Strip.blank(width, self.rich_style)
        if number >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        position, k = self._lines[number]
        return self._turn_strips(position)[k].crop(scroll_x, scroll_x + width)

    def _invalidate(self, *positions: int) -> None:
        for position in positions:
            self._cache.pop(position, None)
        self.refresh()

    # -- cursor and selection -----------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.shown) - 1)) if self.shown else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._invalidate(old, new)
        if self.shown and self._lines:
            top = self._first_line[new]
            bottom = (
                self._first_line[new + 1] if new + 1 < len(self._first_line) else len(self._lines)
            )
            self.scroll_to_region(Region(0, top, 1, bottom - top), animate=False, force=True)
        self.post_message(self.CursorMoved(self, self.current))

    def action_cursor(self, step: int) -> None:
        self._anchor = None
        self.cursor += step

    def action_page(self, direction: int) -> None:
        if not self._lines:
            return
        target_line = self._first_line[self.cursor] + direction * max(self.size.height - 2, 1)
        target_line = max(0, min(target_line, len(self._lines) - 1))
        self.cursor = self._lines[target_line][0]

    def action_edge(self, end: int) -> None:
        self.cursor = len(self.shown) - 1 if end else 0

    def action_toggle_turn(self) -> None:
        if self.current is None:
            return
        row = self.shown[self.cursor]
        self.selected.symmetric_difference_update({row})
        self._anchor = self.cursor
        self._invalidate(self.cursor)
        self.post_message(self.CursorMoved(self, self.current))

    def action_extend(self, step: int) -> None:
        if not self.shown:
            return
        if self._anchor is None:
            self._anchor = self.cursor
        new = max(0, min(self.cursor + step, len(self.shown) - 1))
        low, high = sorted((self._anchor, new))
        self.selected = {self.shown[p] for p in range(low, high + 1)}
        self._cache.clear()
        self.cursor = new

    def action_clear_selection(self) -> None:
        if self.selected:
            self.selected.clear()
            self._anchor = None
            self._cache.clear()
            self.refresh()
            self.post_message(self.CursorMoved(self, self.current))

    def clear_selection(self) -> None:
        self.action_clear_selection()

    def _position_at(self, y: int) -> int | None:
        number = self.scroll_offset.y + y
        if 0 <= number < len(self._lines):
            return self._lines[number][0]
        return None

    def on_click(self, event: events.Click) -> None:
        position = self._position_at(event.y)
        if position is None:
            return
        self.focus()
        if event.shift:
            self.action_extend(position - self.cursor)
            return
        if event.ctrl or event.meta:
            self.cursor = position
            self.action_toggle_turn()
            return
        self._anchor = None
        self.cursor = position
        if event.chain == 2 and self.current is not None:
            self.post_message(self.SpanRequested(self, self.current))

    def describe(self) -> str:
        """A one-line status: where the cursor is and what is selected."""
        if not self.shown:
            return ""
        current = self.current
        if current is None:
            return ""
        text = t("transcript.position", turn=current.index + 1, total=len(self.rows))
        if self.selected:
            text += "  " + t("transcript.selected", count=len(self.selected))
        return text
