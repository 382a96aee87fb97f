"""Bad input always raises InputFileError naming the file, never anything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import InputFileError
from coder.ingest import SUPPORTED_SUFFIXES, read_transcript
from tests.ingest.ingest_helpers import FIXTURES


def _problem(path: Path) -> str:
    with pytest.raises(InputFileError) as caught:
        read_transcript(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.path == path
    return caught.value.problem


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bad_empty.txt", "file is empty"),
        ("bad_whitespace.txt", "file is empty"),
        ("bad_binary.txt", "not a text file (binary data)"),
        ("bad_controls.txt", "not a text file (binary data)"),
        ("bad_only_timestamps.txt", "no transcript text found"),
        ("bad_empty.docx", "file is empty"),
        ("bad_no_text.docx", "file is empty"),
        ("bad_text.docx", "not a valid .docx file"),
        ("bad_no_document.docx", "not a valid .docx file"),
        ("bad_unknown.xyz", "unknown format '.xyz' (supported: .docx, .srt, .txt, .vtt)"),
    ],
)
def test_bad_fixture(name, problem):
    assert _problem(FIXTURES / name) == problem


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_missing_file(tmp_path, suffix):
    assert _problem(tmp_path / f"weg{suffix}") == "file not found"


@pytest.mark.parametrize("suffix", SUPPORTED_SUFFIXES)
def test_directory(tmp_path, suffix):
    folder = tmp_path / f"map{suffix}"
    folder.mkdir()
    assert _problem(folder) == "is a folder, not a file"


@pytest.mark.parametrize("suffix", [".vtt", ".srt"])
def test_binary_subtitles(tmp_path, suffix):
    path = tmp_path / f"b{suffix}"
    path.write_bytes((FIXTURES / "bad_binary.txt").read_bytes())
    assert _problem(path) == "not a text file (binary data)"


def test_empty_subtitles(tmp_path):
    path = tmp_path / "leeg.vtt"
    path.write_bytes(b"")
    assert _problem(path) == "file is empty"


def test_no_suffix(tmp_path):
    path = tmp_path / "transcript"
    path.write_text("Hallo", encoding="utf-8")
    assert _problem(path).startswith("unknown format (no file extension)")


def test_string_path_and_upper_case_suffix(tmp_path):
    path = tmp_path / "T.TXT"
    path.write_text("Anna: Hoi.", encoding="utf-8")
    assert read_transcript(str(path)).format == "txt"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".docx", ".srt", ".txt", ".vtt")
