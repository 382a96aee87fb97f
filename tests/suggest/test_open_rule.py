"""Which suggestions are shown, and which are asked about before they are coded."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.store import Project
from coder.suggest.open_rule import (
    DEFINITION,
    MODEL,
    SHOWN_FROM,
    Suggestion,
    asks_first,
    parse_floor,
    suggestion_floor,
    worth_showing,
)


def test_the_floor_hides_model_guesses_and_definitions_keep_their_own_bar() -> None:
    assert worth_showing(Suggestion(1, 0.15, MODEL, False))
    assert not worth_showing(Suggestion(1, 0.14, MODEL, True))  # under the floor, trusted or not
    assert not worth_showing(Suggestion(1, 0.30, MODEL, True), floor=0.4)
    assert worth_showing(Suggestion(1, 0.05, DEFINITION, True))
    assert not worth_showing(Suggestion(1, 0.5, DEFINITION, False))


def test_coding_a_guess_under_030_or_its_threshold_asks_first() -> None:
    assert asks_first(MODEL, 0.29, True)
    assert asks_first(MODEL, 0.8, False)
    assert not asks_first(MODEL, 0.30, True)
    assert not asks_first(DEFINITION, 0.1, False)  # marked as from the definition instead


@pytest.mark.parametrize(
    ("typed", "value"), [("0.2", 0.2), ("20%", 0.2), (" 25 % ", 0.25), ("0,3", 0.3)]
)
def test_a_floor_as_typed(typed: str, value: float) -> None:
    assert parse_floor(typed, "--floor") == pytest.approx(value)


@pytest.mark.parametrize("typed", ["veel", "1.5", "-0.1", "nan", "1e999", ""])
def test_a_floor_that_is_no_share_is_one_line(typed: str) -> None:
    with pytest.raises(CoderError, match=r"^--floor: .* is not a number between 0 and 1$"):
        parse_floor(typed, "--floor")


def test_the_project_keeps_its_floor_and_ignores_a_damaged_one(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.ctdb")
    assert suggestion_floor(project) == SHOWN_FROM
    project.set_meta("suggestion_floor", "0.25")
    assert suggestion_floor(project) == 0.25
    project.set_meta("suggestion_floor", "__import__('os')")
    assert suggestion_floor(project) == SHOWN_FROM
    project.close()
