"""Overview: code frequencies as bars, a code × document table, progress per document."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.model import UNCOLOURED, bar, flatten
from coder.tui.screens.base import BaseScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextStatic, TextTable

NAME_WIDTH = 34
DOC_COLUMN = 12


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
        width = max(self.size.width - NAME_WIDTH - 22, 10)
        maximum = max((node.total for node in nodes), default=0)

        bars = Text()
        for node in nodes:
            name = display_text("  " * node.depth + node.code.name)[:NAME_WIDTH].ljust(NAME_WIDTH)
            bars.append(name + " ")
            bars.append(
                bar(node.total, maximum, width), style=Style(color=node.code.colour or UNCOLOURED)
            )
            bars.append(f" {node.total}\n", style="dim")
        if not nodes:
            bars.append(t("codebook.empty"))
        self.query_one("#frequency-bars", Static).update(bars)

        summaries = project.document_summaries(**self.scope)
        counts = project.code_document_counts(**self.scope)
        table = self.query_one("#matrix", DataTable)
        table.clear(columns=True)
        table.add_column(t("overview.code"), key="code")
        for summary in summaries:
            table.add_column(summary.document.name[:DOC_COLUMN], key=str(summary.document.id))
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
            table.add_row(*cells, key=str(node.code.id))

        progress = Text()
        for summary in summaries:
            share = summary.coded_turns / summary.turns if summary.turns else 0.0
            name = display_text(summary.document.name)[:NAME_WIDTH]
            progress.append(name.ljust(NAME_WIDTH) + " ")
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
                progress.append(display_text(coder)[:NAME_WIDTH].ljust(NAME_WIDTH) + f" {count}\n")
        self.query_one("#progress-bars", Static).update(progress)
