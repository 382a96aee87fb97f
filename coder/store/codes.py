"""The codebook: a tree of codes. Every change is one undoable operation."""

from __future__ import annotations

import re
from dataclasses import replace

from coder.errors import CoderError
from coder.store.base import StoreBase
from coder.store.oplog import Transaction
from coder.store.records import Code, CodeNode, CodeSpec

PATH_SEPARATOR = "/"
_CODE_COLUMNS = "id, parent_id, name, colour, definition, inclusion, exclusion, example, position"
_TEXT_FIELDS = ("definition", "inclusion", "exclusion", "example")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Distinct on dark and on light backgrounds (Tableau 10), used when a code has no colour.
PALETTE = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)


def check_code_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise CoderError("a code needs a name")
    if PATH_SEPARATOR in name:
        raise CoderError(
            f"code name '{name}' may not contain '{PATH_SEPARATOR}' (it separates code paths)"
        )
    if len(name) > 200:
        raise CoderError(f"code name '{name[:40]}…' is longer than 200 characters")
    return name


def check_colour(colour: str | None) -> str | None:
    if colour is None or colour == "":
        return None
    if not _COLOUR.match(colour):
        raise CoderError(f"colour '{colour}' is not of the form #RRGGBB")
    return colour.upper()


def _code(row: tuple) -> Code:
    """A code as stored. A colour that is not #RRGGBB (a hand-edited or foreign project
    file) is dropped: the faces use it as a style, where "link https://…" would be a link
    and a malformed value an error."""
    code = Code(*row)
    if code.colour is not None and not _COLOUR.match(code.colour):
        code = replace(code, colour=None)
    return code


