"""The command palette: Codeertafel's commands as data naming app actions, and Textual's
own words (system commands, placeholder, key hints) in the interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.actions import parse
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import Select

from coder.tui.app import CodeertafelApp
from coder.tui.builtins import TEXTUAL_TEXT
from coder.tui.commands import COMMANDS
from coder.tui.i18n import catalogue
from coder.tui.screens.export import ExportScreen
from tests.tui.fakes import make_app
from tests.tui.pilot import SIZE, palette, settle


def test_every_palette_command_names_an_action_of_the_app() -> None:
    for command in COMMANDS:
        _, name, _ = parse(command.action)
        assert callable(getattr(CodeertafelApp, f"action_{name}", None)), command


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_palette_text_is_in_the_catalogue(lang: str) -> None:
    keys = {c.title for c in COMMANDS} | {c.help for c in COMMANDS} | set(TEXTUAL_TEXT.values())
    assert sorted(keys - set(catalogue(lang))) == []


async def shown_commands(app: CodeertafelApp, pilot) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """The palette's placeholder and the lines it lists before anything is typed."""
    await pilot.press("ctrl+p")
    listed = app.screen.query_one(CommandList)
    for _ in range(50):  # the providers answer in the background
        await pilot.pause(0.1)
        if listed.option_count > len(COMMANDS):
            break
    assert isinstance(app.screen, CommandPalette)
    lines = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
    return str(app.screen.query_one(CommandInput).placeholder), lines


@pytest.mark.asyncio
async def test_the_palette_speaks_dutch_with_textual_s_own_commands(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        placeholder, lines = await shown_commands(app, pilot)
        assert placeholder == "Opdracht zoeken…"
        titles = [line.split("\n")[0] for line in lines]
        assert {"Thema", "Afsluiten", "Toetsen", "Schermafbeelding"} <= set(titles)
        assert "Transcripten importeren" in titles and "Taal: English" in titles
        english = [line for line in lines for text in TEXTUAL_TEXT if text in line.split("\n")]
        assert english == []
        hints = [b.description for _, b, _, _ in app.screen.active_bindings.values()]
        assert "Het opdrachtenpalet sluiten" in hints and "Exit the command palette" not in hints


@pytest.mark.asyncio
async def test_the_palette_speaks_english_in_english(project_path: Path) -> None:
    app = make_app(project_path, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        placeholder, lines = await shown_commands(app, pilot)
        assert placeholder == "Search for commands…"
        titles = [line.split("\n")[0] for line in lines]
        assert {"Theme", "Quit", "Keys", "Screenshot", "Import transcripts"} <= set(titles)


@pytest.mark.asyncio
async def test_the_theme_picker_asks_in_dutch(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await palette(app, pilot, "thema")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert str(app.screen.query_one(CommandInput).placeholder) == "Thema zoeken…"


@pytest.mark.asyncio
async def test_a_palette_command_runs_its_action(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await palette(app, pilot, "exporteren")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


@pytest.mark.asyncio
@pytest.mark.parametrize(("lang", "hint"), [("nl", "Menu sluiten"), ("en", "Dismiss menu")])
async def test_an_open_drop_down_names_its_key_in_the_interface_language(
    project_path: Path, lang: str, hint: str
) -> None:
    app = make_app(project_path, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")  # the clusters screen chooses what to cluster in a drop-down
        await pilot.pause()
        app.screen.query_one(Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        hints = [b.description for _, b, _, _ in app.screen.active_bindings.values()]
        assert hint in hints
        assert lang == "en" or "Dismiss menu" not in hints
