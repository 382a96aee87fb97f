"""Word transcripts: paragraphs through the text parser, speaker|text tables."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from coder.ingest import read_transcript
from tests.ingest.ingest_helpers import times_of, turns_of


def test_docx_paragraphs_exact_layout(read):
    parsed = read("paragraphs.docx")
    assert parsed.format == "docx"
    assert parsed.encoding is None
    assert parsed.text == (
        "Interview jongerenraad\n\n"
        "Interviewer: Wat vind je van de jeugdhulp?\n\n"
        "Jongere (17): Soms goed.\nSoms slecht.\nDat zei ik ook: eerlijk is eerlijk.\n\n"
        "Interviewer: Dank je.\n\n"
        "Jongere (17): Graag gedaan."
    )
    assert parsed.turns[-1].time_start == 300.0


def test_docx_speaker_text_table(read):
    parsed = read("table.docx")
    assert turns_of(parsed) == [
        (None, "Dialoogtafel Noord – verslag"),
        ("Gespreksleider", "Wie begint er?"),
        ("Ahmed", "Ik begin wel.\nHet gaat om de wachtlijst.\nEn om de bereikbaarheid."),
        ("Lotte", "Eens, één ding nog."),
    ]


def test_docx_time_speaker_text_table(read):
    parsed = read("timed_table.docx")
    assert turns_of(parsed) == [("Interviewer", "Welkom."), ("Bram", "Dank je.")]
    assert times_of(parsed) == [(5.0, 12.0), (12.0, None)]


def test_docx_prose_paragraphs_become_separate_turns(read):
    parsed = read("prose.docx")
    assert turns_of(parsed) == [
        (None, "Verslag van de bijeenkomst in de bibliotheek."),
        (None, "Let op: dit is een samenvatting."),
        (None, "De deelnemers waren positief over de nieuwe aanpak."),
    ]


def test_docx_metadata_table_is_not_a_speaker_table(tmp_path: Path):
    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    for row, (key, value) in zip(
        table.rows, [("Datum", "12 maart"), ("Locatie", "Utrecht")], strict=False
    ):
        row.cells[0].text, row.cells[1].text = key, value
    doc.add_paragraph("Interviewer: Welkom.")
    doc.add_paragraph("Respondent: Dank je.")
    path = tmp_path / "t.docx"
    doc.save(path)
    parsed = read_transcript(path)
    assert turns_of(parsed) == [
        (None, "Datum 12 maart\nLocatie Utrecht"),
        ("Interviewer", "Welkom."),
        ("Respondent", "Dank je."),
    ]


def test_docx_teams_transcribe_paragraphs(tmp_path: Path):
    doc = Document()
    for text in ["Piet Jansen   0:03", "Goedemorgen.", "Sanne Bakker   0:10", "Hoi Piet."]:
        doc.add_paragraph(text)
    path = tmp_path / "t.DOCX"  # suffix is case-insensitive
    doc.save(path)
    parsed = read_transcript(path)
    assert turns_of(parsed) == [("Piet Jansen", "Goedemorgen."), ("Sanne Bakker", "Hoi Piet.")]
    assert times_of(parsed) == [(3.0, 10.0), (10.0, None)]
