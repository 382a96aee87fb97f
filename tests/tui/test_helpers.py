"""Unit tests of the workbench's plain helpers, catalogues and views queries (no terminal)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coder.store import Code, Coding, Project, Segment
from coder.tui import i18n
from coder.tui.model import bar, build_turn_rows, favourites, format_time, fuzzy_filter, fuzzy_score
from coder.tui.screens.documents import files_to_import, row_matches

TUI = Path(__file__).parents[2] / "coder" / "tui"


def test_catalogues_have_the_same_keys() -> None:
    nl = json.loads((TUI / "locale" / "nl.json").read_text(encoding="utf-8"))
    en = json.loads((TUI / "locale" / "en.json").read_text(encoding="utf-8"))
    assert set(nl) == set(en)
    for key in nl:  # the same placeholders in both languages
        assert set(re.findall(r"{(\w+)}", nl[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_message_used_in_the_code_is_in_the_catalogue() -> None:
    nl = json.loads((TUI / "locale" / "nl.json").read_text(encoding="utf-8"))
    used: set[str] = set()
    for source in TUI.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\("([a-z_.]+)"', text))
        used |= set(re.findall(r'"(bind\.[a-z_]+)"', text))
    assert used, "no messages found"
    assert sorted(used - set(nl)) == []


def test_t_fills_placeholders_and_switches_language() -> None:
    try:
        i18n.set_language("en")
        assert i18n.t("coding.progress", coded=3, total=5) == "3/5 turns coded"
        i18n.set_language("nl")
        assert i18n.t("coding.progress", coded=3, total=5) == "3/5 beurten gecodeerd"
        assert i18n.t("no.such.key") == "no.such.key"
        with pytest.raises(ValueError):
            i18n.set_language("fr")
    finally:
        i18n.set_language("nl")


def test_format_time() -> None:
    assert format_time(None) == ""
    assert format_time(65.4) == "01:05"
    assert format_time(3725) == "1:02:05"


def test_bar_scales_to_width() -> None:
    assert bar(10, 10, 5) == "█████"
    assert bar(0, 10, 5) == ""
    assert bar(1, 1000, 5) == "▏"  # something shows for any non-zero value
    assert len(bar(5, 10, 10)) == 5


def test_fuzzy_match_prefers_the_code_name() -> None:
    paths = [
        "Knelpunten",
        "Knelpunten/Wachttijden",
        "Werkzame factoren/Vaste contactpersoon",
        "Thema's/Wachten op de wijk",
    ]
    assert [paths[i] for i in fuzzy_filter("wacht", paths)][:1] == ["Knelpunten/Wachttijden"]
    assert fuzzy_score("xyz", "Knelpunten") is None
    assert fuzzy_filter("", paths) == [0, 1, 2, 3]
    assert paths[fuzzy_filter("vcp", paths)[0]] == "Werkzame factoren/Vaste contactpersoon"


def test_build_turn_rows_maps_codings_to_turns() -> None:
    text = "A: een twee\n\nB: drie vier\n\nC: vijf"
    segments = [
        Segment(1, 1, 0, "A", 3, 11),
        Segment(2, 1, 1, "B", 16, 25),
        Segment(3, 1, 2, "C", 30, 34),
    ]
    codes = {7: Code(7, None, "Wacht", "#FF0000"), 8: Code(8, None, "Regie", None)}
    codings = [
        Coding(1, 1, 3, 25, 7, "x", "t"),  # turns A and B, whole
        Coding(2, 1, 19, 23, 8, "x", "t", memo="hm"),  # part of B
    ]
    rows = build_turn_rows(text, segments, codings, codes, {7: "Wacht", 8: "Regie"}, {2: 1})
    assert [row.text for row in rows] == ["een twee", "drie vier", "vijf"]
    assert [c.code_id for c in rows[0].codes] == [7]
    assert [(c.code_id, c.whole) for c in rows[1].codes] == [(7, True), (8, False)]
    assert rows[1].codes[1].memo == "hm" and rows[1].memos == 1
    assert rows[1].spans[1] == (3, 7, "#888888")
    assert rows[2].codes == ()


def test_turn_entries_offer_only_open_suggestions() -> None:
    """The panel keeps to coder.suggest.open_suggestions: a code the turn carries, or one
    a researcher rejected there, is not offered; one line per code, strongest first."""
    from coder.store.learning import Rejection
    from coder.suggest.open_rule import DEFINITION, MODEL, Suggestion, UnitSuggestions
    from coder.suggest.units import Unit
    from coder.tui.suggesting import turn_entries

    text = "A: een twee\n\nB: drie vier"
    segments = [Segment(1, 1, 0, "A", 3, 11), Segment(2, 1, 1, "B", 16, 25)]
    codes = {n: Code(n, None, f"Code {n}", None) for n in (7, 8, 9, 10)}
    paths = {n: f"Code {n}" for n in codes}
    codings = [Coding(1, 1, 3, 11, 7, "x", "t")]  # turn A carries code 7
    rows = build_turn_rows(text, segments, codings, codes, paths)

    def unit(index: int, start: int, end: int) -> Unit:
        return Unit(1, index, start, end, None, "", text[start:end], "", "")

    suggested = [
        UnitSuggestions(
            unit(0, 3, 11),
            [
                Suggestion(7, 0.9, MODEL, True),  # carried already
                Suggestion(8, 0.8, MODEL, True),  # rejected here
                Suggestion(9, 0.2, DEFINITION, False),
                Suggestion(10, 0.6, MODEL, True),
            ],
        ),
        UnitSuggestions(unit(1, 16, 25), [Suggestion(8, 0.7, MODEL, True)]),
    ]
    rejections = [Rejection(1, 1, 3, 11, 8, "x", "t")]
    entries = turn_entries(rows[0], 1, suggested, codings, rejections, codes, paths)
    assert [(e.code_id, e.kind) for e in entries] == [(10, MODEL), (9, DEFINITION)]
    assert not any(e.partial for e in entries)
    # the rejection of code 8 in turn A does not reach turn B
    assert [
        e.code_id for e in turn_entries(rows[1], 1, suggested, codings, rejections, codes, paths)
    ] == [8]


def test_a_pending_auto_tagged_coding_brings_its_stored_reason() -> None:
    from coder.suggest.reasons import Example, Explanation, encode_reason
    from coder.tui.suggesting import CODING, turn_entries
    from coder.tui.widgets.suggestions import reason_lines

    text = "A: een twee"
    segments = [Segment(1, 1, 0, "A", 3, 11)]
    codes = {7: Code(7, None, "Code 7", None)}
    paths = {7: "Code 7"}
    why = Explanation(("twee",), (Example("Gesprek", "drie twee", 0.7),), 0.12)
    codings = [
        Coding(1, 1, 3, 11, 7, "model", "t", "", "model", 0.8, "suggested", encode_reason(why))
    ]
    rows = build_turn_rows(text, segments, codings, codes, paths)
    [entry] = turn_entries(rows[0], 1, [], codings, [], codes, paths)
    assert entry.kind == CODING and entry.why == why
    assert reason_lines(entry) == [
        "woorden: twee",
        "lijkt op: “drie twee” (Gesprek)",
        "het transcript eromheen: +12 procentpunt",
    ]


def test_favourites_put_pinned_codes_first(project_path: Path) -> None:
    with Project.open(project_path) as project:
        tree = project.code_tree()
        vast = project.find_code("Vaste contactpersoon").id
        assert [n.code.name for n in favourites(tree, [])] == [
            "Wachttijden",
            "Communicatie tussen hulpverleners",
            "Vaste contactpersoon",
        ]
        assert [n.code.name for n in favourites(tree, [vast, 999], limit=2)] == [
            "Vaste contactpersoon",
            "Wachttijden",
        ]


def test_document_filter_and_import_paths(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path) as project:
        summaries = project.document_summaries()
    assert [s.document.name for s in summaries if row_matches(s, "region=hoograven")] == [
        "Dialoogtafel Hoograven"
    ]
    assert len([s for s in summaries if row_matches(s, "")]) == 2
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "a.txt").write_text("x")
    (folder / "b.pdf").write_text("x")
    assert files_to_import(f"{folder}; {tmp_path / 'c.vtt'}") == [
        folder / "a.txt",
        tmp_path / "c.vtt",
    ]


def test_views_queries(store: Project) -> None:
    document = store.document("Dialoogtafel Hoograven")
    turns = store.segments(document.id)
    wacht = store.find_code("Wachttijden").id
    store.add_coding(document.id, turns[1].start, turns[1].start + 10, wacht)
    store.add_memo("segment", turns[1].id, "memo")
    assert store.memo_counts_by_segment(document.id) == {turns[1].id: 1}
    assert store.code_document_counts() == {(wacht, document.id): 1}
    [quote] = store.quotes([wacht])
    assert (quote.segment_index, quote.speaker, quote.text) == (1, "Moeder", "We moesten")


def test_tui_command_imports_textual_only_when_run() -> None:
    code = "import sys, coder.cli.tui; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_tui_command_help() -> None:
    code = "import coder.cli.tui; from coder.cli import main; main()"
    out = subprocess.run(
        [sys.executable, "-c", code, "tui", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "--lang" in out.stdout


def test_operation_descriptions_are_translated() -> None:
    from coder.tui.app import describe_operation

    assert describe_operation("apply code 'Wachttijden'") == "code toepassen 'Wachttijden'"
    assert describe_operation("remove coding") == "codering weghalen"
    assert describe_operation("something new") == "something new"


def test_the_workbench_imports_refi_projects(project_path: Path, tmp_path: Path) -> None:
    """One import for both faces: a REFI-QDA project goes in from the workbench's list."""
    from coder.exchange.refi_write import write_qdpx
    from coder.ingest.importing import import_paths
    from coder.tui.screens.documents import files_to_import

    exported = tmp_path / "collega.qdpx"
    with Project.open(project_path) as source:
        write_qdpx(source, exported, force=False)
        before = len(source.documents())
    target = tmp_path / "leeg.ctdb"
    Project.create(target).close()
    assert files_to_import(str(tmp_path)) == [exported]  # found in a folder
    with Project.open(target) as project:
        [outcome] = import_paths(project, [exported])
        assert outcome.error is None and outcome.summary
        assert len(project.documents()) == before
