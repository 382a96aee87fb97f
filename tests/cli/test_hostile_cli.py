"""Hostile files through the real ``coder`` command: one line each, a non-zero exit,
and nothing half-written into the project."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import coder.store.project as store_project
from coder.cli import main
from coder.ingest.limits import MAX_TRANSCRIPT_BYTES
from tests.bombs import BILLION_LAUGHS_YAML, MB, deep_yaml, nested_codes, qdpx, zip_bytes
from tests.cli.conftest import run_coder
from tests.unit.test_hostile_project import _read_only_connect


def _hostile_files(folder: Path) -> dict[str, str]:
    """File name -> what its error line must say."""
    (folder / "uur400.vtt").write_text(
        f"WEBVTT\n\n{'9' * 400}:00:01.000 --> 00:00:02.000\nAnna: hoi\n", encoding="utf-8"
    )
    (folder / "uur5000.srt").write_text(
        f"1\n{'9' * 5000}:00:01,000 --> 00:00:02,000\nAnna: hoi\n", encoding="utf-8"
    )
    (folder / "bom.qdpx").write_bytes(qdpx({"bom": 100 * MB}))
    (folder / "diep.qdpx").write_bytes(zip_bytes({"project.qde": nested_codes(5000).encode()}))
    (folder / "map.qdpx").mkdir()
    with (folder / "groot.txt").open("wb") as handle:
        handle.truncate(MAX_TRANSCRIPT_BYTES + 1)
    return {
        "uur400.vtt": "no cue with a valid timing line",
        "uur5000.srt": "no cue with a valid timing line",
        "bom.qdpx": "is compressed more than 100:1 (limit); refused",
        "diep.qdpx": "nested more than 100 levels deep (limit); refused",
        "map.qdpx": "is a folder, not a file",
        "groot.txt": "larger than 16 MB (limit); refused",
    }


def test_hostile_imports_give_one_line_each_and_change_nothing(tmp_path, mini_project):
    expected = _hostile_files(tmp_path)
    utf16 = tmp_path / "zonder-bom.txt"
    utf16.write_bytes("Moeder: één jaar.\nJongere: Te lang.\n".encode("utf-16-le"))
    before = json.loads(run_coder("stats", mini_project, "--json").out)

    result = run_coder("import", mini_project, *(tmp_path / n for n in expected), utf16)

    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert lines[-1] == f"1 of {len(expected) + 1} files imported."
    errors = lines[:-1]
    assert len(errors) == len(expected), result.err
    for name, fragment in expected.items():
        (line,) = [e for e in errors if f"{tmp_path / name}: " in e]
        assert line.startswith("Error: ") and fragment in line, line
    after = json.loads(run_coder("stats", mini_project, "--json").out)
    assert set(after["documents"]) == {*before["documents"], "zonder-bom"}
    assert after["codes"] == before["codes"]


def test_hostile_codebooks_give_one_line_and_change_nothing(tmp_path, mini_project):
    laughs = tmp_path / "lol.yaml"
    laughs.write_text(BILLION_LAUGHS_YAML, encoding="utf-8")
    deep = tmp_path / "diep.yaml"
    deep.write_text(deep_yaml(3000), encoding="utf-8")
    before = json.loads(run_coder("stats", mini_project, "--json").out)
    for path, fragment in ((laughs, "uses a YAML alias"), (deep, "nested more than 64")):
        result = run_coder("codebook", "import", mini_project, path)
        assert result.code == 1 and "Traceback" not in result.err
        assert result.err.splitlines() == [result.err.splitlines()[0]]
        assert result.err.startswith(f"Error: {path}: ") and fragment in result.err
    assert json.loads(run_coder("stats", mini_project, "--json").out) == before
    result = run_coder("init", tmp_path / "nieuw.ctdb", "--codebook", deep)
    assert result.code == 1 and "nested more than 64" in result.err
    assert not (tmp_path / "nieuw.ctdb").exists()


def test_a_damaged_or_foreign_project_file_is_one_line(tmp_path, mini_project):
    damaged = tmp_path / "kapot.ctdb"
    shutil.copy(mini_project, damaged)
    data = bytearray(damaged.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 8] = b"\xff" * 8
    damaged.write_bytes(bytes(data))
    random_bytes = tmp_path / "ruis.ctdb"
    random_bytes.write_bytes(bytes(range(256)) * 64)
    for path in (damaged, random_bytes):
        result = run_coder("stats", path)
        assert result.code == 1 and "Traceback" not in result.err, result.err
        assert len(result.err.splitlines()) == 1 and result.err.startswith(f"Error: {path}: ")


def test_a_read_only_project_is_one_line_from_the_cli(mini_project, monkeypatch, capsys):
    # In-process, so SQLite can be made to see the file as read-only even as root
    # (tests/unit/test_hostile_project.py explains); the old code printed a traceback.
    monkeypatch.setattr(store_project, "_connect", _read_only_connect)
    monkeypatch.setattr(sys, "argv", ["coder", "codebook", "add", str(mini_project), "Nieuw"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {mini_project}: the project file (or its folder) is read-only")
    assert len(err.splitlines()) == 1
