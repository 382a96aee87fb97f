"""Issue #13: every face shows user text through the safe paths, also in new code.

The behaviour is tested with hostile projects elsewhere (tests/tui/test_hostile_text.py,
tests/cli/test_hostile_output.py, tests/export/test_hostile_exports.py); these checks
keep new code on the same paths: a new widget made the plain Textual way, or a new
``typer.echo``, would bypass them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coder.text_safety import display_text

ROOT = Path(__file__).resolve().parents[2] / "coder"

# Textual widgets that read a str as markup, and their safe wrappers in widgets/plain.py
MARKUP_WIDGETS = re.compile(
    r"(?<![\w.])(Label|Static|DataTable|OptionList|Select|Tree)(\[[^\]]*\])?\("
)
MARKUP_PARSERS = re.compile(r"\b(Text|Content)\.from_markup\(|markup=True")


def sources(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", sources("tui"), ids=lambda p: p.name)
def test_workbench_makes_widgets_that_never_parse_markup(path: Path) -> None:
    if path.name == "plain.py":
        return
    text = path.read_text(encoding="utf-8")
    assert not MARKUP_WIDGETS.findall(text), "use the widgets of coder/tui/widgets/plain.py"
    assert not MARKUP_PARSERS.search(text)


@pytest.mark.parametrize("path", sources("cli"), ids=lambda p: p.name)
def test_every_command_prints_through_the_safe_echo(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name != "common.py":
        assert "typer.echo(" not in text and "typer.secho(" not in text
    assert not re.search(r"(?<![\w.])print\(", text)
    assert "ensure_ascii=False" not in text, "print JSON with text_safety.terminal_json"


def test_spreadsheets_are_written_in_one_place() -> None:
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "spreadsheet.py":
            continue
        text = path.read_text(encoding="utf-8")
        writers = r"\bto_csv\(|\bto_excel\(|csv\.(Dict)?[wW]riter\(|Workbook\("
        assert not re.search(writers, text), path


def test_display_text_keeps_positions_and_makes_controls_visible() -> None:
    text = "Gesprek\x1b[2J\x07 \u202eomgekeerd\u2069\x9b\tmet tab\nen regel"
    shown = display_text(text)
    assert len(shown) == len(text)
    assert shown == "Gesprek␛[2J␇ �omgekeerd��\tmet tab\nen regel"
    assert display_text("één ’t café [lacht]") == "één ’t café [lacht]"
