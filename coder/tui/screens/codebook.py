"""Codebook: the code tree with counts; add, rename, edit, move, merge, delete; a code's quotes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from coder.store import CodeNode
from coder.store.views import Quote
from coder.text_safety import display_text
from coder.tui.i18n import t
from coder.tui.model import flatten
from coder.tui.screens.base import BaseScreen
from coder.tui.screens.picker import PickerScreen, PickItem
from coder.tui.widgets.codebook_tree import CodebookTree
from coder.tui.widgets.footer import KeyFooter
from coder.tui.widgets.plain import TextLabel, TextOptionList, TextStatic

TOP_LEVEL = -1  # picker value for "no parent"


def quote_label(quote: Quote) -> Text:
    """Document and speaker (bold), then the whole quote, wrapped by the list."""
    label = Text(display_text(f"{quote.document} · {quote.speaker or '—'}"), style="bold")
    label.append("\n" + display_text(" ".join(quote.text.split())))
    return label


class CodebookScreen(BaseScreen):
    NAME = "codebook"

    BINDINGS = [
        Binding("a", "add(False)", "bind.add_code"),
        Binding("A", "add(True)", "bind.add_top_code", show=False),
        Binding("r", "rename", "bind.rename_code"),
        Binding("e", "edit", "bind.edit_code"),
        Binding("m", "move", "bind.move_code"),
        Binding("u", "merge", "bind.merge_code"),
        Binding("delete", "delete", "bind.delete_code"),
        Binding("q", "passages", "bind.passages"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.code_nodes: list[CodeNode] = []
        self.nodes: dict[int, CodeNode] = {}
        self.quotes: list[Quote] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="codebook-body"):
            with Vertical(id="codebook-left"):
                yield TextLabel(t("codebook.title"), classes="screen-title")
                tree = CodebookTree(t("codebook.title"), id="codebook-tree")
                tree.auto_expand = False
                yield tree
            with Vertical(id="codebook-right"):
                yield TextStatic("", id="code-details")
                yield TextLabel(t("codebook.quotes"), classes="panel-title")
                yield TextOptionList(id="quotes-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(CodebookTree).focus()

    @property
    def code_tree(self) -> CodebookTree:
        return self.query_one(CodebookTree)

    @property
    def selected_code(self) -> int | None:
        return self.code_tree.highlighted_code

    def reload(self) -> None:
        self.show_counted("codebook.title")
        self.code_nodes = self.project.code_tree(**self.scope)
        self.nodes = {node.code.id: node for node in flatten(self.code_nodes)}
        self.code_tree.load(self.code_nodes)
        self._show(self.selected_code)

    @on(Tree.NodeHighlighted, "#codebook-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show(event.node.data)

    def _show(self, code_id: int | None) -> None:
        details = self.query_one("#code-details", Static)
        quotes = self.query_one("#quotes-list", OptionList)
        quotes.clear_options()
        node = self.nodes.get(code_id) if code_id is not None else None
        if node is None:
            details.update(t("codebook.empty") if not self.code_nodes else "")
            self.quotes = []
            return
        code = node.code
        text = Text()
        text.append("■ ", style=code.colour or "")
        text.append(display_text(node.path) + "\n", style="bold")
        text.append(t("codebook.counts", count=node.count, total=node.total) + "\n", style="dim")
        for field in ("definition", "inclusion", "exclusion", "example"):
            value = getattr(code, field)
            if value:
                text.append(t(f"code.{field}") + ": ", style="bold")
                text.append(display_text(value) + "\n")
        details.update(text)
        self.quotes = self.project.quotes(
            [code.id, *self.project.descendants(code.id)], **self.scope
        )
        quotes.add_options(
            Option(quote_label(quote), id=str(number)) for number, quote in enumerate(self.quotes)
        )
        if self.quotes:
            quotes.highlighted = 0

    @on(OptionList.OptionSelected, "#quotes-list")
    async def _quote_selected(self, event: OptionList.OptionSelected) -> None:
        quote = self.quotes[int(event.option.id or 0)]
        await self.codeertafel.open_document(quote.document_id, quote.segment_index)

    async def action_passages(self) -> None:
        """All passages of the code in full, on the Passages screen."""
        code_id = self.selected_code
        if code_id is not None:
            await self.codeertafel.action_show("passages")
            self.codeertafel.screen_for("passages").show_code(code_id)  # type: ignore[attr-defined]

    # -- changes ------------------------------------------------------------------------------

    def _code_items(self, exclude: set[int], top_level: bool = False) -> list[PickItem]:
        items = (
            [PickItem(TOP_LEVEL, t("codebook.top_level"), t("codebook.top_level"))]
            if top_level
            else []
        )
        for node in flatten(self.code_nodes):
            if node.code.id not in exclude:
                label = Text("■ ", style=node.code.colour or "")
                label.append(display_text(node.path))
                items.append(PickItem(node.code.id, label, node.path))
        return items

    def _select(self, code_id: int | None) -> None:
        self.code_tree.select_code(code_id)
        self._show(self.selected_code)

    def action_add(self, top: bool) -> None:
        from coder.tui.screens.code_form import CodeFormScreen

        parent = None if top else self.selected_code
        title = (
            t("codebook.add_under", parent=self.nodes[parent].path)
            if parent in self.nodes
            else t("codebook.add_top")
        )

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            name = values.pop("name")
            code = self.codeertafel.act(
                self.project.add_code, name, parent, **{k: v for k, v in values.items() if v}
            )
            if code is not None:
                self.notify(t("codebook.added", code=name))
                self._select(code.id)

        self.app.push_screen(CodeFormScreen(title), done)

    def action_rename(self) -> None:
        from coder.tui.screens.dialogs import PromptScreen

        code_id = self.selected_code
        if code_id is None:
            return

        def done(name: str | None) -> None:
            if name and self.codeertafel.act(self.project.rename_code, code_id, name) is not None:
                self.notify(t("codebook.renamed", code=name))

        self.app.push_screen(
            PromptScreen(t("codebook.rename_title"), self.nodes[code_id].code.name), done
        )

    def action_edit(self) -> None:
        from coder.tui.screens.code_form import CodeFormScreen

        code_id = self.selected_code
        if code_id is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if (
                values is not None
                and self.codeertafel.act(self.project.update_code, code_id, **values) is not None
            ):
                self.notify(t("codebook.edited", code=values["name"]))

        self.app.push_screen(
            CodeFormScreen(t("codebook.edit_title"), self.nodes[code_id].code), done
        )

    def action_move(self) -> None:
        code_id = self.selected_code
        if code_id is None:
            return
        exclude = {code_id, *self.project.descendants(code_id)}

        def done(parent: int | None) -> None:
            if parent is None:
                return
            if self.codeertafel.act(
                self.project.move_code, code_id, None if parent == TOP_LEVEL else parent
            ):
                self.notify(t("codebook.moved", code=self.nodes[code_id].code.name))
                self._select(code_id)

        title = t("codebook.move_title", code=self.nodes[code_id].path)
        self.app.push_screen(PickerScreen(title, self._code_items(exclude, top_level=True)), done)

    def action_merge(self) -> None:
        code_id = self.selected_code
        if code_id is None:
            return
        exclude = {code_id, *self.project.descendants(code_id)}

        def done(target: int | None) -> None:
            if target is None:
                return
            moved = self.codeertafel.act(self.project.merge_codes, code_id, target)
            if moved is not None:
                self.notify(t("codebook.merged", count=moved, target=self.nodes[target].path))
                self._select(target)

        title = t("codebook.merge_title", code=self.nodes[code_id].path)
        self.app.push_screen(PickerScreen(title, self._code_items(exclude)), done)

    def action_delete(self) -> None:
        from coder.tui.screens.dialogs import ConfirmScreen

        code_id = self.selected_code
        if code_id is None:
            return
        node = self.nodes[code_id]

        def done(yes: bool | None) -> None:
            if yes:
                removed = self.codeertafel.act(self.project.delete_code, code_id)
                if removed is not None:
                    self.notify(t("codebook.deleted", code=node.code.name, count=removed))

        question = t("codebook.delete_question", code=node.path, total=node.total)
        self.app.push_screen(ConfirmScreen(question), done)
