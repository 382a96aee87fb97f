"""Write the binary test fixtures (encodings, .docx, binary junk).

Text fixtures are plain files in ``fixtures/``; these ones cannot be edited
as text, so they are generated. Run from the repository root:

    .venv/bin/python tests/ingest/make_fixtures.py
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document

FIXTURES = Path(__file__).parent / "fixtures"

# Dutch text that any wrong decoding garbles: é, ë, ö, ’, “ ”, –, €.
ENCODED_TEXT = (
    "Interviewer: Hoe was het contact met de hulpverlening?\n"
    "Moeder: “Één keer” ging het goed – daarna niet.\n"
    "Het kostte €20 per gesprek, dat’s veel.\n"
    "Interviewer: En hoe reageerde Zoë?\n"
    "Moeder: Ze was één en al coöperatie.\n"
)


def write_encodings() -> None:
    windows = ENCODED_TEXT.replace("\n", "\r\n")
    (FIXTURES / "cp1252.txt").write_bytes(windows.encode("cp1252"))
    (FIXTURES / "utf8_bom.txt").write_bytes(ENCODED_TEXT.encode("utf-8-sig"))
    (FIXTURES / "utf16.txt").write_bytes(windows.encode("utf-16"))  # with BOM
    (FIXTURES / "bad_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (FIXTURES / "bad_controls.txt").write_bytes(bytes(range(1, 9)) * 20 + b"tekst")


def write_docx() -> None:
    doc = Document()
    doc.add_heading("Interview jongerenraad", level=1)
    doc.add_paragraph("")
    doc.add_paragraph("Interviewer: Wat vind je van de jeugdhulp?")
    para = doc.add_paragraph("Jongere (17): Soms goed.")
    run = para.add_run()
    run.add_break()
    run.add_text("Soms slecht.")
    doc.add_paragraph("Dat zei ik ook: eerlijk is eerlijk.")
    doc.add_paragraph("Interviewer: Dank je.")
    doc.add_paragraph("[00:05:00] Jongere (17): Graag gedaan.")
    doc.save(FIXTURES / "paragraphs.docx")

    doc = Document()
    doc.add_paragraph("Dialoogtafel Noord – verslag")
    rows = [
        ("Spreker", "Tekst"),
        ("Gespreksleider:", "Wie begint er?"),
        ("Ahmed", "Ik begin wel.\nHet gaat om de wachtlijst."),
        ("", "En om de bereikbaarheid."),
        ("Lotte", "Eens, één ding nog."),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    for row, (speaker, words) in zip(table.rows, rows, strict=False):
        row.cells[0].text = speaker
        row.cells[1].text = words
    doc.save(FIXTURES / "table.docx")

    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("Tijd", "Spreker", "Tekst"),
            ("00:00:05", "Interviewer", "Welkom."),
            ("00:00:12", "Bram", "Dank je."),
        ],
        strict=False,
    ):
        for cell, value in zip(row.cells, cells, strict=False):
            cell.text = value
    doc.save(FIXTURES / "timed_table.docx")

    doc = Document()
    doc.add_paragraph("Verslag van de bijeenkomst in de bibliotheek.")
    doc.add_paragraph("Let op: dit is een samenvatting.")
    doc.add_paragraph("De deelnemers waren positief over de nieuwe aanpak.")
    doc.save(FIXTURES / "prose.docx")

    doc = Document()
    doc.add_paragraph("")
    doc.add_paragraph("   ")
    doc.save(FIXTURES / "bad_no_text.docx")

    with zipfile.ZipFile(FIXTURES / "bad_no_document.docx", "w") as archive:
        archive.writestr("hallo.txt", "geen Word-document")


if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    write_encodings()
    write_docx()
