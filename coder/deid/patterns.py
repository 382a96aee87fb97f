"""Identifying details that have a shape: e-mail addresses, phone numbers (also spoken
as words), concrete dates and a person's age, in Dutch speech.

Every expression here is linear in the length of its input (no nested quantifiers over
the same characters), so a hostile transcript cannot make them backtrack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CONTACT, DATE, AGE = "CONTACT", "DATE", "AGE"

_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b")
# 06-12345678, 06 41 83 27 05, 070 - 218 44 90, +31 6 1234 5678, 0031 ...
_PHONE = re.compile(
    r"(?<![\w-])(?:\+31|0031|0)[ -]?\(?\d{1,3}\)?(?:[ -]{0,3}\d{2,4}){2,4}(?![\w-])"
)

_UNITS = (
    "nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|"
    "vijftien|zestien|zeventien|achttien|negentien"
)
_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
# "drieëntwintig", "achtendertig", "twintig", "zes": one spoken number below a hundred
NUMBER_WORD = (
    rf"(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n(?:{_TENS})|{_TENS}|{_UNITS})"
)
# A phone number read out: six or more numbers in a row, "nul zes, achtendertig, …"
_SPOKEN_PHONE = re.compile(rf"\bnul(?:[ ,-]{{1,3}}{NUMBER_WORD}){{4,12}}\b", re.IGNORECASE)

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DAY = rf"(?:[1-9]|[12]\d|3[01]|{NUMBER_WORD}|eerste|tweede|derde)"
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"(?:\b(?:begin|eind|half|halverwege|medio|midden)(?:\s+van)?\s+)?"
    rf"(?:\b{_DAY}\s+)?\b(?:{MONTHS})\b(?:\s+{_YEAR}\b)?"
    rf"|\b\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:{_YEAR}|\d\d)\b"
    rf"|(?:\b(?:begin|eind|half|halverwege|medio|midden)(?:\s+van)?\s+)?\b{_YEAR}\b",
    re.IGNORECASE,
)
# "mei" is also the month; "half" begins dates ("half maart") but also "half uur": the
# expression above only takes it before a month or a year.

# Ages are numbers from two to ninety-nine ("een" is mostly the article, "één jaar" a span)
_AGE_NUMBER = rf"(?:[2-9]|[1-9]\d|(?!een\b|één\b){NUMBER_WORD})"
_ORDINAL = (
    r"(?:\w{0,12}?(?:tiende|tigste|twaalfde|elfde|achtste|zevende|zesde|vijfde|vierde|derde|"
    r"tweede|eerste|negende)|\d{1,2}(?:de|ste|e))"
)
# "op je achttiende", "op hun achttiende" speak of anyone: only a person's own count
_POSSESSIVE = r"(?:zijn|haar|mijn|z['’]n|m['’]n|d['’]r)"
_PRONOUN = r"(?:ik|je|jij|hij|ze|zij|we|wij|u|jullie|die|dat)"
_ADVERBS = (
    r"(?:(?:nu|toen|al|net|bijna|pas|inmiddels|binnenkort|ook|nog|maar|straks|dan|daar|)\s+){0,2}"
)
_NOT_AN_AGE = (
    r"(?!\s*(?:keer|uur|minuten|weken|maanden|dagen|procent|euro|kinderen|gezinnen|jongeren|"
    r"mensen|jaar\s+(?:geleden|lang|later)|jaar\s+(?:als|bij|in|op|de|het|een)\b))"
)
_PERSON_NOUNS = (
    r"(?:meisje|meid|jongen|jongetje|kind|kindje|dochter|zoon|broertje|zusje|broer|zus|baby|"
    r"tiener|puber|man|vrouw|moeder|vader|opa|oma|kleuter|peuter)"
)
_AGE = re.compile(
    # "veertien jaar oud", "dertienjarige", "een 16-jarige"
    rf"\b(?P<a>{_AGE_NUMBER}(?:\s*-?\s*jarige?|\s+jaar(?=\s+oud\b)))\b"
    # "hij is nu zestien", "ik was inmiddels achttien", "je wordt binnenkort achttien"
    rf"|\b(?:is|was|werd|wordt|ben|bent|word|waren|werden|worden)\s+"
    rf"(?:(?:ik|hij|ze|zij|we|wij)\s+)?{_ADVERBS}"
    rf"(?P<b>{_AGE_NUMBER})\b{_NOT_AN_AGE}(?!\s+(?!toen\b|geworden\b)\w+en\b)"
    rf"(?!\s+jaar\b(?!\s+oud\b|\s*[.,;!?]))"
    # "toen ik achttien werd", "toen hij negentien was", "als je veertien bent"
    rf"|\b(?:toen|als|sinds|tot|nu|omdat|dat|wanneer|zodra|totdat)\s+(?!je\b|jij\b){_PRONOUN}\s+{_ADVERBS}"
    rf"(?P<c>{_AGE_NUMBER})\s+(?:was|werd|ben|bent|is|wordt|word|waren|werden|worden)\b"
    # "om achttien te worden", "achttien geworden"
    rf"|\bom\s+(?P<d>{_AGE_NUMBER})\s+te\s+worden\b|\b(?P<e>{_AGE_NUMBER})\s+geworden\b"
    # "op zijn achttiende", "tussen mijn twaalfde en mijn achttiende", "op z'n negende"
    rf"|\b(?:op|vanaf|tot|na|voor|sinds|rond|tussen|van|en|tegen|bij)\s+{_POSSESSIVE}\s+"
    rf"(?P<f>{_ORDINAL})\b"
    # "een meisje van veertien", "een jongetje van acht", "een man van zeventig"
    rf"|\b{_PERSON_NOUNS}\s+van\s+(?P<g>{_AGE_NUMBER})\b{_NOT_AN_AGE}",
    re.IGNORECASE,
)
_AGE_GROUPS = "abcdefg"
_SEASONS = r"(?:voorjaar|lente|zomer|najaar|herfst|winter|kerst|zomervakantie|kerstvakantie)"
_SEASON_DATE = re.compile(rf"\b{_SEASONS}\s+(?:van\s+)?{_YEAR}\b", re.IGNORECASE)


def shaped_details(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of each contact detail, date and age in ``text``."""
    for pattern in (_EMAIL, _PHONE, _SPOKEN_PHONE):
        for match in pattern.finditer(text):
            yield match.start(), match.end(), CONTACT
    for pattern in (_DATE, _SEASON_DATE):
        for match in pattern.finditer(text):
            yield match.start(), match.end(), DATE
    for match in _AGE.finditer(text):
        group = next(name for name in _AGE_GROUPS if match.group(name) is not None)
        yield match.start(group), match.end(group), AGE


def age_after_name(text: str, end: int) -> tuple[int, int] | None:
    """A self-introduction's age: "Ik ben Lina, negentien." — the number right after a
    person's name (which ends at ``end``), followed by the end of the clause."""
    match = _AGE_AFTER_NAME.match(text, end)
    return None if match is None else match.span("age")


_AGE_AFTER_NAME = re.compile(
    rf",?\s+(?:ik\s+ben\s+)?(?P<age>{_AGE_NUMBER})(?:\s+jaar)?\s*(?=[.,;!?]|$)", re.IGNORECASE
)
