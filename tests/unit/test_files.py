"""The one atomic writer (coder/files.py): a file appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import CoderError, OutputError
from coder.files import (
    check_target,
    folder_replaced_atomically,
    replaced_atomically,
    write_atomically,
)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "codes.csv"
    target.write_text("oud", encoding="utf-8")

    def fails(handle) -> None:  # type: ignore[no-untyped-def]
        handle.write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, fails, force=True)
    assert target.read_text(encoding="utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["codes.csv"]
    write_atomically(target, lambda handle: handle.write("nieuw"), force=True)
    assert target.read_text(encoding="utf-8") == "nieuw"
    assert [p.name for p in tmp_path.iterdir()] == ["codes.csv"]


def test_the_target_is_checked_first(tmp_path: Path) -> None:
    (tmp_path / "er.csv").write_text("", encoding="utf-8")
    with pytest.raises(CoderError, match="already exists"):
        write_atomically(tmp_path / "er.csv", lambda handle: None, force=False)
    with pytest.raises(CoderError, match="is a folder"):
        write_atomically(tmp_path, lambda handle: None, force=True)
    with pytest.raises(CoderError, match="does not exist"):
        write_atomically(tmp_path / "nergens" / "x.csv", lambda handle: None, force=True)


def test_a_database_built_in_place_goes_with_its_companions_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "kopie.ctdb"
    with pytest.raises(RuntimeError), replaced_atomically(target) as temporary:
        for suffix in ("-wal", "-shm"):
            Path(f"{temporary}{suffix}").write_bytes(b"x")
        raise RuntimeError("cancelled")
    assert list(tmp_path.iterdir()) == []
    with replaced_atomically(target) as temporary:
        temporary.write_bytes(b"SQLite")
    assert target.read_bytes() == b"SQLite" and [p.name for p in tmp_path.iterdir()] == [
        "kopie.ctdb"
    ]


def test_a_folder_target(tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("", encoding="utf-8")
    full = tmp_path / "vol"
    full.mkdir()
    (full / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "leeg").mkdir()
    reasons = {}
    for name in ("bestand", "vol", "nergens/map"):
        with pytest.raises(OutputError) as raised:
            check_target(tmp_path / name, force=False, folder=True)
        reasons[name] = raised.value.reason
    assert reasons == {"bestand": "is_file", "vol": "folder_exists", "nergens/map": "no_folder"}
    assert check_target(tmp_path / "leeg", force=False, folder=True) == tmp_path / "leeg"
    assert check_target(full, force=True, folder=True) == full
    with pytest.raises(OutputError, match="is a file"):
        check_target(tmp_path / "bestand", force=True, folder=True)


def test_a_folder_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "transcripten"
    target.mkdir()
    (target / "oud.txt").write_text("oud", encoding="utf-8")
    with pytest.raises(RuntimeError), folder_replaced_atomically(target) as building:
        (building / "half.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("cancelled")
    assert [p.name for p in tmp_path.iterdir()] == ["transcripten"]
    assert [p.name for p in target.iterdir()] == ["oud.txt"]
    with folder_replaced_atomically(target) as building:
        (building / "nieuw.txt").write_text("nieuw", encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["transcripten"]
    assert [p.name for p in target.iterdir()] == ["nieuw.txt"]
