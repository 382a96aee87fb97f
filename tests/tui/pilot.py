"""Shared moves for Pilot-driven app tests: wait for work, run a palette command."""

from __future__ import annotations

from textual.command import CommandList

from coder.tui.app import CodeertafelApp

SIZE = (120, 40)


async def settle(app: CodeertafelApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the background work (suggestions, training, clustering) is done and shown."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def palette(app: CodeertafelApp, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    """Open the command palette, type ``query`` and run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    for _ in range(50):  # the palette searches in the background
        await pilot.pause(0.1)
        if app.screen.query_one(CommandList).option_count:
            break
    await pilot.press("enter")
    await pilot.pause()
