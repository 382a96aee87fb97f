"""Moving between documents: the coding screen follows the document asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.tui.screens.coding import CodingScreen
from tests.tui.fakes import make_app

pytestmark = pytest.mark.asyncio


async def test_opening_another_document_shows_it(project_path: Path) -> None:
    app = make_app(project_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, CodingScreen)
        assert first.document_id == app.project.document("Dialoogtafel Hoograven").id
        await pilot.press("f2", "down", "enter")  # no data changed, yet another document
        await pilot.pause()
        assert app.screen is first
        assert first.document_id == app.project.document("Interview Overvecht").id
        assert first.transcript.current.text == "Wat vond je van de wachtlijst?"
