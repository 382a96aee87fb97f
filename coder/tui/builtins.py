"""Textual's own words in the interface language: the palette's system commands (Theme,
Quit, Keys, Maximize, Screenshot, …), its placeholders, and the key hints of Textual's
widgets (an open drop-down's "esc Dismiss menu").

Textual writes these in English; they are looked up here by their English text, so a
string Textual adds later simply stays English until it is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from coder.tui.i18n import t

if TYPE_CHECKING:
    from textual.app import SystemCommand

# Textual's English text -> our catalogue key
TEXTUAL_TEXT = {
    "Search for commands…": "textual.search_commands",
    "Search for themes…": "textual.search_themes",
    "Theme": "textual.theme",
    "Change the current theme": "textual.theme.help",
    "Quit": "textual.quit",
    "Quit the application as soon as possible": "textual.quit.help",
    "Keys": "textual.keys",
    "Show help for the focused widget and a summary of available keys": "textual.keys.show",
    "Hide the keys and widget help panel": "textual.keys.hide",
    "Maximize": "textual.maximize",
    "Maximize the focused widget": "textual.maximize.help",
    "Minimize": "textual.minimize",
    "Minimize the widget and restore to normal size": "textual.minimize.help",
    "Screenshot": "textual.screenshot",
    "Save an SVG 'screenshot' of the current screen": "textual.screenshot.help",
    "Dismiss menu": "textual.dismiss_menu",
    "Exit the command palette": "textual.exit_palette",
}


def textual_text(english: str) -> str:
    """Textual's ``english`` text in the interface language (as it is when not listed)."""
    key = TEXTUAL_TEXT.get(english)
    return t(key) if key else english


def system_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's system commands with their titles and help in the interface language."""
    for command in commands:
        yield command._replace(title=textual_text(command.title), help=textual_text(command.help))


def localise_textual_bindings(node: Any) -> None:
    """The descriptions of a Textual widget's or screen's own bindings in the interface
    language (the footer and the keys panel show them)."""
    from textual.binding import BindingsMap

    keys = {
        key: [replace(b, description=textual_text(b.description)) for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
