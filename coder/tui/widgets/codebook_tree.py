"""The codebook as a tree: colour marker, name and coding counts per code."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets.tree import TreeNode

from coder.store import CodeNode
from coder.text_safety import display_text
from coder.tui.model import UNCOLOURED
from coder.tui.widgets.plain import TextTree


def code_label(node: CodeNode, number: int | None = None, width: int | None = None) -> Text:
    """``■ Wachttijden 8`` (own count; a parent shows its subtree total in brackets).

    Within ``width`` cells a long name is shortened (…), never the count after it."""
    label = Text()
    if number is not None:
        label.append(f"{number:>2} ", style="bold")  # 1–9 and 10–99 line up
    label.append("■ ", style=Style(color=node.code.colour or UNCOLOURED))
    count = ""
    if node.children:
        count = f" ({node.total})"
    elif node.count:
        count = f" {node.count}"
    name = display_text(node.code.name)
    if width is not None:
        room = width - label.cell_len - len(count)
        if len(name) > room:
            name = name[: max(room - 1, 1)] + "…"
    label.append(name)
    label.append(count, style="dim")
    return label


class CodebookTree(TextTree):
    """Node data is the code id. Reloading keeps which nodes were collapsed."""

    def __init__(self, label: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(label, id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._collapsed: set[int] = set()
        self.nodes_by_code: dict[int, TreeNode[int]] = {}
        self._loaded: tuple[list[CodeNode], dict[int, int]] | None = None
        self._label_width = 0

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
        self._loaded = (tree, numbers)
        self._label_width = width = self.scrollable_content_region.width

        def add(parent: TreeNode[int], nodes: list[CodeNode], depth: int = 0) -> None:
            for node in nodes:
                # the guides take guide_depth cells per level, and so does the expand mark
                marks = depth + (1 if node.children else 0)
                room = width - self.guide_depth * marks if width else None
                label = code_label(node, numbers.get(node.code.id), room)
                if node.children:
                    branch = parent.add(
                        label, data=node.code.id, expand=node.code.id not in self._collapsed
                    )
                    add(branch, node.children, depth + 1)
                    self.nodes_by_code[node.code.id] = branch
                else:
                    self.nodes_by_code[node.code.id] = parent.add_leaf(label, data=node.code.id)

        add(self.root, tree)
        self.root.expand()
        self.select_code(highlighted)

    def on_resize(self) -> None:
        if self._loaded is not None and self.scrollable_content_region.width != self._label_width:
            self.load(*self._loaded)  # names shortened for the new width, counts kept

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
