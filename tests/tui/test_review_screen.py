"""The Review screen, counting with and without suggestions, coders apart (Pilot, stored rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.store import NewCoding, Project
from coder.store.codings import MODEL_CODER
from coder.tui.screens.coding import CodingScreen
from coder.tui.screens.review import ReviewScreen, parse_confidence
from tests.tui.fakes import make_app
from tests.tui.pilot import SIZE, palette, settle


def suggest(store: Project) -> list[int]:
    """Three suggestions of the model on the dialogue's turns 2-4 and one on the interview."""
    document = store.document("Dialoogtafel Hoograven")
    interview = store.document("Interview Overvecht")
    turns = store.segments(document.id)
    wacht = store.find_code("Wachttijden").id
    vast = store.find_code("Vaste contactpersoon").id
    answer = store.segments(interview.id)[1]
    return store.add_codings(
        [
            NewCoding(
                document.id, turns[1].start, turns[1].end, wacht, "model", 0.9, coder=MODEL_CODER
            ),
            NewCoding(
                document.id, turns[2].start, turns[2].end, wacht, "model", 0.4, coder=MODEL_CODER
            ),
            NewCoding(
                document.id, turns[3].start, turns[3].end, vast, "model", 0.7, coder=MODEL_CODER
            ),
            NewCoding(
                interview.id, answer.start, answer.end, wacht, "model", 0.05, coder=MODEL_CODER
            ),
        ],
        description="auto-tag",
    )


