"""Changing a document after its import: its name, attributes and a turn's text, or
deleting it. Each is one undoable operation: deleting takes every row of the document
with it (turns, codings, memos, rejections, attributes, analyses, search rows and the
embeddings only it had) into the undo log, so undo brings all of them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from coder.errors import CoderError, NameTaken
from coder.store.base import StoreBase
from coder.store.oplog import Transaction
from coder.store.records import Coding


@dataclass(frozen=True)
class TextEdit:
    """Document text ``[start, end)`` replaced by ``replacement``."""

    start: int
    end: int
    replacement: str

    @property
    def delta(self) -> int:
        return len(self.replacement) - (self.end - self.start)

    def moved_start(self, position: int) -> int:
        """Where a span that started at ``position`` starts after the edit."""
        if position <= self.start:
            return position
        if position >= self.end:
            return position + self.delta
        return self.start  # inside the replaced text: from the replacement on

    def moved_end(self, position: int) -> int:
        """Where a span that ended at ``position`` ends after the edit."""
        if position <= self.start:
            return position
        if position >= self.end:
            return position + self.delta
        return self.start + len(self.replacement)  # inside: up to the replacement's end

    def cuts(self, start: int, end: int) -> bool:
        """Whether a span ``[start, end)`` has an edge inside the replaced text (or lies
        wholly in it): the edit changes which words it covers."""
        edge_inside = self.start < start < self.end or self.start < end < self.end
        wholly_in = self.start <= start and end <= self.end and self.end > self.start
        return edge_inside or wholly_in


def text_edit(old: str, new: str, offset: int) -> TextEdit:
    """The smallest replacement that turns ``old`` (at ``offset`` of its document) into
    ``new``: what the common beginning and end leave."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return TextEdit(offset + prefix, offset + len(old) - suffix, new[prefix : len(new) - suffix])


@dataclass(frozen=True)
class TurnEdit:
    """What correcting a turn did to the codings of its document."""

    edit: TextEdit
    moved: int  # codings after the edit, moved along with the text
    cut: list[Coding]  # codings the edit cut into, as they were before it
    removed: list[Coding]  # codings that lay wholly inside the replaced text: gone


