"""The key footer, rebuilt only when what it shows changes.

Textual's footer rebuilds all its keys whenever the screen says its bindings may have
changed: on focus changes, screen switches, every ``refresh_bindings``. Each rebuild
restyles every key, and opening a document triggered five of them (a third of the
time to open a long transcript). This footer compares what it would show and
rebuilds only when that differs.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: tuple[tuple[str, str, str, bool], ...] | None = None

    @staticmethod
    def _visible(screen: Screen) -> tuple[tuple[str, str, str, bool], ...]:
        return tuple(
            (binding.key, binding.action, binding.description, enabled)
            for (_, binding, enabled, _) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        if not (self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        visible = self._visible(screen)
        if self._bindings_ready and visible == self._shown:
            return
        self._shown = visible
        super().bindings_changed(screen)
