"""Deciding whether a label in front of a colon is a speaker.

A colon is everywhere in Dutch prose ("Let op: ...", "Ik zei toen: nee!"), so
"word + colon" alone would invent speakers and split running text into fake
turns. A label only becomes a speaker when it is short and name-shaped *and*
there is evidence: it recurs as a label, it is a known interview role, or the
file as a whole is clearly written in speaker format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 4
# Share of lines (or blocks) that must start with a label candidate before a
# label seen only once is trusted on its name-like shape alone.
SPEAKER_FORMAT_SHARE = 0.5

# Roles and abbreviations used in Dutch interview and focus-group transcripts,
# compared case-insensitively after a trailing number or "(16)" is removed.
KNOWN_ROLES = frozenset(
    [
        "i",
        "r",
        "int",
        "interv",
        "interviewer",
        "interviewster",
        "intervieuwer",
        "resp",
        "respondent",
        "respondente",
        "geïnterviewde",
        "onderzoeker",
        "onderzoekster",
        "gespreksleider",
        "gespreksleidster",
        "moderator",
        "facilitator",
        "voorzitter",
        "notulist",
        "deelnemer",
        "deelneemster",
        "participant",
        "spreker",
        "speaker",
        "moeder",
        "vader",
        "ouder",
        "ouders",
        "pleegmoeder",
        "pleegvader",
        "pleegouder",
        "stiefmoeder",
        "stiefvader",
        "jongere",
        "jongeren",
        "kind",
        "zoon",
        "dochter",
        "broer",
        "zus",
        "opa",
        "oma",
        "tante",
        "oom",
        "hulpverlener",
        "jeugdhulpverlener",
        "buurtteammedewerker",
        "medewerker",
        "begeleider",
        "jeugdconsulent",
        "gezinsvoogd",
        "voogd",
        "mentor",
        "docent",
        "leerkracht",
        "wijkcoach",
        "wijkagent",
        "ambtenaar",
        "wethouder",
        "beleidsmedewerker",
        "professional",
        "cliënt",
        "client",
    ]
)

# First words that start prose, metadata or stage directions, never a name.
# "Let op: ...", "Ik zei toen: ...", "Datum: 12 maart", "[muziek] ...".
NOT_SPEAKER_WORDS = frozenset(
    [
        "ik",
        "je",
        "jij",
        "u",
        "hij",
        "zij",
        "ze",
        "wij",
        "we",
        "jullie",
        "het",
        "dat",
        "dit",
        "die",
        "deze",
        "er",
        "daar",
        "hier",
        "toen",
        "daarna",
        "dan",
        "nu",
        "dus",
        "maar",
        "en",
        "of",
        "want",
        "omdat",
        "als",
        "ja",
        "nee",
        "nou",
        "oké",
        "ok",
        "oke",
        "kortom",
        "bijvoorbeeld",
        "zoals",
        "wat",
        "wie",
        "waarom",
        "hoe",
        "welke",
        "waar",
        "wanneer",
        "eerst",
        "vervolgens",
        "tot",
        "ten",
        "verder",
        "ook",
        "let",
        "nb",
        "n.b.",
        "ps",
        "p.s.",
        "zie",
        "noot",
        "opmerking",
        "opmerkingen",
        "conclusie",
        "conclusies",
        "samenvatting",
        "datum",
        "tijd",
        "tijdstip",
        "duur",
        "locatie",
        "plaats",
        "aanwezig",
        "aanwezigen",
        "afwezig",
        "onderwerp",
        "thema",
        "titel",
        "doel",
        "tip",
        "voorbeeld",
        "transcript",
        "transcriptie",
        "opname",
        "bestand",
        "interview",
        "verslag",
        "inleiding",
        "einde",
        "bijlage",
        "pauze",
        "muziek",
        "gelach",
        "lacht",
        "lachen",
        "applaus",
        "stilte",
        "onverstaanbaar",
        "onduidelijk",
        "geluid",
        "inaudible",
        "music",
        "laughter",
        "applause",
        "silence",
        "crosstalk",
        "note",
        "summary",
        "daarnaast",
        "bovendien",
        "overigens",
        "trouwens",
        "tenslotte",
        "uiteindelijk",
        "echter",
        "eigenlijk",
        "gewoon",
        "natuurlijk",
        "misschien",
        "inderdaad",
        "zeker",
        "precies",
        "vroeger",
        "later",
        "soms",
        "vaak",
        "altijd",
        "nooit",
        "vandaag",
        "gisteren",
        "morgen",
        "samengevat",
        "nogmaals",
        "belangrijk",
        "resultaat",
        "resultaten",
        "actiepunt",
        "actiepunten",
        "afspraak",
        "afspraken",
        "agenda",
        "besluit",
        "aanleiding",
        "achtergrond",
        "methode",
        "bron",
        "citaat",
        "quote",
    ]
)

# Dutch surname particles, written in lower case inside names ("Anouk de Vries").
_PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "te",
        "ter",
        "ten",
        "'t",
        "op",
        "in",
        "la",
        "le",
        "du",
        "da",
        "di",
        "von",
    ]
)

_SENTENCE_PUNCT = re.compile(r"[?!;:\"“”„…]|\.\.")
_WORD_OK = re.compile(r"^[^\W\d_][\w'’\-]*\.?,?$")  # Anne-Marie, D'Souza, Dhr., Jansen,
_NUMBER = re.compile(r"^\d{1,3}$")
_PAREN = re.compile(r"^\(\w[\w ]{0,15}\)$")  # (16), (moeder)
_TRAILING_QUALIFIER = re.compile(r"(?:\s*\(\w[\w ]{0,15}\))+$|\s*\d{1,3}$")
_SHORT_ABBREVIATION = re.compile(r"^[^\W\d_]\d{0,2}$")  # I, R, R1, P2


def _words(label: str) -> list[str]:
    # "(16)" and "(moeder)" stay one word each.
    return re.findall(r"\([^)]*\)|[^\s(]+", label)


def label_shape_ok(label: str) -> bool:
    """Short, starts with a letter, no sentence punctuation."""
    label = label.strip()
    if not label or len(label) > MAX_LABEL_CHARS or not label[0].isalpha():
        return False
    if _SENTENCE_PUNCT.search(label):
        return False
    words = _words(label)
    if len(words) > MAX_LABEL_WORDS:
        return False
    for word in words:
        if not (_WORD_OK.match(word) or _NUMBER.match(word) or _PAREN.match(word)):
            return False
        # A full stop is only allowed after a short abbreviation ("Dhr.", "Int.").
        if word.endswith(".") and len(word) > 5:
            return False
    first = words[0].rstrip(".,").casefold()
    return first not in NOT_SPEAKER_WORDS and label.casefold() not in NOT_SPEAKER_WORDS


def is_known_role(label: str) -> bool:
    """An interview role or abbreviation, with or without a number ("Interviewer 2", "R1")."""
    label = label.strip()
    if _SHORT_ABBREVIATION.match(label) and label[0].isupper():
        return True
    base = _TRAILING_QUALIFIER.sub("", label).strip().rstrip(".").casefold()
    return base in KNOWN_ROLES


def is_name_like(label: str) -> bool:
    """Written like a name: capitalised words, surname particles, numbers, "(16)"."""
    words = _words(label.strip())
    if not words:
        return False
    for position, word in enumerate(words):
        if _NUMBER.match(word) or _PAREN.match(word):
            continue
        if position and word.casefold() in _PARTICLES:
            continue
        if not word[0].isupper():
            return False
    return True


def mostly_labelled(labelled: int, total: int) -> bool:
    """Whether a file is "clearly in speaker format": most units start with a label."""
    return total > 0 and labelled >= SPEAKER_FORMAT_SHARE * total


def label_key(label: str) -> str:
    """Labels count as the same speaker regardless of case and spacing ("MARIEKE", "Marieke")."""
    return " ".join(label.split()).casefold()


class SpeakerJudge:
    """Decides, for one file, which label candidates are speakers.

    Built from every candidate label in the file, so the decision can use
    file-wide evidence (recurrence, share of lines in speaker format).
    """

    def __init__(self, candidates: Iterable[str], speaker_format: bool) -> None:
        """``candidates``: every shape-valid label, once per occurrence;
        ``speaker_format``: whether most of the file starts with labels
        (see :func:`mostly_labelled`)."""
        self._counts = Counter(label_key(label) for label in candidates)
        self.speaker_format = speaker_format

    def accepts(self, label: str) -> bool:
        """Whether ``label`` (already shape-checked) is a speaker in this file."""
        if not label_shape_ok(label):
            return False
        if self._counts[label_key(label)] >= 2 or is_known_role(label):
            return True
        return self.speaker_format and is_name_like(label)
