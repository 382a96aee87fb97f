"""Memos from the coding screen: on a turn, on the document, on one coding.

A mixin of :class:`~coder.tui.screens.coding.CodingScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coder.tui.i18n import t

if TYPE_CHECKING:
    from coder.store import Project
    from coder.tui.app import CodeertafelApp
    from coder.tui.widgets.transcript import TranscriptView


class MemosMixin:
    if TYPE_CHECKING:
        document_id: int | None
        project: Project
        codeertafel: CodeertafelApp

        @property
        def transcript(self) -> TranscriptView: ...
        def _pick_coding(self, title: str, then: Any) -> None: ...

    def action_memo_coding(self) -> None:
        from coder.tui.screens.dialogs import MemoScreen

        def picked(coding_id: int | None) -> None:
            if coding_id is None:
                return
            coding = self.project.coding(coding_id)

            def written(text: str | None) -> None:
                if text is not None and text.strip() != coding.memo.strip():
                    self.codeertafel.act(self.project.set_coding_memo, coding_id, text.strip())

            path = self.project.code_path(coding.code_id)
            self.codeertafel.push_screen(
                MemoScreen(t("memo.coding_title", code=path), coding.memo), written
            )

        self._pick_coding(t("picker.memo_title"), picked)

    def _edit_memo(self, kind: str, target_id: int, title: str) -> None:
        from coder.tui.screens.dialogs import MemoScreen

        existing = self.project.memos(kind, target_id)
        memo = existing[0] if existing else None

        def written(text: str | None) -> None:
            if text is None:
                return
            if memo is None:
                if text.strip():
                    self.codeertafel.act(self.project.add_memo, kind, target_id, text.strip())
            elif not text.strip():
                self.codeertafel.act(self.project.delete_memo, memo.id)
            elif text.strip() != memo.text:
                self.codeertafel.act(self.project.update_memo, memo.id, text.strip())

        self.codeertafel.push_screen(MemoScreen(title, memo.text if memo else ""), written)

    def action_memo_turn(self) -> None:
        row = self.transcript.current
        if row is not None:
            self._edit_memo(
                "segment",
                row.segment_id,
                t("memo.turn_title", turn=row.index + 1, speaker=row.speaker or "—"),
            )

    def action_memo_document(self) -> None:
        if self.document_id is not None:
            name = self.project.document(self.document_id).name
            self._edit_memo("document", self.document_id, t("memo.document_title", document=name))
