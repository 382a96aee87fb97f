"""Generated Dutch transcripts for benchmarks: spoken-style turns about youth care.

Deterministic (seeded), so figures are comparable between runs. Not real data and
not meant to read well: it has the length, the speakers and the vocabulary of
dialoogtafel transcripts, which is what speed measurements need.
"""

from __future__ import annotations

import random

SPEAKERS = [
    "Gespreksleider",
    "Jongere",
    "Moeder",
    "Vader",
    "Buurtteammedewerker",
    "Jeugdhulpverlener",
]
OPENERS = ["Eh,", "Nou,", "Ja,", "Kijk,", "Ehm,", "Weet je,", "Ja nee,", "Oké,", ""]
SUBJECTS = [
    "ik",
    "wij",
    "mijn moeder",
    "de hulpverlener",
    "het buurtteam",
    "de school",
    "de gemeente",
    "niemand",
    "de jeugdzorg",
    "mijn vader",
    "de huisarts",
    "de mentor",
    "de gezinsvoogd",
]
VERBS = [
    "moest weer opnieuw vertellen",
    "wist niet",
    "heeft lang gewacht op",
    "kreeg eindelijk",
    "vond het lastig met",
    "werd doorverwezen naar",
    "had geen contact met",
    "zocht hulp bij",
    "sprak af met",
    "begreep niet",
    "voelde zich gehoord door",
    "stopte met",
]
OBJECTS = [
    "mijn verhaal",
    "de wachtlijst",
    "een vaste contactpersoon",
    "de specialistische zorg",
    "het plan van aanpak",
    "de andere hulpverleners",
    "de schulden",
    "een plek in de wijk",
    "de ggz",
    "het keukentafelgesprek",
    "de voetbalclub",
    "de wijkacademie",
    "het gezin",
]
TAILS = [
    "en dat duurde maanden.",
    "maar niemand wist van elkaar wat ze deden.",
    "dus dat was wel fijn.",
    "en toen moest alles weer opnieuw.",
    "want de werkdruk was gewoon te hoog.",
    "en daar had ik eigenlijk niks aan.",
    "en toen ging het beter.",
    "...",
    "weet je wel.",
    "en dat zou ik anders willen.",
]


def sentence(rng: random.Random) -> str:
    opener = rng.choice(OPENERS)
    body = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"
    text = f"{opener} {body}" if opener else body
    return text[0].upper() + text[1:]


def transcript(rng: random.Random, words: int) -> list[tuple[str, str]]:
    """(speaker, utterance) turns adding up to about ``words`` words."""
    turns: list[tuple[str, str]] = []
    count = 0
    while count < words:
        utterance = " ".join(sentence(rng) for _ in range(rng.choice([1, 1, 2, 3, 5])))
        turns.append((rng.choice(SPEAKERS), utterance))
        count += len(utterance.split())
    return turns


def corpus(
    total_words: int, words_per_transcript: int = 5000, seed: int = 7
) -> list[list[tuple[str, str]]]:
    rng = random.Random(seed)
    transcripts = []
    remaining = total_words
    while remaining > 0:
        size = min(words_per_transcript, remaining)
        transcripts.append(transcript(rng, size))
        remaining -= sum(len(u.split()) for _, u in transcripts[-1])
    return transcripts


def as_txt(turns: list[tuple[str, str]]) -> str:
    return "\n".join(f"{speaker}: {utterance}" for speaker, utterance in turns) + "\n"
