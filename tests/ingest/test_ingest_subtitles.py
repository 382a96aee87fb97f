"""WebVTT and SRT: cues, voices, merging, speakerless subtitles."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import InputFileError
from coder.ingest import read_transcript
from tests.ingest.ingest_helpers import times_of, turns_of


def test_teams_vtt_exact_layout(read):
    parsed = read("teams.vtt")
    assert parsed.format == "vtt"
    assert parsed.text == (
        "Piet Jansen: Goedemorgen & welkom bij de dialoogtafel.\n\n"
        "Anouk Visser: Dank je wel, één vraag: wat is <precies> het doel?\n\n"
        "Piet Jansen: Goede vraag, Anouk."
    )
    # Consecutive cues of one speaker merge: first start, last end.
    assert times_of(parsed) == [(1.0, 6.0), (66.0, 68.5), (69.0, 72.25)]
    assert parsed.warnings == []


def test_vtt_notes_styles_and_header_text_are_skipped(read):
    text = read("teams.vtt").text
    for junk in ("Gegenereerd", "::cue", "Kind", "nl-NL", "-->", "0b6a"):
        assert junk not in text


def test_zoom_style_names_in_payload(read):
    parsed = read("zoom.vtt")
    assert turns_of(parsed) == [
        ("Femke Bos", "Zijn jullie er allemaal? Dan beginnen we."),
        ("Youssef", "Ja, ik ben er."),
        ("Femke Bos", "Fijn. Let op: we nemen op."),
    ]
    assert times_of(parsed) == [(0.5, 5.0), (5.5, 8.0), (8.1, 10.0)]


def test_speakerless_vtt_merges_into_sentences(read):
    parsed = read("speakerless.vtt")
    assert turns_of(parsed) == [
        (None, "het was een lange wachttijd voor ons."),
        (None, "Toen kwam er eindelijk een gesprek"),  # then a 4 s pause
        (None, "maar dat was te laat…"),
        (None, "Nu gaat het beter."),
    ]
    assert times_of(parsed)[0] == (1.0, 3.0)


def test_srt_exact_layout(read):
    parsed = read("interview.srt")
    assert parsed.format == "srt"
    assert parsed.text == (
        "Interviewer: Hoe was de overgang naar het voortgezet onderwijs?\n\n"
        "Eva: Best moeilijk. Ik kende niemand.\n\n"
        "Interviewer: En nu?\n\n"
        "Eva: Nu heb ik vrienden."
    )
    assert times_of(parsed) == [(1.0, 3.5), (4.0, 8.0), (8.5, 10.0), (10.0, 12.0)]


def test_speakerless_srt(read):
    parsed = read("speakerless.srt")
    assert turns_of(parsed) == [
        (None, "Welkom bij deze uitleg over jeugdhulp."),
        (None, "Wie mag er bellen?"),
        (None, "Iedereen die zich zorgen maakt"),
    ]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_vtt_two_voices_in_one_cue(tmp_path):
    path = _write(
        tmp_path,
        "t.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Hoi</v>\n<v Bram>Hallo</v>\n",
    )
    assert turns_of(read_transcript(path)) == [("Anna", "Hoi"), ("Bram", "Hallo")]


def test_vtt_cue_without_blank_line_after_header(tmp_path):
    path = _write(tmp_path, "t.vtt", "WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v Anna>Hoi\n")
    assert turns_of(read_transcript(path)) == [("Anna", "Hoi")]


def test_vtt_speaker_change_breaks_merging_and_same_speaker_case_insensitive(tmp_path):
    path = _write(
        tmp_path,
        "t.vtt",
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000\nANNA: een\n\n"
        "00:00:02.000 --> 00:00:03.000\nAnna: twee\n\n"
        "00:00:03.000 --> 00:00:04.000\nBram: drie\n",
    )
    assert turns_of(read_transcript(path)) == [("ANNA", "een twee"), ("Bram", "drie")]


def test_srt_cues_without_blank_lines_between_them(tmp_path):
    path = _write(
        tmp_path,
        "t.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nAnna: Hoi.\n"
        "2\n00:00:02,500 --> 00:00:03,000\nBram: Dag.\n",
    )
    parsed = read_transcript(path)
    assert turns_of(parsed) == [("Anna", "Hoi."), ("Bram", "Dag.")]
    assert times_of(parsed) == [(1.0, 2.0), (2.5, 3.0)]


def test_srt_text_without_timing_is_kept_with_a_warning(tmp_path):
    path = _write(
        tmp_path,
        "t.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nAnna: Hoi,\n\nik ben Anna.\n",
    )
    parsed = read_transcript(path)
    assert turns_of(parsed) == [("Anna", "Hoi, ik ben Anna.")]
    assert parsed.warnings


def test_srt_bad_timing_cue_is_reported_not_silent(tmp_path):
    path = _write(
        tmp_path,
        "t.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nHoi.\n\n2\n00:00:xx --> 00:00:03,000\nWeg.\n",
    )
    parsed = read_transcript(path)
    assert turns_of(parsed) == [(None, "Hoi.")]
    assert any("line 6" in w and "timing" in w for w in parsed.warnings)


def test_srt_sound_tags_are_not_speakers(tmp_path):
    path = _write(
        tmp_path,
        "t.srt",
        "1\n00:00:01,000 --> 00:00:02,000\n[muziek] Welkom.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n[gelach] Dat is grappig.\n",
    )
    assert [t.speaker for t in read_transcript(path).turns] == [None, None]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bad_no_header.vtt", "not a WebVTT file (missing 'WEBVTT' header)"),
        ("bad_no_cues.vtt", "not a valid .vtt file (no cue with a valid timing line)"),
        ("bad_bad_timing.vtt", "not a valid .vtt file (no cue with a valid timing line)"),
        ("bad_empty_cues.vtt", "no transcript text found"),
        ("bad_no_cues.srt", "not a valid .srt file (no cue with a valid timing line)"),
    ],
)
def test_broken_subtitles(read, name, problem):
    with pytest.raises(InputFileError) as caught:
        read(name)
    assert caught.value.problem == problem
    assert str(caught.value).startswith(str(caught.value.path))
    assert caught.value.path.name == name
