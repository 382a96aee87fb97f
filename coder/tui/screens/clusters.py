"""Clusters: recurring themes in the quotes of a code group, or in the uncoded turns.

Choose what to cluster and (optionally) how many clusters, run it in the background,
then read each cluster's quotes, rename it, or promote it to a code whose members are
coded as model suggestions (to accept or reject on the coding screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Select
from textual.worker import Worker, get_current_worker

from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.screens.base import BaseScreen
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextSelect, TextTable

if TYPE_CHECKING:
    from coder.cluster.model import Cluster, ClusterResult
    from coder.store import CodeNode

UNCODED = "uncoded"
QUOTE_WIDTH = 70


def one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def cluster_targets(tree: list[CodeNode]) -> list[tuple[str, str]]:
    """What can be clustered: each top-level code with subcodes (a group), and uncoded turns."""
    groups = [(node.code.name, f"code:{node.code.id}") for node in tree if node.children]
    return [*groups, (t("clusters.uncoded"), UNCODED)]


class ClustersScreen(BaseScreen):
    NAME = "clusters"

    BINDINGS = [
        Binding("ctrl+r", "run", "bind.run_clustering"),
        Binding("r", "rename", "bind.rename_cluster"),
        Binding("p", "promote", "bind.promote_cluster"),
        Binding("escape", "cancel", "bind.cancel", show=False),
    ]

    @dataclass
    class ClusteringProgressed(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ClustersScreen.ClusteringProgressed)

    @dataclass
    class ClusteringFinished(Message):
        result: ClusterResult
        target: str

    def __init__(self) -> None:
        super().__init__()
        self.result: ClusterResult | None = None
        self.target: str = ""  # what the result is of
        self.promoted: dict[int, str] = {}  # cluster id -> name of the code made from it

    def compose(self) -> ComposeResult:
        with Vertical(id="clusters"):
            with Horizontal(classes="toolbar"):
                yield TextLabel(t("clusters.title"), classes="screen-title")
                yield TextSelect(
                    cluster_targets(self.project.code_tree()),
                    allow_blank=False,
                    id="cluster-target",
                )
                yield Input(placeholder=t("clusters.k"), id="cluster-k", type="integer")
                yield Button(t("clusters.run"), id="cluster-run", variant="primary")
            with Horizontal(id="cluster-progress", classes="progress-row"):
                yield TextLabel(t("clusters.busy"), id="cluster-label")
                yield ProgressBar(id="cluster-bar", show_eta=False)
            yield TextTable(id="clusters-table", cursor_type="row", zebra_stripes=True)
            yield TextLabel(t("clusters.empty"), id="clusters-status", classes="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="number")
        table.add_column(t("clusters.label"), key="label")
        table.add_column(t("clusters.size"), key="size")
        table.add_column(t("clusters.documents"), key="documents")
        table.add_column(t("clusters.quote"), key="quote")
        self.query_one("#cluster-progress").display = False

    def reload(self) -> None:
        select = self.query_one("#cluster-target", Select)
        current = select.value
        options = cluster_targets(self.project.code_tree())
        select.set_options(options)
        if current in {value for _, value in options}:
            select.value = current

    @property
    def group_id(self) -> int | None:
        """The code group of the current result (None for uncoded turns)."""
        return int(self.target.split(":")[1]) if self.target.startswith("code:") else None

    # -- running ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename", "promote"):
            return self.result is not None and bool(self.result.clusters)
        return True

    @on(Button.Pressed, "#cluster-run")
    @on(Input.Submitted, "#cluster-k")
    def action_run(self) -> None:
        target = str(self.query_one("#cluster-target", Select).value)
        text = self.query_one("#cluster-k", Input).value.strip()
        k = int(text) if text.isdigit() else None
        code_ids = None
        if target.startswith("code:"):
            group = int(target.split(":")[1])
            code_ids = [group, *self.project.descendants(group)]
        self.query_one("#cluster-progress").display = True
        self.query_one("#cluster-bar", ProgressBar).update(total=None, progress=0)
        self.run_clustering(target, code_ids, k)

    @work(thread=True, exclusive=True, exit_on_error=False, group="cluster", description="cluster")
    def run_clustering(self, target: str, code_ids: list[int] | None, k: int | None) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int, item: str) -> None:
            self.post_message(self.ClusteringProgressed(done, total))

        try:
            result = self.codeertafel.collaborators.clusterer(
                self.project,
                code_ids=code_ids,
                uncoded=code_ids is None,
                k=k,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except InterruptedError:
            return
        self.post_message(self.ClusteringFinished(result, target))

    def action_cancel(self) -> None:
        if any(w.group == "cluster" and w.is_running for w in self.workers):
            self.workers.cancel_group(self, "cluster")
            self.notify(t("work.cancelled"), severity="warning")

    def worker_finished(self, worker: Worker) -> None:
        if worker.group == "cluster":
            self.query_one("#cluster-progress").display = False

    @on(ClusteringProgressed)
    def _progressed(self, event: ClusteringProgressed) -> None:
        self.query_one("#cluster-bar", ProgressBar).update(total=event.total, progress=event.done)

    @on(ClusteringFinished)
    def _finished(self, event: ClusteringFinished) -> None:
        self.query_one("#cluster-progress").display = False
        self.result, self.target, self.promoted = event.result, event.target, {}
        self._fill()
        self.refresh_bindings()
        table = self.query_one(DataTable)
        table.focus()
        if event.result.note:  # no sentence encoder here: the clusters are of words
            self.notify(t("clusters.on_words"), severity="warning")

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        current = table.cursor_row
        table.clear()
        result = self.result
        if result is None:
            return
        for cluster in result.clusters:
            quote = (
                one_line(result.items[cluster.representatives[0]].text, QUOTE_WIDTH)
                if cluster.representatives
                else ""
            )
            label = Text(display_text(cluster.label))
            if cluster.id in self.promoted:
                label.append(f"  → {display_text(self.promoted[cluster.id])}", style="bold green")
            table.add_row(
                Text(str(cluster.id + 1), justify="right"),
                label,
                Text(str(cluster.size), justify="right"),
                Text(str(cluster.documents), justify="right"),
                quote,
                key=str(cluster.id),
            )
        if result.clusters:
            table.move_cursor(row=min(max(current, 0), len(result.clusters) - 1))
        self.query_one("#clusters-status", Label).update(
            t("clusters.count", clusters=len(result.clusters), items=len(result.items))
        )

    # -- one cluster -------------------------------------------------------------------------

    @property
    def cluster(self) -> Cluster | None:
        table = self.query_one(DataTable)
        if self.result is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self.result.cluster(int(str(key.value)))

    @on(DataTable.RowSelected, "#clusters-table")
    def _open_cluster(self) -> None:
        from coder.tui.screens.cluster_dialogs import QuotesScreen

        cluster, result = self.cluster, self.result
        if cluster is None or result is None:
            return
        names = {d.id: d.name for d in self.project.documents()}
        quotes = [
            result.items[i] for i in sorted(cluster.members, key=lambda i: -result.typicality[i])
        ]

        def chosen(place: tuple[int, int] | None) -> None:
            if place is not None:
                self.app.call_later(self.codeertafel.open_document, *place)

        title = t("clusters.quotes_title", number=cluster.id + 1, label=cluster.label)
        self.app.push_screen(QuotesScreen(title, quotes, names), chosen)

    def action_rename(self) -> None:
        from coder.tui.screens.dialogs import PromptScreen

        cluster = self.cluster
        if cluster is None:
            return

        def renamed(name: str | None) -> None:
            if name:
                cluster.label = name
                self._fill()

        self.app.push_screen(PromptScreen(t("clusters.rename_title"), cluster.label), renamed)

    def action_promote(self) -> None:
        from coder.tui.screens.cluster_dialogs import PromoteScreen

        cluster, result = self.cluster, self.result
        if cluster is None or result is None:
            return
        paths = sorted(self.project.code_paths().items(), key=lambda pair: pair[1].casefold())

        def promote(answer: tuple[str, int | None] | None) -> None:
            from coder.cluster.run import promote_cluster

            if answer is None:
                return
            name, parent_id = answer
            code = self.codeertafel.act(
                promote_cluster, self.project, result, cluster.id, name, parent_id
            )
            if code is not None:
                self.promoted[cluster.id] = code.name
                self._fill()
                self.notify(t("clusters.promoted", code=code.name, count=cluster.size))

        title = t("clusters.promote_title", number=cluster.id + 1, label=cluster.label)
        self.app.push_screen(PromoteScreen(title, cluster.label, paths, self.group_id), promote)
