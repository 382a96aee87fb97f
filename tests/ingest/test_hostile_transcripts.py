"""Hostile transcript files: every one read in linear time or refused in one line.

The measured cases of issue #13 (a run of spaces that took a minute, 400- and
5,000-digit subtitle hours, UTF-16 without a BOM, zip bombs posing as .docx) and one
test per limit in :mod:`coder.ingest.limits`.
"""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from coder.errors import InputFileError, LimitExceeded
from coder.ingest import read_transcript
from coder.ingest.limits import MAX_LINE_CHARS, MAX_TRANSCRIPT_BYTES
from tests.bombs import MB, assert_refused, set_declared_size, zip_bytes
from tests.ingest.ingest_helpers import FIXTURES


def _refused(path: Path, kind: type[InputFileError] = InputFileError) -> str:
    return assert_refused(read_transcript, path, kind)


def _timed_read(path: Path):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    parsed = read_transcript(path)
    return parsed, time.perf_counter() - started


@pytest.mark.parametrize("spaces", [20_000, 32_000])
def test_a_long_run_of_spaces_is_read_in_linear_time(tmp_path, spaces):
    # 56 s (20,000 spaces) and 88 s (32,000) on the old code: two regular expressions
    # backtracked quadratically over the run.
    path = tmp_path / "spaties.txt"
    path.write_text(f"Anna: hoi\n\nBob{' ' * spaces}dag\n\nAnna: tot ziens\n", encoding="utf-8")
    parsed, seconds = _timed_read(path)
    assert seconds < 0.5
    assert [t.speaker for t in parsed.turns] == ["Anna", "Anna"]  # "Bob ... dag" continues


def test_a_run_of_spaces_before_a_clock_is_still_a_transcribe_header(tmp_path):
    path = tmp_path / "kop.txt"
    path.write_text(f"Piet Jansen{' ' * 20_000}0:03\nHallo allemaal.\n", encoding="utf-8")
    parsed, seconds = _timed_read(path)
    assert seconds < 0.5
    assert [(t.speaker, t.time_start) for t in parsed.turns] == [("Piet Jansen", 3.0)]


def test_unclosed_voice_tags_are_read_in_linear_time(tmp_path):
    path = tmp_path / "stemmen.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<v a" * 10_000 + "\n", encoding="utf-8"
    )
    _parsed, seconds = _timed_read(path)
    assert seconds < 0.5


@pytest.mark.parametrize("digits", [400, 5000])
@pytest.mark.parametrize("suffix", [".vtt", ".srt"])
def test_an_absurd_hour_skips_the_cue_with_a_short_warning(tmp_path, suffix, digits):
    # OverflowError (400 digits) and ValueError (5,000 digits) tracebacks on the old code.
    header = "WEBVTT\n\n" if suffix == ".vtt" else "1\n"
    dot = "." if suffix == ".vtt" else ","
    path = tmp_path / f"uur{suffix}"
    path.write_text(
        f"{header}{'9' * digits}:00:01{dot}000 --> 00:00:02{dot}000\nAnna: te laat\n\n"
        f"2\n00:00:03{dot}000 --> 00:00:04{dot}000\nBob: op tijd\n",
        encoding="utf-8",
    )
    parsed, _ = _timed_read(path)
    assert [parsed.turn_text(t) for t in parsed.turns] == ["op tijd"]
    assert any("skipped a cue with unreadable timing" in w for w in parsed.warnings)
    assert all(len(w) < 200 for w in parsed.warnings)


@pytest.mark.parametrize("suffix", [".vtt", ".srt"])
def test_a_file_of_only_absurd_hours_has_no_cues(tmp_path, suffix):
    header = "WEBVTT\n\n" if suffix == ".vtt" else "1\n"
    path = tmp_path / f"uur{suffix}"
    path.write_text(
        f"{header}{'1' * 5000}:00:01.000 --> 1:00:02.000\nAnna: hoi\n", encoding="utf-8"
    )
    assert "no cue with a valid timing line" in _refused(path)