class CodesMixin(StoreBase):
    # -- reading -------------------------------------------------------------------------

    def codes(self) -> list[Code]:
        """All codes, parents before children, siblings in their order."""
        by_parent: dict[int | None, list[Code]] = {}
        for row in self._query(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position, id"):
            code = _code(row)
            by_parent.setdefault(code.parent_id, []).append(code)
        ordered: list[Code] = []

        def visit(parent: int | None) -> None:
            for code in by_parent.get(parent, []):
                ordered.append(code)
                visit(code.id)

        visit(None)
        return ordered

    def code(self, code_id: int) -> Code:
        row = self._query_one(f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", (code_id,))
        if row is None:
            raise CoderError(f"no code with id {code_id}")
        return _code(row)

    def code_path(self, code_id: int) -> str:
        names: list[str] = []
        current: int | None = code_id
        while current is not None:
            code = self.code(current)
            names.append(code.name)
            current = code.parent_id
        return PATH_SEPARATOR.join(reversed(names))

    def code_paths(self) -> dict[int, str]:
        """Every code's path ("Knelpunten/Wachttijden"), in one query."""
        rows = {
            row[0]: (row[1], row[2]) for row in self._query("SELECT id, parent_id, name FROM codes")
        }
        paths: dict[int, str] = {}

        def path(code_id: int) -> str:
            if code_id not in paths:
                parent, name = rows[code_id]
                paths[code_id] = name if parent is None else path(parent) + PATH_SEPARATOR + name
            return paths[code_id]

        for code_id in rows:
            path(code_id)
        return paths

    def find_code(self, ref: str | int) -> Code:
        """A code by id, by path ("Knelpunten/Wachttijden") or by a name that is unique.

        Names match case-insensitively, so researchers can type what they see.
        """
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            return self.code(int(ref))
        wanted = ref.strip().strip(PATH_SEPARATOR)
        paths = self.code_paths()
        folded = wanted.casefold()
        exact = [cid for cid, p in paths.items() if p.casefold() == folded]
        if exact:
            return self.code(exact[0])
        by_name = [
            cid for cid, p in paths.items() if p.rsplit(PATH_SEPARATOR, 1)[-1].casefold() == folded
        ]
        if len(by_name) == 1:
            return self.code(by_name[0])
        if len(by_name) > 1:
            options = ", ".join(sorted(paths[c] for c in by_name))
            raise CoderError(f"code name '{ref}' is ambiguous; use its path: {options}")
        raise CoderError(f"no code '{ref}' in the codebook")

    def children(self, parent_id: int | None) -> list[Code]:
        if parent_id is None:
            rows = self._query(
                f"SELECT {_CODE_COLUMNS} FROM codes WHERE parent_id IS NULL ORDER BY position, id"
            )
        else:
            rows = self._query(
                f"SELECT {_CODE_COLUMNS} FROM codes WHERE parent_id = ? ORDER BY position, id",
                (parent_id,),
            )
        return [_code(row) for row in rows]

    def descendants(self, code_id: int) -> list[int]:
        """Ids of the code's descendants, deepest first (the order to delete them in)."""
        rows = self._query(
            "WITH RECURSIVE sub(id, depth) AS (SELECT id, 1 FROM codes WHERE parent_id = ? "
            "UNION ALL SELECT c.id, sub.depth + 1 FROM codes c JOIN sub ON c.parent_id = sub.id) "
            "SELECT id FROM sub ORDER BY depth DESC, id",
            (code_id,),
        )
        return [row[0] for row in rows]

    def code_tree(
        self, *, include_suggestions: bool = False, coder: str | None = None
    ) -> list[CodeNode]:
        """The codebook as a tree, each node with its own and its subtree's coding count
        (reviewed codings, of ``coder`` or of all; pending suggestions when asked)."""
        counts = self.code_counts(include_suggestions=include_suggestions, coder=coder)
        paths = self.code_paths()
        nodes: dict[int, CodeNode] = {}
        roots: list[CodeNode] = []
        for code in self.codes():  # parents come first
            parent = nodes.get(code.parent_id) if code.parent_id is not None else None
            node = CodeNode(
                code,
                paths[code.id],
                0 if parent is None else parent.depth + 1,
                counts.get(code.id, 0),
            )
            nodes[code.id] = node
            (parent.children if parent else roots).append(node)

        def total(node: CodeNode) -> int:
            node.total = node.count + sum(total(child) for child in node.children)
            return node.total

        for root in roots:
            total(root)
        return roots

    # -- changing --------------------------------------------------------------------------

    def _check_sibling_free(
        self, tx: Transaction, parent_id: int | None, name: str, exclude: int | None = None
    ) -> None:
        clash = tx.execute(
            "SELECT id FROM codes WHERE COALESCE(parent_id, 0) = ? AND name = ? COLLATE NOCASE AND id != ?",
            (parent_id or 0, name, exclude or 0),
        ).fetchone()
        if clash:
            where = (
                "at the top level" if parent_id is None else f"under '{self.code_path(parent_id)}'"
            )
            raise CoderError(f"a code named '{name}' already exists {where}")

    def _insert_code(self, tx: Transaction, spec: CodeSpec, parent_id: int | None) -> int:
        name = check_code_name(spec.name)
        if (
            parent_id is not None
            and tx.execute("SELECT 1 FROM codes WHERE id = ?", (parent_id,)).fetchone() is None
        ):
            raise CoderError(f"no code with id {parent_id}")
        self._check_sibling_free(tx, parent_id, name)
        position, total = tx.execute(
            "SELECT COALESCE(MAX(position) + 1, 0), (SELECT COUNT(*) FROM codes) FROM codes "
            "WHERE COALESCE(parent_id, 0) = ?",
            (parent_id or 0,),
        ).fetchone()
        code_id = tx.insert(
            "codes",
            {
                "parent_id": parent_id,
                "name": name,
                "colour": check_colour(spec.colour) or PALETTE[total % len(PALETTE)],
                "definition": spec.definition or "",
                "inclusion": spec.inclusion or "",
                "exclusion": spec.exclusion or "",
                "example": spec.example or "",
                "position": position,
            },
        )
        for child in spec.children:
            self._insert_code(tx, child, code_id)
        return code_id

    def add_code(self, name: str, parent_id: int | None = None, **fields: str | None) -> Code:
        """Add one code (``fields``: colour, definition, inclusion, exclusion, example)."""
        unknown = set(fields) - {"colour", *_TEXT_FIELDS}
        if unknown:
            raise TypeError(f"unknown code fields: {sorted(unknown)}")
        spec = CodeSpec(name=name, **{k: v for k, v in fields.items() if v is not None})  # type: ignore[arg-type]
        with self.write(f"add code '{check_code_name(name)}'") as tx:
            code_id = self._insert_code(tx, spec, parent_id)
        return self.code(code_id)

    def add_codes(
        self, specs: list[CodeSpec], parent_id: int | None = None, description: str = "add codes"
    ) -> list[int]:
        """Add trees of codes in one operation; returns the ids of the top ones."""
        with self.write(description) as tx:
            return [self._insert_code(tx, spec, parent_id) for spec in specs]

    def update_code(self, code_id: int, **fields: str | None) -> Code:
        """Change a code's name, colour, definition, inclusion, exclusion or example."""
        unknown = set(fields) - {"name", "colour", *_TEXT_FIELDS}
        if unknown:
            raise TypeError(f"unknown code fields: {sorted(unknown)}")
        code = self.code(code_id)
        values: dict[str, object] = {}
        if "name" in fields:
            values["name"] = check_code_name(fields["name"] or "")
        if "colour" in fields:
            values["colour"] = check_colour(fields["colour"]) or code.colour
        for key in _TEXT_FIELDS:
            if key in fields:
                values[key] = fields[key] or ""
        with self.write(f"edit code '{code.name}'") as tx:
            if "name" in values:
                self._check_sibling_free(tx, code.parent_id, str(values["name"]), exclude=code_id)
            tx.update("codes", code_id, values)
        return self.code(code_id)

    def rename_code(self, code_id: int, name: str) -> Code:
        return self.update_code(code_id, name=name)

    def move_code(self, code_id: int, parent_id: int | None) -> Code:
        """Move a code (with its subtree) under another parent, or to the top with ``None``."""
        code = self.code(code_id)
        if parent_id is not None and (
            parent_id == code_id or parent_id in self.descendants(code_id)
        ):
            raise CoderError(f"cannot move '{code.name}' into itself or one of its subcodes")
        with self.write(f"move code '{code.name}'") as tx:
            if (
                parent_id is not None
                and tx.execute("SELECT 1 FROM codes WHERE id = ?", (parent_id,)).fetchone() is None
            ):
                raise CoderError(f"no code with id {parent_id}")
            self._check_sibling_free(tx, parent_id, code.name, exclude=code_id)
            position = tx.execute(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM codes WHERE COALESCE(parent_id, 0) = ?",
                (parent_id or 0,),
            ).fetchone()[0]
            tx.update("codes", code_id, {"parent_id": parent_id, "position": position})
        return self.code(code_id)

    def merge_codes(self, source_id: int, target_id: int) -> int:
        """Merge ``source`` into ``target``: its codings, subcodes and memos move along.

        Returns the number of codings that moved. A coding that would duplicate one the
        target already has (same document, span and coder) is dropped.
        """
        source, target = self.code(source_id), self.code(target_id)
        if source_id == target_id or target_id in self.descendants(source_id):
            raise CoderError(f"cannot merge '{source.name}' into itself or one of its subcodes")
        with self.write(f"merge code '{source.name}' into '{target.name}'") as tx:
            return self._merge(tx, source_id, target_id)

    def _merge(self, tx: Transaction, source_id: int, target_id: int) -> int:
        moved = 0
        rows = tx.execute(
            'SELECT id, document_id, start, "end", coder_id FROM codings WHERE code_id = ?',
            (source_id,),
        ).fetchall()
        for coding_id, document_id, start, end, coder_id in rows:
            duplicate = tx.execute(
                'SELECT 1 FROM codings WHERE code_id = ? AND document_id = ? AND start = ? AND "end" = ? '
                "AND coder_id = ?",
                (target_id, document_id, start, end, coder_id),
            ).fetchone()
            if duplicate:
                self._delete_coding_rows(tx, [coding_id])
            else:
                tx.update("codings", coding_id, {"code_id": target_id})
                moved += 1
        for (memo_id,) in tx.execute(
            "SELECT id FROM memos WHERE target_kind = 'code' AND target_id = ?", (source_id,)
        ).fetchall():
            tx.update("memos", memo_id, {"target_id": target_id})
        for (rejection_id,) in tx.execute(
            "SELECT id FROM rejections WHERE code_id = ?", (source_id,)
        ).fetchall():
            tx.update("rejections", rejection_id, {"code_id": target_id})
        for child in self.children(source_id):
            clash = tx.execute(
                "SELECT id FROM codes WHERE parent_id = ? AND name = ? COLLATE NOCASE",
                (target_id, child.name),
            ).fetchone()
            if clash:
                moved += self._merge(tx, child.id, clash[0])
            else:
                position = tx.execute(
                    "SELECT COALESCE(MAX(position) + 1, 0) FROM codes WHERE parent_id = ?",
                    (target_id,),
                ).fetchone()[0]
                tx.update("codes", child.id, {"parent_id": target_id, "position": position})
        tx.delete("codes", source_id)
        return moved

    def delete_code(self, code_id: int) -> int:
        """Delete a code, its subcodes, their codings and memos; returns the codings removed."""
        code = self.code(code_id)
        removed = 0
        with self.write(f"delete code '{code.name}'") as tx:
            for doomed in [*self.descendants(code_id), code_id]:
                coding_ids = [
                    r[0]
                    for r in tx.execute(
                        "SELECT id FROM codings WHERE code_id = ?", (doomed,)
                    ).fetchall()
                ]
                self._delete_coding_rows(tx, coding_ids)
                removed += len(coding_ids)
                for (memo_id,) in tx.execute(
                    "SELECT id FROM memos WHERE target_kind = 'code' AND target_id = ?", (doomed,)
                ).fetchall():
                    tx.delete("memos", memo_id)
                for (rejection_id,) in tx.execute(
                    "SELECT id FROM rejections WHERE code_id = ?", (doomed,)
                ).fetchall():
                    tx.delete("rejections", rejection_id)
                tx.delete("codes", doomed)
        return removed

    def _delete_coding_rows(self, tx: Transaction, coding_ids: list[int]) -> None:
        """Delete codings with the memos attached to them (recorded, so undoable)."""
        for coding_id in coding_ids:
            for (memo_id,) in tx.execute(
                "SELECT id FROM memos WHERE target_kind = 'coding' AND target_id = ?", (coding_id,)
            ).fetchall():
                tx.delete("memos", memo_id)
            tx.delete("codings", coding_id)
