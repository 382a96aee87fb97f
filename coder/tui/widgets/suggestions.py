"""The suggestions panel of the coding screen: what the model proposes for the current turn.

It only draws what the screen gives it (attributes down) and tells which line is
highlighted; accepting and rejecting are the screen's business.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, ProgressBar
from textual.widgets.option_list import Option

from coder.suggest.open_rule import DEFINITION
from coder.suggest.reasons import Explanation
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.suggesting import CODING, Entry
from coder.tui.widgets.plain import TextLabel, TextOptionList


def entry_text(entry: Entry) -> Text:
    """The line "■ Wachttijden  83%", marked "uit definitie" (cold start) or "?" (a model coding)."""
    strong = entry.above_threshold
    text = Text("? " if entry.kind == CODING else "■ ", style=f"bold {entry.colour}")
    text.append(display_text(entry.name), style="" if strong else "dim")
    if entry.score is not None:
        text.append(f"  {entry.score:.0%}", style="bold" if strong else "dim")
    if entry.kind == DEFINITION:
        text.append("  " + t("suggestions.from_definition"), style="italic dim")
    elif entry.kind == CODING:
        text.append("  " + t("suggestions.pending"), style="italic dim")
    if entry.partial:
        text.append("  " + t("suggestions.part"), style="dim")
    return text


def reason_lines(entry: Entry | None) -> list[str]:
    """The explanation under the list: the words that weigh and two similar coded quotes."""
    return explanation_lines(None if entry is None else entry.why)


def explanation_lines(why: Explanation | None) -> list[str]:
    """A suggestion's reasons as lines: the words that weigh, similar coded quotes, and
    how much the transcript around the turn moved its score."""
    if why is None:
        return []
    lines = []
    if why.words:
        lines.append(t("suggestions.why_words", words=", ".join(why.words)))
    for example in why.examples:
        quote = " ".join(example.text.split())
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        lines.append(t("suggestions.why_like", quote=quote, document=example.source))
    if points := why.context_points:
        key = "suggestions.why_context_one" if abs(points) == 1 else "suggestions.why_context"
        lines.append(t(key, points=f"{points:+d}"))
    return [display_text(line) for line in lines]


class SuggestionsPanel(Vertical):
    """A status line, the suggestions for the turn, and the progress of a training run."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield TextLabel(t("suggestions.loading"), id="suggestions-status")
        yield TextOptionList(id="suggestions-list")
        yield TextLabel("", id="suggestion-why")
        with Horizontal(id="training-progress", classes="progress-row"):
            yield TextLabel(t("training.busy"), id="training-label")
            yield ProgressBar(id="training-bar", show_eta=False)

    def on_mount(self) -> None:
        self.query_one("#training-progress").display = False
        self.query_one(OptionList).can_focus = True

    def show(self, entries: list[Entry], status: str) -> None:
        """Show ``entries`` (the first one highlighted) under the status line ``status``."""
        self.entries = entries
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(entry_text(e), id=str(i)) for i, e in enumerate(entries)])
        options.display = bool(entries)
        if entries:
            options.highlighted = 0
        self.set_status(status)
        self._show_reasons()

    def set_status(self, status: str) -> None:
        """Only the status line."""
        self.query_one("#suggestions-status", Label).update(status)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_reasons()

    def _show_reasons(self) -> None:
        """Why the highlighted suggestion is made: its words and similar coded quotes."""
        why = self.query_one("#suggestion-why", Label)
        lines = reason_lines(self.chosen)
        why.update("\n".join(lines))
        why.display = bool(lines)

    @property
    def chosen(self) -> Entry | None:
        """The highlighted entry (the top one unless the user moved in the list)."""
        if not self.entries:
            return None
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.entries):
            return self.entries[0]
        return self.entries[highlighted]

    def training(self, done: int | None, total: int | None, label: str = "") -> None:
        """Show training progress; ``done=None`` hides it."""
        row = self.query_one("#training-progress")
        if done is None:
            row.display = False
            return
        row.display = True
        self.query_one("#training-bar", ProgressBar).update(total=total, progress=done)
        if label:
            self.query_one("#training-label", Label).update(t("training.busy") + f" {label}")