def test_hours_of_three_digits_still_work(tmp_path):
    path = tmp_path / "lang.vtt"
    path.write_text("WEBVTT\n\n100:00:01.000 --> 100:00:02.500\nAnna: hoi\n", encoding="utf-8")
    parsed, _ = _timed_read(path)
    assert (parsed.turns[0].time_start, parsed.turns[0].time_end) == (360001.0, 360002.5)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_not_called_binary(tmp_path, codec):
    path = tmp_path / "teams.txt"
    path.write_bytes("Moeder: één jaar gewacht.\nJeugdconsulent: Dat is lang.\n".encode(codec))
    parsed, _ = _timed_read(path)
    assert parsed.encoding == codec
    assert [t.speaker for t in parsed.turns] == ["Moeder", "Jeugdconsulent"]


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt"])
def test_a_transcript_over_the_size_limit_is_refused_before_reading(tmp_path, suffix):
    path = tmp_path / f"groot{suffix}"
    with path.open("wb") as handle:
        handle.truncate(MAX_TRANSCRIPT_BYTES + 1)  # sparse: costs no disk and no time
    assert _refused(path, LimitExceeded) == "larger than 16 MB (limit); refused"


def test_a_line_over_the_length_limit_is_refused(tmp_path):
    path = tmp_path / "regel.txt"
    path.write_text("Anna: hoi\nBob: " + "a" * MAX_LINE_CHARS + "\n", encoding="utf-8")
    assert _refused(path, LimitExceeded) == (
        "line 2 is longer than 1,000,000 characters (limit); refused"
    )


def _docx_with(extra: dict[str, bytes | int]) -> bytes:
    with zipfile.ZipFile(FIXTURES / "table.docx") as source:
        members: dict[str, bytes | int] = {i.filename: source.read(i) for i in source.infolist()}
    members.update(extra)
    return zip_bytes(members)


def test_a_docx_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "bom.docx"
    path.write_bytes(_docx_with({"word/media/image1.png": 100 * MB}))
    tracemalloc.start()
    try:
        problem = _refused(path, LimitExceeded)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem == "word/media/image1.png is compressed more than 100:1 (limit); refused"
    assert peak < 20 * MB


def test_a_docx_part_whose_header_lies_is_not_unpacked_past_it(tmp_path):
    path = tmp_path / "leugen.docx"
    data = _docx_with({"word/media/image1.png": 50 * MB})
    path.write_bytes(set_declared_size(data, "word/media/image1.png", 1000))
    tracemalloc.start()
    try:
        problem = _refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem.startswith("word/media/image1.png inside is damaged (")
    assert peak < 10 * MB


def test_a_docx_unpacking_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("coder.ingest.zipped.MAX_UNPACKED_BYTES", MB)
    path = tmp_path / "groot.docx"
    path.write_bytes(
        _docx_with({f"word/media/{i}.bin": bytes(range(256)) * 2048 for i in range(3)})
    )
    assert _refused(path, LimitExceeded) == "unpacks to more than 1 MB (limit); refused"


def test_a_normal_docx_still_reads_after_unpacking_within_limits(tmp_path):
    path = tmp_path / "tabel.docx"
    path.write_bytes(_docx_with({}))
    assert read_transcript(path).turns == read_transcript(FIXTURES / "table.docx").turns


def test_a_docx_that_is_not_a_zip_is_still_not_a_docx(tmp_path):
    path = tmp_path / "nep.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    assert _refused(path) == "not a valid .docx file"


def test_a_docx_xml_part_over_the_xml_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("coder.ingest.docx.MAX_XML_BYTES", 1000)
    path = tmp_path / "tabel.docx"
    path.write_bytes(_docx_with({}))
    member, _, rest = _refused(path, LimitExceeded).partition(" ")
    assert member.endswith(".xml") and rest == "unpacks to more than 1,000 bytes (limit); refused"


def test_a_docx_with_billion_laughs_is_refused_quickly(tmp_path):
    # python-docx parses with lxml, resolve_entities=False and no network: a guard that
    # this stays so (the stdlib-parsed REFI files refuse any DTD, tests/exchange).
    with zipfile.ZipFile(FIXTURES / "paragraphs.docx") as source:
        members: dict[str, bytes | int] = {i.filename: source.read(i) for i in source.infolist()}
    head, declaration_end, body = members["word/document.xml"].decode().partition("?>")
    entities = "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    dtd = f'<!DOCTYPE w:document [<!ENTITY a "lollollol">{entities}]>'
    members["word/document.xml"] = (
        head + declaration_end + dtd + body.replace("<w:t>", "<w:t>&j;", 1)
    ).encode()
    path = tmp_path / "lol.docx"
    path.write_bytes(zip_bytes(members))
    assert _refused(path) == "not a valid .docx file"
