"""Issue #13: names and text from transcripts reach the terminal without escape
sequences, control characters or bidi overrides."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coder.text_safety import markdown_text, terminal_json, terminal_safe
from tests.cli.conftest import run_coder
from tests.hostile import ESCAPE_CODE, ESCAPE_DOCUMENT, make_hostile_project

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_project(tmp_path_factory.mktemp("hostile-cli") / "vijandig.ctdb")


def test_terminal_safe_removes_sequences_controls_and_bidi() -> None:
    assert terminal_safe("Wacht\x1b[2J\x1b]0;titel\x07tijden") == "Wachttijden"
    assert terminal_safe("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\") == "alink"
    assert terminal_safe("\u202eabc\u2066d\u2069") == "abcd"
    assert terminal_safe("x\x9b31m\x00y\x7f") == "x31my"
    assert terminal_safe("regel\r\nregel\tkolom") == "regel\nregel\tkolom"
    assert terminal_safe("naam\nnep regel\tx", one_line=True) == "naam nep regel x"
    # an unterminated window-title string ends at the line's end, not the output's
    assert terminal_safe("a\x1b]0;titel\nvolgende regel") == "a\nvolgende regel"
    assert terminal_safe("één, ’t café — ok") == "één, ’t café — ok"
    assert markdown_text("<b>x</b> & | y\nz") == "&lt;b&gt;x&lt;/b&gt; &amp; \\| y z"


def test_terminal_json_keeps_the_data_but_escapes_it() -> None:
    data = {"naam": ESCAPE_CODE, "café": "één"}
    dumped = terminal_json(data)
    assert not UNSAFE.search(dumped) and "één" in dumped
    assert json.loads(dumped) == data


@pytest.mark.parametrize(
    "args",
    [
        ("codebook",),
        ("codebook", "--json"),
        ("stats",),
        ("stats", "--json"),
        ("history",),
        ("search", "--text", "tab"),
    ],
    ids=lambda args: "-".join(args),
)
def test_cli_output_has_no_terminal_controls(hostile_path: Path, args: tuple[str, ...]) -> None:
    result = run_coder(args[0], hostile_path, *args[1:])
    assert result.code == 0, result.err
    assert result.out.strip()
    assert not UNSAFE.search(result.out), repr(UNSAFE.findall(result.out))
    assert not UNSAFE.search(result.err)


def test_names_are_still_recognisable(hostile_path: Path) -> None:
    tree = run_coder("codebook", hostile_path).out
    assert "Wacht[2J]0;gekaapt[31mtijden" not in tree  # the sequences are gone, not mangled
    assert "Wachttijden" in tree
    stats = run_coder("stats", hostile_path).out
    assert "Gesprek Zuilen" in stats
    data = json.loads(run_coder("stats", hostile_path, "--json").out)
    assert ESCAPE_DOCUMENT in data["documents"]  # JSON keeps the data, escaped


def test_errors_naming_user_text_are_clean(hostile_path: Path) -> None:
    result = run_coder("codebook", "delete", hostile_path, "Nergens\x1b[2J\u202e")
    assert result.code == 1
    assert not UNSAFE.search(result.err) and "Nergens" in result.err


def test_usage_errors_quoting_arguments_are_clean(hostile_path: Path) -> None:
    result = run_coder("codebook", hostile_path, "--bogus\x1b]0;titel\x07\u202e")
    assert result.code != 0
    assert "--bogus" in result.err and not UNSAFE.search(result.err)
