"""The codebook as a tree: colour marker, name and coding counts per code."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets.tree import TreeNode

from coder.store import CodeNode
from coder.text_safety import display_text
from coder.tui.model import UNCOLOURED
from coder.tui.widgets.plain import TextTree


def code_label(node: CodeNode, number: int | None = None) -> Text:
    """``■ Wachttijden 8`` (own count; a parent shows its subtree total in brackets)."""
    label = Text()
    if number is not None:
        label.append(f"{number:>2} ", style="bold")  # 1–9 and 10–99 line up
    label.append("■ ", style=Style(color=node.code.colour or UNCOLOURED))
    label.append(display_text(node.code.name))
    if node.children:
        label.append(f" ({node.total})", style="dim")
    elif node.count:
        label.append(f" {node.count}", style="dim")
    return label


class CodebookTree(TextTree):
    """Node data is the code id. Reloading keeps which nodes were collapsed."""

    def __init__(self, label: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(label, id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._collapsed: set[int] = set()
        self.nodes_by_code: dict[int, TreeNode[int]] = {}

    def load(self, tree: list[CodeNode], numbers: dict[int, int] | None = None) -> None:
        """Show ``tree``; ``numbers`` maps code ids to their number key (favourites)."""
        highlighted = self.cursor_node.data if self.cursor_node is not None else None
        for code_id, node in self.nodes_by_code.items():
            if not node.is_expanded and node.children:
                self._collapsed.add(code_id)
            else:
                self._collapsed.discard(code_id)
        self.clear()
        self.nodes_by_code = {}
        numbers = numbers or {}

        def add(parent: TreeNode[int], nodes: list[CodeNode]) -> None:
            for node in nodes:
                label = code_label(node, numbers.get(node.code.id))
                if node.children:
                    branch = parent.add(
                        label, data=node.code.id, expand=node.code.id not in self._collapsed
                    )
                    add(branch, node.children)
                    self.nodes_by_code[node.code.id] = branch
                else:
                    self.nodes_by_code[node.code.id] = parent.add_leaf(label, data=node.code.id)

        add(self.root, tree)
        self.root.expand()
        self.select_code(highlighted)

    def select_code(self, code_id: int | None) -> None:
        """Put the cursor on a code (the first line when it is not in the tree)."""
        # Node line numbers are assigned when the tree lays out its lines; do it now,
        # so the cursor can be placed right after a reload.
        self._tree_lines  # noqa: B018
        node = self.nodes_by_code.get(code_id) if code_id is not None else None
        if node is not None:
            self.move_cursor(node)
        elif self.nodes_by_code and self.cursor_line < 0:
            self.cursor_line = 0

    @property
    def highlighted_code(self) -> int | None:
        node = self.cursor_node
        return None if node is None or node is self.root else node.data
