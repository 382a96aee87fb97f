"""Turns laid over a verbatim text (coder.exchange.turns)."""

from __future__ import annotations

from coder.exchange.turns import derive_turns
from coder.store import NewSegment


def spans(text: str) -> list[tuple[str | None, str]]:
    return [(t.speaker, text[t.start : t.end]) for t in derive_turns(text)]


def test_text_in_our_own_layout_gets_the_readers_turns() -> None:
    text = "Moeder: We wachtten lang.\n\nJongere: Niemand belde.\n\nMoeder: Echt niet."
    assert spans(text) == [
        ("Moeder", "We wachtten lang."),
        ("Jongere", "Niemand belde."),
        ("Moeder", "Echt niet."),
    ]


def test_other_layouts_become_paragraphs_with_recurring_speakers() -> None:
    # Padded labels and CRLF: the reader would normalise this, so paragraphs are used.
    text = "Speaker 1:     Goedemorgen.\r\n\r\nSpeaker 2:   Hallo,\r\nhoe gaat het?\r\n\r\nSpeaker 1:  Goed.\r\n"
    assert spans(text) == [
        ("Speaker 1", "Goedemorgen."),
        ("Speaker 2", "Hallo,\r\nhoe gaat het?"),
        ("Speaker 1", "Goed."),
    ]
    assert all(isinstance(t, NewSegment) for t in derive_turns(text))


def test_a_label_that_does_not_recur_is_not_a_speaker() -> None:
    text = "  Let op:  dit is proza.\n\n\n   Nog een alinea.  \n"
    assert spans(text) == [(None, "Let op:  dit is proza."), (None, "Nog een alinea.")]


def test_without_blank_lines_every_line_is_a_turn() -> None:
    text = "Eerste  regel.\n   Tweede regel.\nDerde regel.\n"
    assert spans(text) == [
        (None, "Eerste  regel."),
        (None, "Tweede regel."),
        (None, "Derde regel."),
    ]


def test_empty_text_has_no_turns() -> None:
    assert derive_turns("  \n\n ") == []
