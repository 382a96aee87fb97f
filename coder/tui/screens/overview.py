"""Overview: code frequencies as bars, a code × document table, progress per document."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.model import UNCOLOURED, bar, column_labels, flatten
from coder.tui.screens.base import BaseScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextStatic, TextTable

NAME_WIDTH = (24, 80)  # the names before the bars: as wide as the longest, within these
DOC_COLUMN = 20  # at most, for a document's column in the code × document table


def name_width(names: list[str], screen_width: int) -> int:
    """Width of the names before the bars: the longest name, if the screen allows it."""
    room = max(NAME_WIDTH[0], min(NAME_WIDTH[1], screen_width * 45 // 100))
    return max(min(max((len(n) for n in names), default=0), room), 4)


def fitted(name: str, width: int) -> str:
    """``name`` in ``width`` cells: padded, or shortened with "…" (never silently cut)."""
    return name.ljust(width) if len(name) <= width else name[: width - 1] + "…"


class OverviewScreen(BaseScreen):
    NAME = "overview"

    def compose(self) -> ComposeResult:
        yield TextLabel(t("overview.title"), classes="screen-title")
        with TabbedContent(id="overview-tabs"):
            with TabPane(t("overview.frequencies"), id="tab-frequencies"), VerticalScroll():
                yield TextStatic("", id="frequency-bars")
            with TabPane(t("overview.matrix"), id="tab-matrix"):
                yield TextTable(id="matrix", zebra_stripes=True)
            with TabPane(t("overview.progress"), id="tab-progress"), VerticalScroll():
                yield TextStatic("", id="progress-bars")
        yield KeyFooter()

    def on_resize(self) -> None:
        if self.data_version >= 0:
            self.reload()

    def reload(self) -> None:
        project = self.project
        self.show_counted("overview.title")
        tree = project.code_tree(**self.scope)
        nodes = flatten(tree)
        summaries = project.document_summaries(**self.scope)
        names = [display_text("  " * node.depth + node.code.name) for node in nodes]
        names_width = name_width(
            names + [display_text(s.document.name) for s in summaries], self.size.width
        )
        width = max(self.size.width - names_width - 22, 10)
        maximum = max((node.total for node in nodes), default=0)

        bars = Text()
        for node, name in zip(nodes, names, strict=True):
            bars.append(fitted(name, names_width) + " ")
            bars.append(
                bar(node.total, maximum, width), style=Style(color=node.code.colour or UNCOLOURED)
            )
            bars.append(f" {node.total}\n", style="dim")
        if not nodes:
            bars.append(t("codebook.empty"))
        self.query_one("#frequency-bars", Static).update(bars)

        counts = project.code_document_counts(**self.scope)
        table = self.query_one("#matrix", DataTable)
        table.clear(columns=True)
        # The code column keeps its place when the table scrolls sideways; a long code
        # name wraps onto a second line instead of being cut.
        table.fixed_columns = 1
        code_width = name_width(names, self.size.width - 2)
        table.add_column(t("overview.code"), key="code", width=code_width)
        labels = column_labels([s.document.name for s in summaries], DOC_COLUMN)
        for summary, label in zip(summaries, labels, strict=True):
            table.add_column(label, key=str(summary.document.id))
        table.add_column(t("overview.total"), key="total")
        for node in nodes:
            cells: list[Text | str] = [Text(display_text("  " * node.depth + node.code.name))]
            for summary in summaries:
                value = counts.get((node.code.id, summary.document.id), 0)
                cells.append(
                    Text(
                        str(value) if value else "·", justify="right", style="" if value else "dim"
                    )
                )
            cells.append(Text(str(node.count), justify="right", style="bold"))
            table.add_row(*cells, key=str(node.code.id), height=None)

        progress = Text()
        for summary in summaries:
            share = summary.coded_turns / summary.turns if summary.turns else 0.0
            progress.append(fitted(display_text(summary.document.name), names_width) + " ")
            progress.append(
                bar(summary.coded_turns, summary.turns, width).ljust(width), style="green"
            )
            progress.append(f" {summary.coded_turns}/{summary.turns} ({share:.0%})\n", style="dim")
        if not summaries:
            progress.append(t("documents.empty"))
        per_coder = project.coder_counts(include_suggestions=self.scope["include_suggestions"])
        if per_coder:
            progress.append("\n" + t("overview.coders") + "\n", style="bold")
            for coder, count in per_coder.items():
                progress.append(fitted(display_text(coder), names_width) + f" {count}\n")
        self.query_one("#progress-bars", Static).update(progress)
