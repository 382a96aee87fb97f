"""What the main screens share: translated bindings and reloading after changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.worker import Worker

from coder.store.codings import CodingScope
from coder.tui.i18n import localise_bindings, t
from coder.tui.widgets.plain import TextLabel

if TYPE_CHECKING:
    from coder.store import Project
    from coder.tui.app import CodeertafelApp


class BaseScreen(Screen[None]):
    """A main screen. It redraws from the project when the data changed since it last did."""

    NAME = ""  # the name the app knows the screen by (documents, coding, ...)

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)
        self.data_version = -1

    @property
    def codeertafel(self) -> CodeertafelApp:
        return cast("CodeertafelApp", self.app)

    @property
    def project(self) -> Project:
        return self.codeertafel.project

    @property
    def scope(self) -> CodingScope:
        """Which codings the screen counts: reviewed ones, or with suggestions when toggled."""
        return CodingScope(include_suggestions=self.codeertafel.include_suggestions, coder=None)

    def show_counted(self, title_key: str) -> None:
        """The screen's title with the active coder, marked when the model's suggestions
        are counted too."""
        title = f"{t(title_key)} · {t('app.coder', name=self.project.coder)}"
        if self.codeertafel.include_suggestions:
            title += f" ({t('counted.with_suggestions')})"
        self.query_one(".screen-title", TextLabel).update(title)

    def on_screen_resume(self) -> None:
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        if self.NAME and self.codeertafel.current_name != self.NAME:
            return  # not the screen in front (e.g. composed ahead of use): redraw when shown
        if self.data_version != self.codeertafel.data_version:
            self.data_version = self.codeertafel.data_version
            self.reload()

    def reload(self) -> None:
        """Redraw everything that shows project data."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.codeertafel.report_worker_state(event)
        if event.worker.is_finished:
            self.worker_finished(event.worker)

    def worker_finished(self, worker: Worker) -> None:
        """A worker of this screen ended (done, failed or cancelled)."""
