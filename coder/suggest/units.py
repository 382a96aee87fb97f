"""The units the model learns from and suggests for: turns, and sentence groups of long turns.

A unit carries what the features need (text, content lemmas, speaker role, the
neighbouring turns) and, for training, which codes apply to it according to the
researcher's codings and rejections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from coder.nlp.analysis import AnalysedDocument, content_lemmas, word_count
from coder.store import Coding, Project, Segment
from coder.store.learning import Rejection
from coder.store.spans import applies

LONG_TURN_WORDS = 80  # longer turns are also split into sentence groups of about
UNIT_WORDS = 50  # this many words, so a code can be suggested for part of a monologue
UNKNOWN, NEGATIVE, POSITIVE = -1, 0, 1

_ROLES = {
    "interviewer": (
        "i",
        "int",
        "interviewer",
        "gespreksleider",
        "moderator",
        "onderzoeker",
        "facilitator",
        "vz",
    ),
    "respondent": ("r", "resp", "respondent", "geïnterviewde"),
    "ouder": ("moeder", "vader", "ouder", "pleegmoeder", "pleegvader", "stiefvader", "stiefmoeder"),
    "jongere": ("jongere", "jeugdige", "kind", "zoon", "dochter", "cliënt", "client"),
}
_PROFESSIONAL_WORDS = (
    "buurtteam",
    "hulpverlener",
    "behandelaar",
    "mentor",
    "jeugdhulp",
    "medewerker",
    "begeleider",
    "voogd",
    "coach",
    "beleid",
    "ambtenaar",
    "wijkteam",
    "jeugdarts",
    "psycholoog",
    "docent",
    "leerkracht",
)


def speaker_role(speaker: str | None) -> str:
    """A coarse role from a speaker label, so "Moeder" and "Vader" share what they say."""
    if not speaker:
        return "geen"
    label = speaker.lower().strip()
    head = label.split("(")[0].strip().rstrip("0123456789 ").strip()
    for role, names in _ROLES.items():
        if head in names:
            return role
    if any(word in label for word in _PROFESSIONAL_WORDS):
        return "professional"
    return "persoon"


@dataclass
class Unit:
    document_id: int
    segment_index: int
    start: int  # offsets into the document text
    end: int
    speaker: str | None
    role: str
    text: str
    lemmas: str
    context: str  # content lemmas of the previous and next turn
    previous: str = ""  # content lemmas of the previous turn
    previous_text: str = ""  # the previous turn as spoken
    # sentence embeddings of the text and of the previous turn (coder.suggest.meaning)
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)
    previous_embedding: np.ndarray | None = field(default=None, compare=False, repr=False)


def document_units(analysed: AnalysedDocument) -> list[Unit]:
    """Units of one analysed document, in reading order."""
    turn_lemmas = [" ".join(content_lemmas(doc)) for doc in analysed.docs]
    turns = list(analysed.turns())
    units: list[Unit] = []
    for i, (segment, doc) in enumerate(turns):
        context = " ".join(turn_lemmas[j] for j in (i - 1, i + 1) if 0 <= j < len(turn_lemmas))
        previous = turn_lemmas[i - 1] if i > 0 else ""
        before = turns[i - 1][0] if i > 0 else None
        previous_text = analysed.text[before.start : before.end] if before is not None else ""
        role = speaker_role(segment.speaker)

        def unit(
            start: int,
            end: int,
            lemmas: str,
            *,
            segment: Segment = segment,
            role: str = role,
            context: str = context,
            previous: str = previous,
            previous_text: str = previous_text,
        ) -> Unit:
            return Unit(
                analysed.document_id,
                segment.index,
                segment.start + start,
                segment.start + end,
                segment.speaker,
                role,
                analysed.text[segment.start + start : segment.start + end],
                lemmas,
                context,
                previous,
                previous_text,
            )

        units.append(unit(0, segment.end - segment.start, turn_lemmas[i]))
        if word_count(doc) > LONG_TURN_WORDS:
            group: list = []
            for sentence in doc.sents:
                group.append(sentence)
                if sum(len(s) for s in group) >= UNIT_WORDS:
                    units.append(_group_unit(group, unit))
                    group = []
            if group:
                units.append(_group_unit(group, unit))
    return units


def _group_unit(sentences: list, make) -> Unit:  # type: ignore[no-untyped-def]
    # consecutive sentences: their content lemmas are those of the tokens they span
    lemmas = " ".join(content_lemmas(sentences[0].doc, sentences[0].start, sentences[-1].end))
    return make(sentences[0].start_char, sentences[-1].end_char, lemmas)


def _overlaps(unit: Unit, start: int, end: int) -> bool:
    """A coding applies to a unit when it covers most of the unit or lies mostly inside it."""
    return applies(unit.start, unit.end, start, end)


def label_units(
    units: list[Unit],
    codings: list[Coding],
    rejections: list[Rejection],
    code_ids: list[int],
) -> list[list[int]]:
    """For each unit and code: POSITIVE, NEGATIVE or UNKNOWN.

    Researchers code a transcript from the top, so in a document with human codings the
    units up to the last coded one are known: a code absent there is a negative. Units
    after it are unknown, except for codes coded or rejected there.
    """
    column = {code_id: k for k, code_id in enumerate(code_ids)}
    by_document: dict[int, list[Coding]] = {}
    for coding in codings:
        if coding.source == "human" and coding.code_id in column:
            by_document.setdefault(coding.document_id, []).append(coding)
    rejected: dict[int, list[Rejection]] = {}
    for rejection in rejections:
        if rejection.code_id in column:
            rejected.setdefault(rejection.document_id, []).append(rejection)

    labels = [[UNKNOWN] * len(code_ids) for _ in units]
    last_coded: dict[int, int] = {}
    for i, unit in enumerate(units):
        for coding in by_document.get(unit.document_id, ()):
            if _overlaps(unit, coding.start, coding.end):
                labels[i][column[coding.code_id]] = POSITIVE
                last_coded[unit.document_id] = max(
                    last_coded.get(unit.document_id, -1), unit.segment_index
                )
    for i, unit in enumerate(units):
        if unit.segment_index <= last_coded.get(unit.document_id, -1):
            labels[i] = [NEGATIVE if value == UNKNOWN else value for value in labels[i]]
        for rejection in rejected.get(unit.document_id, ()):
            k = column[rejection.code_id]
            if labels[i][k] != POSITIVE and _overlaps(unit, rejection.start, rejection.end):
                labels[i][k] = NEGATIVE
    return labels


def human_coded(unit: Unit, codings: list[Coding]) -> bool:
    return any(
        c.source == "human"
        and c.document_id == unit.document_id
        and _overlaps(unit, c.start, c.end)
        for c in codings
    )


def project_units(project: Project, document_ids: list[int] | None = None, **kwargs) -> list[Unit]:  # type: ignore[no-untyped-def]
    """Units of the documents, analysed by the feature pipeline unless ``nlp`` says otherwise."""
    from coder.nlp.analysis import analyse_project
    from coder.nlp.pipeline import load_feature_pipeline

    kwargs["nlp"] = kwargs.get("nlp") or load_feature_pipeline()
    units: list[Unit] = []
    for analysed in analyse_project(project, document_ids, **kwargs):
        units.extend(document_units(analysed))
    return units
