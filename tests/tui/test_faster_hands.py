"""Faster hands: codes beyond nine by number (g and two digits), text spans by word and
by sentence from the keyboard and by dragging the mouse; F1 explains the margin marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from coder.store import Project
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.help import HelpScreen
from coder.tui.screens.span import SpanScreen, extend, units
from tests.tui.fakes import make_app
from tests.tui.pilot import SIZE, settle

TURN = "Ja, dat was fijn. Eindelijk iemand die bleef."  # the last turn of the dialoogtafel


def coded_texts(store: Project, code: str) -> list[str]:
    codings = store.codings(code_ids=[store.find_code(code).id])
    return [store.text(c.document_id)[c.start : c.end] for c in codings]


async def open_dialoogtafel(app, pilot) -> CodingScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def span_of_last_turn(app, pilot, *keys: str) -> str:  # type: ignore[no-untyped-def]
    await open_dialoogtafel(app, pilot)
    await pilot.press("end", "v")
    await pilot.pause()
    assert isinstance(app.screen, SpanScreen)
    await pilot.press(*keys)
    await pilot.pause()
    return app.screen.query_one(TextArea).selected_text


async def code_selection(app, pilot, code: str) -> None:  # type: ignore[no-untyped-def]
    """Enter in the span dialog, then the code picked by typing ``code``."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*code, "enter")
    await settle(app, pilot)


def test_words_and_sentences() -> None:
    assert [TURN[a:b] for a, b in units(TURN, "sentence")] == [
        "Ja, dat was fijn.",
        "Eindelijk iemand die bleef.",
    ]
    quoted = "Hij zei: 'nou ja'?! Dus."
    assert [quoted[a:b] for a, b in units(quoted, "sentence")] == [
        "Hij zei: 'nou ja'?!",
        "Dus.",
    ]
    assert units("het buurt-team", "word") == [(0, 3), (4, 14)]
    # an empty selection takes the whole word it is in; then one word at a time
    assert extend(TURN, 5, 5, "word", 1) == (4, 7)
    assert extend(TURN, 4, 7, "word", 1) == (4, 11)
    assert extend(TURN, 4, 11, "word", -1) == (4, 7)
    assert extend(TURN, 4, 7, "word", -1) == (4, 4)
    assert extend(TURN, 0, 0, "sentence", 1) == (0, 17)
    assert extend(TURN, 0, 17, "sentence", 1) == (0, len(TURN))
    assert extend(TURN, 0, len(TURN), "sentence", -1) == (0, 17)


@pytest.mark.asyncio
async def test_a_sentence_by_keyboard_is_coded(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        assert await span_of_last_turn(app, pilot, "s") == "Ja, dat was fijn."
        await code_selection(app, pilot, "vaste")
        assert coded_texts(store, "Vaste contactpersoon") == ["Ja, dat was fijn."]


@pytest.mark.asyncio
async def test_words_by_keyboard_are_coded(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        # 3 presses for three words (it took one press per character before)
        assert await span_of_last_turn(app, pilot, "shift+right", "w", "w") == "Ja, dat was"
        await pilot.press("b", "S")  # back a word; back a sentence: nothing left
        assert app.screen.query_one(TextArea).selected_text == ""
        await pilot.press("ctrl+shift+right", "ctrl+shift+right", "shift+left")
        selected = app.screen.query_one(TextArea)
        assert selected.selected_text == "Ja, dat was fijn. Eindelijk iemand die bleef"
        await pilot.press("alt+shift+right", "alt+shift+left", "alt+shift+left")
        assert selected.selected_text == "Ja, dat was fijn. Eindelijk iemand die blee"
        await pilot.press("b", "b")
        await code_selection(app, pilot, "vaste")
        assert coded_texts(store, "Vaste contactpersoon") == ["Ja, dat was fijn. Eindelijk iemand"]


@pytest.mark.asyncio
async def test_a_span_by_mouse_drag_is_coded(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await span_of_last_turn(app, pilot)
        area = app.screen.query_one(TextArea)
        left, top = area.gutter.left + area.gutter_width, area.gutter.top
        await pilot.mouse_down(area, offset=(left + 4, top))
        await pilot.hover(area, offset=(left + 11, top))
        await pilot.mouse_up(area, offset=(left + 11, top))
        await pilot.pause()
        assert area.selected_text == "dat was"
        await code_selection(app, pilot, "vaste")
        assert coded_texts(store, "Vaste contactpersoon") == ["dat was"]


@pytest.mark.asyncio
async def test_codes_beyond_nine_by_number(project_path: Path, store: Project) -> None:
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dialoogtafel(app, pilot)
        names = {store.code(c).name: n for c, n in screen.numbers.items()}
        # favourites 1-3 (the leaves), then the other codes in tree order
        assert names == {
            "Wachttijden": 1,
            "Communicatie tussen hulpverleners": 2,
            "Vaste contactpersoon": 3,
            "Knelpunten": 10,
            "Werkzame factoren": 11,
        }
        await pilot.press("down", "g", "1", "1")  # code 11
        await settle(app, pilot)
        assert coded_texts(store, "Werkzame factoren") == [
            "We moesten maanden wachten op hulp, het duurde echt veel te lang."
        ]
        await pilot.press("g", "1", "down")  # another key ends the number: nothing coded
        await pilot.press("1", "2")  # favourites 1 and 2, at once, as always
        await settle(app, pilot)
        assert screen.transcript.current.index == 2
        assert coded_texts(store, "Knelpunten") == []
        assert len(coded_texts(store, "Wachttijden")) == 1
        assert len(coded_texts(store, "Communicatie tussen hulpverleners")) == 1
        await pilot.press("g", "1", "0")
        await settle(app, pilot)
        assert len(coded_texts(store, "Knelpunten")) == 1
        await pilot.press("g", "4", "2")  # no code 42
        await settle(app, pilot)
        assert any("42" in n.message for n in app._notifications)
        assert len(store.codings()) == 4


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ["Tekens in de kantlijn", "code op de hele beurt", "g en de twee cijfers"]),
        ("en", ["Marks in the margin", "code on the whole turn", "g and the two digits"]),
    ],
)
async def test_f1_explains_the_margin_marks(project_path: Path, lang: str, words) -> None:  # type: ignore[no-untyped-def]
    app = make_app(project_path, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialoogtafel(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen.query_one("#help-marks").render())
        for mark in ("■", "▪", "?", "✎"):
            assert f"{mark}  " in legend
        for word in words:
            assert word in legend
        keys = [k for k, _ in app.screen.bindings()]
        assert "g" in keys


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("lang", "size", "shown"),
    [
        ("nl", (80, 24), "g Code nr. 10–99"),
        ("en", (80, 24), "g Code no. 10–99"),
        ("nl", (120, 35), "g Code nr. 10–99"),
    ],
)
async def test_the_footer_shows_g(project_path: Path, lang: str, size, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Codes beyond nine are not a secret of F1: g is in the footer, on screen."""
    from tests.tui.test_hostile_text import screen_text

    app = make_app(project_path, lang=lang)
    async with app.run_test(size=size) as pilot:
        await open_dialoogtafel(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert shown in " ".join(footer.split()), footer
