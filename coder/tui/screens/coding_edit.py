"""Correcting a turn's text from the coding screen (a typo, a misheard word).

A mixin of :class:`~coder.tui.screens.coding.CodingScreen`: the codings move with the
text, and those whose words the correction changed are named in a notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coder.tui.i18n import t

if TYPE_CHECKING:
    from coder.store import Project
    from coder.tui.app import CodeertafelApp
    from coder.tui.widgets.transcript import TranscriptView


class TurnEditMixin:
    if TYPE_CHECKING:
        document_id: int | None
        project: Project
        codeertafel: CodeertafelApp

        @property
        def transcript(self) -> TranscriptView: ...

    def action_correct_turn(self) -> None:
        from coder.documents import correct_turn, describe_changes
        from coder.tui.screens.document_dialogs import TextEditScreen

        row = self.transcript.current if self.document_id is not None else None
        if row is None or self.document_id is None:
            self.codeertafel.notify(t("coding.correct_none"), severity="warning")
            return
        document_id, number = self.document_id, row.index + 1
        segment = self.project.segments(document_id)[row.index]
        old = self.project.text(document_id)[segment.start : segment.end]

        def written(text: str | None) -> None:
            if text is None or text == old:
                return
            correction = self.codeertafel.act(correct_turn, self.project, document_id, number, text)
            if correction is None:
                return
            if not correction.changed:
                self.codeertafel.notify(t("coding.corrected", turn=number))
                return
            lines = [
                line + (t("coding.corrected_removed") if change.removed else "")
                for change, line in zip(
                    correction.changed, describe_changes(correction), strict=True
                )
            ]
            self.codeertafel.notify(
                t("coding.corrected_changes", turn=number, codings="\n".join(lines)),
                severity="warning",
                timeout=15,
            )

        title = t("coding.correct_title", turn=number, speaker=row.speaker or "—")
        self.codeertafel.push_screen(TextEditScreen(title, old, t("coding.correct_hint")), written)
