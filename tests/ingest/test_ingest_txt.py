"""Plain-text transcripts: every speaker shape, false positives, layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.ingest import read_transcript
from tests.ingest.ingest_helpers import times_of, turns_of


def test_colon_names_exact_layout(read):
    parsed = read("colon_names.txt")
    assert parsed.format == "txt"
    assert parsed.encoding == "utf-8"
    assert parsed.text == (
        "Transcript dialoogtafel 3\nJeugdhulp in de wijk\n\n"
        "Marieke: Ik vond het lastig om hulp te vragen.\n"
        "Ik zei toen: nee, dat doe ik zelf wel!\n\n"
        "Moeder: Dat herken ik, één keer heb ik gebeld.\n\n"
        "Buurtteammedewerker: Wat gebeurde er toen?\n\n"
        "Jongere (16): Niemand belde terug.\n"
        "Let op: dit is belangrijk voor het verslag.\n\n"
        "Anouk de Vries: Dat is precies het probleem.\n\n"
        "Marieke: Ja, precies."
    )
    assert [t.speaker for t in parsed.turns] == [
        None,
        "Marieke",
        "Moeder",
        "Buurtteammedewerker",
        "Jongere (16)",
        "Anouk de Vries",
        "Marieke",
    ]
    assert parsed.warnings == []


def test_header_junk_is_kept_as_speakerless_turn(read):
    parsed = read("colon_names.txt")
    first = parsed.turns[0]
    assert first.speaker is None
    assert parsed.turn_text(first) == "Transcript dialoogtafel 3\nJeugdhulp in de wijk"


def test_false_positive_colons_stay_in_the_turn(read):
    turns = dict(turns_of(read("colon_names.txt"))[1:3])
    assert turns["Marieke"].endswith("Ik zei toen: nee, dat doe ik zelf wel!")
    speakers = {t.speaker for t in read("colon_names.txt").turns}
    assert "Let op" not in speakers and "Ik zei toen" not in speakers


def test_timestamp_shapes(read):
    parsed = read("timestamps.txt")
    assert turns_of(parsed) == [
        ("Interviewer", "Hoe gaat het op school?"),
        ("Sanne", "Goed, maar het is druk."),
        ("Interviewer", "Vertel eens meer."),
        ("Sanne", "Ik heb veel toetsen."),
        ("Sanne", "En ik werk ook nog."),
    ]
    # time_end comes from the next turn's start; the last turn has none.
    assert times_of(parsed) == [
        (83.0, 90.0),
        (90.0, 125.0),
        (125.0, 130.0),
        (130.0, 180.0),
        (180.0, None),
    ]
    assert "00:0" not in parsed.text and "[" not in parsed.text


def test_abbreviations_keep_the_label_as_written(read):
    parsed = read("abbreviations.txt")
    assert [t.speaker for t in parsed.turns] == ["I", "R", "Int", "Resp", "R1", "P2"]
    assert parsed.turn_text(parsed.turns[3]) == "Toen mijn vader ziek was."


def test_speaker_alone_on_a_line(read):
    parsed = read("name_alone.txt")
    assert turns_of(parsed) == [
        ("MARIEKE", "Ik kwam binnen en niemand zei iets.\nDat vond ik raar."),
        ("JEROEN", "Bij mij was dat anders."),
        ("Marieke", "Hoe dan?"),
        ("Jeroen", "Ze vroegen meteen hoe het ging."),
    ]


def test_teams_transcribe_headers_and_dropped_transcription_lines(read):
    parsed = read("teams_transcribe.txt")
    assert turns_of(parsed) == [
        ("Piet Jansen", "Goedemorgen allemaal, welkom bij de dialoogtafel."),
        ("Jansen, Anouk", "Dank je, Piet.\nIk begin maar meteen."),
        ("Piet Jansen", "Dat is goed."),
    ]
    assert [t.time_start for t in parsed.turns] == [3.0, 62.0, 3723.0]
    assert "transcription" not in parsed.text


def test_word_transcribe_time_then_speaker(read):
    parsed = read("word_transcribe.txt")
    assert turns_of(parsed) == [
        ("Speaker 1", "Welkom bij dit gesprek."),
        ("Speaker 2", "Dank je wel.\nIk ben blij dat ik er ben."),
        ("Speaker 1", "Zullen we beginnen?"),
    ]
    assert times_of(parsed) == [(3.0, 9.0), (9.0, 75.0), (75.0, None)]


def test_paragraphs_without_speakers(read):
    parsed = read("paragraphs.txt")
    assert [t.speaker for t in parsed.turns] == [None, None, None]
    assert parsed.text == (
        "Verslag van de dialoogtafel over jeugdzorg in de wijk.\n"
        "Er waren twaalf deelnemers.\n\n"
        "Let op: dit is een samenvatting, geen letterlijk transcript.\n"
        "Een moeder vertelde over haar zoon. Ik zei toen: nee, zo werkt het niet!\n\n"
        "Conclusie: de wachtlijsten zijn te lang."
    )


def test_lone_role_in_prose_does_not_swallow_later_paragraphs(read):
    parsed = read("prose_with_role.txt")
    assert turns_of(parsed) == [
        (None, "Aantekeningen bij het gesprek."),
        ("Moeder", "wil dat de hulp dichter bij huis is."),
        (None, "De gespreksleider vatte samen.\nIedereen was het eens."),
    ]


def test_mixed_shapes(read):
    parsed = read("mixed.txt")
    assert turns_of(parsed) == [
        (None, "Focusgroep ouders, sessie 2"),
        ("Interviewer", "Welkom allemaal."),
        ("Moeder", "Dank je.\nIk ben Fatima."),
        ("VADER", "Ik ben Kees, de vader van Tim."),
        ("Interviewer", "Wie wil beginnen?"),
        ("R1", "Ik wel.\nZeg maar: het ging mis bij de overdracht."),
    ]
    assert [t.time_start for t in parsed.turns] == [None, None, 15.0, None, 62.0, None]


def test_crlf_newlines(read):
    parsed = read("crlf.txt")
    assert "\r" not in parsed.text
    assert turns_of(parsed) == [
        ("Marieke", "Ik vond het lastig.\nIk zei toen: nee!"),
        ("Jeroen", "Dat snap ik."),
    ]


def _parse(tmp_path: Path, text: str):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return read_transcript(path)


def test_single_unknown_label_in_prose_is_not_a_speaker(tmp_path):
    parsed = _parse(
        tmp_path,
        "We spraken over de buurt en over school.\n"
        "Tijdens het gesprek: veel verhalen.\n"
        "Marieke zei: dat klopt.\n"
        "Daarnaast: de wachtlijst.\n",
    )
    assert [t.speaker for t in parsed.turns] == [None]


def test_recurring_label_becomes_speaker_even_in_prose(tmp_path):
    parsed = _parse(
        tmp_path,
        "Een lange inleiding zonder sprekers die doorloopt.\n"
        "Nog een regel inleiding.\n"
        "Nog een regel.\n"
        "Noor: eerste keer.\n"
        "Noor: tweede keer.\n",
    )
    assert [t.speaker for t in parsed.turns] == [None, "Noor", "Noor"]


def test_name_seen_once_is_speaker_in_a_speaker_format_file(tmp_path):
    parsed = _parse(tmp_path, "Interviewer: Wie ben jij?\nMw. de Vries: Ik ben de buurvrouw.\n")
    assert turns_of(parsed) == [
        ("Interviewer", "Wie ben jij?"),
        ("Mw. de Vries", "Ik ben de buurvrouw."),
    ]


def test_blank_line_continues_speaker_turn_in_speaker_format(tmp_path):
    parsed = _parse(
        tmp_path,
        "Interviewer: Vertel.\n\nRespondent: Eerste alinea.\n\n"
        "Tweede alinea.\n\n\nInterviewer: Dank.\n",
    )
    assert turns_of(parsed) == [
        ("Interviewer", "Vertel."),
        ("Respondent", "Eerste alinea.\nTweede alinea."),
        ("Interviewer", "Dank."),
    ]


def test_bare_clock_in_prose_is_not_a_timestamp(tmp_path):
    parsed = _parse(tmp_path, "10:30 begonnen we met koffie.\nDaarna het gesprek.\n")
    assert turns_of(parsed) == [(None, "10:30 begonnen we met koffie.\nDaarna het gesprek.")]
    assert parsed.turns[0].time_start is None


def test_timestamp_alone_applies_to_next_turn(tmp_path):
    parsed = _parse(tmp_path, "[00:00:10]\nInterviewer: Hallo.\n[00:00:20]\nRespondent: Hoi.\n")
    assert times_of(parsed) == [(10.0, 20.0), (20.0, None)]


def test_speaker_without_words_is_dropped_with_warning(tmp_path):
    parsed = _parse(tmp_path, "Interviewer: Hallo?\nRespondent:\nInterviewer: Niets?\n")
    assert [t.speaker for t in parsed.turns] == ["Interviewer", "Interviewer"]
    assert any("Respondent" in w for w in parsed.warnings)


def test_caps_heading_without_text_after_it_is_text(tmp_path):
    parsed = _parse(tmp_path, "Marieke: Hoi.\nJEROEN\n")
    assert turns_of(parsed) == [("Marieke", "Hoi.\nJEROEN")]


@pytest.mark.parametrize(
    "line",
    [
        "Piet Jansen started transcription",
        "Piet Jansen stopped transcription",
        "Anouk de Vries heeft de transcriptie gestart",
    ],
)
def test_transcription_events_are_dropped(tmp_path, line):
    parsed = _parse(tmp_path, f"{line}\nPiet Jansen   0:03\nHallo.\n")
    assert turns_of(parsed) == [("Piet Jansen", "Hallo.")]


def test_a_line_mentioning_transcription_is_kept(tmp_path):
    parsed = _parse(tmp_path, "We started transcription late, zei Piet.\n")
    assert turns_of(parsed) == [(None, "We started transcription late, zei Piet.")]


@pytest.mark.parametrize(
    ("line", "speaker", "time"),
    [
        ("Sanne (00:01:23): Ik ben Sanne.", "Sanne", 83.0),
        ("[00:01:23] - Sanne: Ik ben Sanne.", "Sanne", 83.0),
        ("[1:02:03] Sanne: Ik ben Sanne.", "Sanne", 3723.0),
        ("00:00:07.5 Sanne: Ik ben Sanne.", "Sanne", 7.5),
        ("Dhr. Jansen: Ik ben Sanne.", "Dhr. Jansen", None),
        ("Jansen, Piet: Ik ben Sanne.", "Jansen, Piet", None),
        ("Interviewer (Sanne): Ik ben Sanne.", "Interviewer (Sanne)", None),
        ("Deelnemer 3: Ik ben Sanne.", "Deelnemer 3", None),
        ("Anne-Marie van der Berg: Ik ben Sanne.", "Anne-Marie van der Berg", None),
    ],
)
def test_single_line_label_shapes(tmp_path, line, speaker, time):
    parsed = _parse(tmp_path, line + "\n")
    assert turns_of(parsed) == [(speaker, "Ik ben Sanne.")]
    assert parsed.turns[0].time_start == time


def test_a_colon_inside_a_teams_turn_starts_no_new_turn(tmp_path):
    """In a file whose speakers stand on header lines, "Moeder zegt: …" is what an
    interpreter said, not a speaker called "Moeder zegt"."""
    parsed = _parse(
        tmp_path,
        "Gespreksleider   0:03\n"
        "Welkom allemaal, fijn dat jullie er zijn.\n\n"
        "Tolk   0:10\n"
        "Moeder zegt: wij wisten niet waar we moesten beginnen.\n"
        "Vader zegt: niemand belde ons terug.\n\n"
        "Moeder   0:25\n"
        "Ja, zo was het.\n",
    )
    assert [t.speaker for t in parsed.turns] == ["Gespreksleider", "Tolk", "Moeder"]
    interpreter = parsed.text[parsed.turns[1].start : parsed.turns[1].end]
    assert interpreter.startswith("Moeder zegt: wij wisten niet")
    assert "Vader zegt: niemand belde ons terug." in interpreter