class EditingMixin(StoreBase):
    coding: Callable[[int], Coding]  # provided by CodingsMixin (an annotation: no shadowing)

    def rename_document(self, document_id: int, name: str) -> None:
        name = name.strip()
        if not name:
            raise CoderError("a document needs a name")
        with self.write(f"rename document '{name}'") as tx:
            _check_document(tx, document_id)
            clash = tx.execute(
                "SELECT 1 FROM documents WHERE name = ? AND id != ?", (name, document_id)
            ).fetchone()
            if clash:
                raise NameTaken(f"a document named '{name}' already exists")
            tx.update("documents", document_id, {"name": name})

    def set_attribute(self, document_id: int, key: str, value: str | None) -> None:
        """Set (or with ``None`` remove) a document attribute such as region or setting."""
        self.set_attributes(document_id, {key: value})

    def set_attributes(self, document_id: int, changes: Mapping[str, str | None]) -> None:
        """Set attributes (any key) and remove those given as ``None``, in one operation."""
        cleaned: dict[str, str | None] = {}
        for key, value in changes.items():
            key = " ".join(key.split())
            if not key:
                raise CoderError("an attribute needs a name")
            if "=" in key:
                raise CoderError(f"attribute name '{key}' may not contain '='")
            cleaned[key] = None if value is None else value.strip()
        with self.write("edit attributes") as tx:
            _check_document(tx, document_id)
            for key, value in cleaned.items():
                image = (
                    None
                    if value is None
                    else {"document_id": document_id, "key": key, "value": value}
                )
                tx.put("document_attributes", [document_id, key], image)

    def attribute_keys(self) -> list[str]:
        """Every attribute key of the project's documents, the most used first."""
        rows = self._query(
            "SELECT key FROM document_attributes GROUP BY key "
            "ORDER BY COUNT(*) DESC, key COLLATE NOCASE"
        )
        return [row[0] for row in rows]

    def delete_document(self, document_id: int, embedding_keys: Iterable[str] = ()) -> None:
        """Delete a document with everything of it, as one undoable operation.

        ``embedding_keys``: the text hashes of vectors only this document had (the
        caller knows the hashing rule; vectors other texts share stay).
        """
        row = self._query_one("SELECT name FROM documents WHERE id = ?", (document_id,))
        if row is None:
            raise CoderError(f"no document with id {document_id}")
        with self.write(f"delete document '{row[0]}'") as tx:
            # Children before their parents, so undo (in reverse) restores parents first.
            turns = "target_id IN (SELECT id FROM segments WHERE document_id = ?)"
            codings = "target_id IN (SELECT id FROM codings WHERE document_id = ?)"
            tx.delete_where("memos", f"target_kind = 'segment' AND {turns}", (document_id,))
            tx.delete_where("memos", f"target_kind = 'coding' AND {codings}", (document_id,))
            tx.delete_where("memos", "target_kind = 'document' AND target_id = ?", (document_id,))
            tx.delete_where("codings", "document_id = ?", (document_id,))
            tx.delete_where("rejections", "document_id = ?", (document_id,))
            tx.delete_where(
                "search_turns",
                "rowid IN (SELECT id FROM segments WHERE document_id = ?)",
                (document_id,),
            )
            tx.delete_where("search_state", "document_id = ?", (document_id,))
            tx.delete_where("analyses", "document_id = ?", (document_id,))
            for key in dict.fromkeys(embedding_keys):
                tx.delete_where("embeddings", "text_sha256 = ?", (key,))
            tx.delete_where("document_attributes", "document_id = ?", (document_id,))
            tx.delete_where("segments", "document_id = ?", (document_id,))
            tx.delete("documents", document_id)

    def edit_turn_text(self, segment_id: int, text: str) -> TurnEdit:
        """Replace the text of one turn (a typo, a misheard word), as one undoable step.

        Codings, rejections and turns after the change move with the text; a coding the
        change cuts into keeps what is left of it (and is reported), one that lay wholly
        in the replaced words is removed (and reported). The search rows of the document
        are dropped by a trigger and rebuilt by the next search; cached analyses and
        embeddings are keyed by the text they were made from, so they are remade.
        """
        if not text.strip():
            raise CoderError("a turn needs text (the corrected text is empty)")
        if "\x00" in text:
            raise CoderError("the corrected text contains NUL characters")
        found = self._query_one(
            'SELECT document_id, start, "end" FROM segments WHERE id = ?', (segment_id,)
        )
        if found is None:
            raise CoderError(f"no turn with id {segment_id}")
        document_id, turn_start, turn_end = found
        with self.write("edit turn text") as tx:
            (document_text,) = tx.execute(
                "SELECT text FROM documents WHERE id = ?", (document_id,)
            ).fetchone()
            edit = text_edit(document_text[turn_start:turn_end], text, turn_start)
            if edit.start == edit.end and not edit.replacement:
                return TurnEdit(edit, 0, [], [])
            new_text = document_text[: edit.start] + edit.replacement + document_text[edit.end :]
            tx.update("documents", document_id, {"text": new_text})
            moved, cut, removed = self._move_spans(tx, "codings", document_id, edit)
            self._move_spans(tx, "rejections", document_id, edit)
            for seg_id, start, end in tx.execute(
                'SELECT id, start, "end" FROM segments WHERE document_id = ? AND "end" >= ?',
                (document_id, edit.start),
            ).fetchall():
                new_start, new_end = edit.moved_start(start), edit.moved_end(end)
                if (new_start, new_end) != (start, end):
                    tx.update(
                        "segments", seg_id, {"start": new_start, "end": max(new_start, new_end)}
                    )
        return TurnEdit(edit, moved, cut, removed)

    def _move_spans(
        self, tx: Transaction, table: str, document_id: int, edit: TextEdit
    ) -> tuple[int, list[Coding], list[Coding]]:
        moved = 0
        cut: list[Coding] = []
        removed: list[Coding] = []
        for row_id, start, end in tx.execute(
            f'SELECT id, start, "end" FROM {table} WHERE document_id = ? AND "end" >= ?',
            (document_id, edit.start),
        ).fetchall():
            new_start, new_end = edit.moved_start(start), edit.moved_end(end)
            is_cut = edit.cuts(start, end)
            if is_cut and table == "codings":
                (cut if new_start < new_end else removed).append(self.coding(row_id))
            if new_start >= new_end:
                if table == "codings":
                    tx.delete_where("memos", "target_kind = 'coding' AND target_id = ?", (row_id,))
                tx.delete(table, row_id)
            elif (new_start, new_end) != (start, end):
                tx.update(table, row_id, {"start": new_start, "end": new_end})
                moved += not is_cut
        return moved, cut, removed


def _check_document(tx: Transaction, document_id: int) -> None:
    if tx.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
        raise CoderError(f"no document with id {document_id}")
