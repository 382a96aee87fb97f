"""The interface language: one message catalogue per language, one lookup function.

Catalogues are flat JSON files in ``locale/`` (``nl.json`` is the reference). Code asks
for a message by key with :func:`t`; binding descriptions are keys too and are
translated when a screen is made (:func:`localise_bindings`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
_LOCALE = Path(__file__).parent / "locale"
_current = DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    with (_LOCALE / f"{language}.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language '{language}' (choose {', '.join(LANGUAGES)})")
    _current = language


def language() -> str:
    return _current


def t(key: str, **values: Any) -> str:
    """The message ``key`` in the current language, with ``{placeholders}`` filled in.

    An unknown key is shown as itself, so a missing message is visible, not fatal.
    """
    text = catalogue(_current).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text


def localise_bindings(node: Any) -> None:
    """Translate the descriptions of a DOM node's bindings (they are catalogue keys).

    Textual merges ``BINDINGS`` per class; we translate the node's own copy, so the
    footer, the help screen and the command palette show the current language.
    """
    from textual.binding import BindingsMap

    merged = type(node)._merged_bindings
    if merged is None:
        return
    keys = {
        key: [
            replace(
                b,
                description=t(b.description) if b.description else "",
                tooltip=t(b.tooltip) if b.tooltip else "",
            )
            for b in bindings
        ]
        for key, bindings in merged.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