async def show_review(app, pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("f9")
    await settle(app, pilot)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


@pytest.mark.asyncio
async def test_review_accepts_rejects_in_bulk_and_undoes(
    project_path: Path, store: Project
) -> None:
    ids = suggest(store)
    app = make_app(project_path, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_review(app, pilot)
        assert [s.confidence for s in screen.shown] == [0.9, 0.7, 0.4, 0.05]
        assert screen.table.row_count == 4
        await pilot.press("a")  # the most confident
        await settle(app, pilot)
        accepted = store.coding(ids[0])
        assert (accepted.status, accepted.coder, accepted.source) == ("accepted", "anna", "model")
        await pilot.press("r")  # now the first: Vaste contactpersoon, 0.7
        await settle(app, pilot)
        assert store.coding(ids[2]).status == "rejected"
        assert len(store.rejections()) == 1
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert store.coding(ids[2]).status == "suggested" and store.rejections() == []
        assert [s.confidence for s in screen.shown] == [0.7, 0.4, 0.05]

        # Filtered to Wachttijden, from 0.3 up: accept the code from the 0.4 row up.
        await pilot.press("slash", *"wacht", "tab", "tab", *"0,3", "enter")
        await settle(app, pilot)
        assert [s.confidence for s in screen.shown] == [0.4]
        await pilot.press("A")
        await settle(app, pilot)
        assert store.coding(ids[1]).status == "accepted"
        assert store.coding(ids[3]).status == "suggested"  # below the filter: untouched
        assert store.history(1)[0].description == "accept suggestions"


@pytest.mark.asyncio
async def test_the_highlighted_suggestion_says_why(project_path: Path, store: Project) -> None:
    """Auto-tag stores a reason with a coding; the screen shows the highlighted one's."""
    from coder.suggest.reasons import Example, Explanation, encode_reason
    from coder.tui.widgets.plain import TextLabel

    document = store.document("Dialoogtafel Hoograven")
    turns = store.segments(document.id)
    wacht = store.find_code("Wachttijden").id
    why = Explanation(
        ("wachtlijst", "maanden"),
        (Example("Interview Overvecht", "We stonden een half jaar op de [wachtlijst].", 0.81),),
    )
    store.add_codings(
        [
            NewCoding(
                document.id,
                turns[1].start,
                turns[1].end,
                wacht,
                "model",
                0.9,
                coder=MODEL_CODER,
                reason=encode_reason(why),
            ),
            NewCoding(
                document.id, turns[2].start, turns[2].end, wacht, "model", 0.4, coder=MODEL_CODER
            ),
        ],
        description="auto-tag",
    )
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await show_review(app, pilot)
        label = screen.query_one("#review-why", TextLabel)
        shown = str(label.render())
        assert label.display
        assert "woorden: wachtlijst, maanden" in shown
        assert (
            "lijkt op: “We stonden een half jaar op de [wachtlijst].” (Interview Overvecht)"
            in shown
        )
        await pilot.press("down")  # a suggestion without a stored reason
        await settle(app, pilot)
        assert not label.display
        await pilot.press("up")
        await settle(app, pilot)
        assert label.display


@pytest.mark.asyncio
async def test_enter_jumps_to_the_turn_in_its_context(project_path: Path, store: Project) -> None:
    suggest(store)
    app = make_app(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await show_review(app, pilot)
        await pilot.press("down", "enter")  # 0.7: Vaste contactpersoon on turn 4
        await settle(app, pilot)
        assert isinstance(app.screen, CodingScreen)
        assert app.screen.document_id == store.document("Dialoogtafel Hoograven").id
        assert app.screen.transcript.current.index == 3


@pytest.mark.asyncio
async def test_counts_leave_suggestions_out_until_asked(project_path: Path, store: Project) -> None:
    suggest(store)
    app = make_app(project_path, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        documents = app.screen
        title = documents.query_one(".screen-title")
        assert str(title.render()) == "Documenten · codeur anna"  # the active coder, visible
        assert [s.codings for s in documents.summaries] == [0, 0]
        await palette(app, pilot, "Suggesties meetellen")
        await settle(app, pilot)
        assert app.include_suggestions
        assert [s.codings for s in documents.summaries] == [3, 1]
        assert str(title.render()) == "Documenten · codeur anna (met suggesties)"
        await palette(app, pilot, "Codeur wisselen")
        await pilot.press(*"bert", "enter")
        await settle(app, pilot)
        assert str(title.render()) == "Documenten · codeur bert (met suggesties)"
        await pilot.press("f6")
        await settle(app, pilot)
        progress = str(app.screen.query_one("#progress-bars").render())
        assert "Coderingen per codeur" in progress and "model" in progress


@pytest.mark.asyncio
async def test_the_margin_shows_other_coders_only_on_a_toggle(
    project_path: Path, store: Project
) -> None:
    document = store.document("Dialoogtafel Hoograven")
    turn = store.segments(document.id)[1]
    wacht = store.find_code("Wachttijden").id
    store.add_coding(document.id, turn.start, turn.end, wacht, coder="Bert de Vries")
    app = make_app(project_path, coder="anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.open_document(document.id, 1)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        assert screen.rows[1].codes == ()
        await palette(app, pilot, "andere codeurs")
        await settle(app, pilot)
        [code] = screen.rows[1].codes
        assert code.path.endswith("(BdV)")


@pytest.mark.asyncio
async def test_a_favourite_on_a_part_coded_turn_replaces_the_part(
    project_path: Path, store: Project
) -> None:
    document = store.document("Dialoogtafel Hoograven")
    turn = store.segments(document.id)[1]
    app = make_app(project_path, coder="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.open_document(document.id, 1)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        [favourite] = screen.favourite_nodes[:1]
        code_id = favourite.code.id
        store.add_coding(document.id, turn.start, turn.start + 10, code_id, coder="tester")
        app.changed()
        await settle(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        [coding] = store.codings(document_id=document.id, code_ids=[code_id])
        assert (coding.start, coding.end) == (turn.start, turn.end)
        await pilot.press("1")  # again: a no-op with a message
        await settle(app, pilot)
        assert len(store.codings(document_id=document.id, code_ids=[code_id])) == 1


def test_confidence_filter_reads_what_people_type() -> None:
    assert parse_confidence("0,5") == 0.5
    assert parse_confidence("30%") == pytest.approx(0.3)
    assert parse_confidence("") is None and parse_confidence("veel") is None
    assert parse_confidence("7") == 1.0
