"""Finding the identifying details in Dutch transcripts: names of people, places and
organisations, concrete dates, a person's age, phone numbers and e-mail addresses.

Spoken Dutch is written in lower case except at the start of a sentence and for
names, so a capitalised word inside a sentence that is not a common Dutch word (the
lexicon that ships with the Dutch pipeline) or that the tagger calls a proper noun is
a name; at the start of a sentence only a proper noun that is no common word is. Runs
of such words ("Raad voor de Kinderbescherming", "Jeugdbescherming Rotterdam Rijnmond")
are one name. Its kind follows from its shape and its context: street and place words,
"in"/"naar"/"uit" before it, organisation words, acronyms and CamelCase; a person
otherwise. Details with a shape (patterns.py) are found by expression.

A name found once is found everywhere in the project, also in lower case or with a
possessive ("Samira's"), and so are speaker labels that are names: a transcript says
"Samira" capitalised once and "samira" later, and pseudonymising one of them is not
enough.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from coder.deid import lexicon
from coder.deid.patterns import (
    AGE,
    CONTACT,
    DATE,
    NUMBER_WORD,
    age_after_name,
    shaped_details,
)
from coder.progress import Progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

PERSON, PLACE, ORGANISATION = "PER", "LOC", "ORG"
# What the detector needs of a pipeline: tokens, parts of speech, sentences.
_NEEDED_PIPES = {
    "tok2vec",
    "tagger",
    "morphologizer",
    "senter",
    "parser",
}
KINDS = (PERSON, PLACE, ORGANISATION, DATE, AGE, CONTACT)
# When two findings overlap, the one of the earlier kind in this order wins.
_PRECEDENCE = {CONTACT: 0, DATE: 1, ORGANISATION: 2, PLACE: 3, PERSON: 4, AGE: 5}


_BATCH = 64  # turns read at a time

NUMBER = re.compile(rf"{NUMBER_WORD}|\d+")


@dataclass(frozen=True)
class Finding:
    """An identifying detail: ``text[start:end]`` of a turn (or a document)."""

    start: int
    end: int
    text: str
    kind: str


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The Dutch lexicon (coder.nlp.lexicon) and the words of speech in
    lexicon.SPOKEN_WORDS: so "Ja", "Maanden" or "Welkom" at the start of a sentence are
    not names."""
    from coder.nlp.lexicon import common_words

    return common_words() | lexicon.SPOKEN_WORDS


def fold(text: str) -> str:
    """How names are compared: case, accents and the Turkish dotless ı folded away, so
    "Aydın", "aydin" and "AYDIN" are one name."""
    text = text.replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Detector:
    """Finds identifying details in the turns of a project, consistently across it.

    ``nlp``: a Dutch pipeline with a tagger and sentences (the feature pipeline).
    ``keep``: names the researcher marked as not identifying; ``extra``: names (and
    their kinds) the researcher added.
    """

    def __init__(
        self,
        nlp: Language,
        *,
        keep: Iterable[str] = (),
        extra: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.nlp = nlp
        self.common = _common_words()
        self.keep = {fold(k) for k in keep}
        self.extra = [(text, kind) for text, kind in extra if text.strip()]

    def find(
        self,
        turns: Sequence[str],
        speakers: Sequence[str | None] = (),
        names_only: Sequence[str] = (),
        progress: Progress | None = None,
    ) -> list[list[Finding]]:
        """The findings of each turn (``speakers``: the turns' speaker labels, which
        may be names too), followed by those of each text of ``names_only`` (document
        names, speaker labels): in these only the names found elsewhere are looked for,
        as they are no sentences to read. ``progress(done, total, "")`` is told how many
        turns were read, batch by batch."""
        unused = [name for name in self.nlp.pipe_names if name not in _NEEDED_PIPES]
        found: list[list[Finding]] = []
        names: dict[str, str] = {}  # name → kind, for finding it everywhere
        docs = self.nlp.pipe(turns, batch_size=_BATCH, disable=unused)
        for number, (text, doc) in enumerate(zip(turns, docs, strict=True)):
            if progress is not None and number % _BATCH == 0:
                progress(number, len(turns), "")
            spans = list(self._names(doc, text))
            spans += [
                (*age, AGE)
                for start, end, kind in spans
                if kind == PERSON and (age := age_after_name(text, end)) is not None
            ]
            spans += list(shaped_details(text)) + list(_listed_names(text))
            found.append([Finding(s, e, text[s:e], k) for s, e, k in spans])
            for start, end, kind in spans:
                if kind in (PERSON, PLACE, ORGANISATION):
                    names.setdefault(text[start:end], kind)
        for speaker in set(speakers):
            if speaker and self._is_name_label(speaker):
                names.setdefault(speaker, PERSON)
        for name, kind in self.extra:
            names[name] = kind
        everywhere = self._everywhere(names)
        result = []
        found += [[] for _ in names_only]
        for text, findings in zip([*turns, *names_only], found, strict=True):
            for pattern, kinds in everywhere:
                for match in pattern.finditer(text):
                    start, end = match.span("name")
                    known = kinds.get(fold(match["name"]))
                    if known is not None:
                        findings.append(Finding(start, end, text[start:end], known))
            result.append(_resolve(f for f in findings if fold(f.text) not in self.keep))
        return result

    def _everywhere(self, names: dict[str, str]) -> list[tuple[re.Pattern[str], dict[str, str]]]:
        """Expressions that find every known name in any text, with the kind of each
        (folded) name. A name that is also a common word ("Kompas", "Daan") is found only
        capitalised; the others also in lower case and with ı for i ("aydın", "samira")."""
        anywhere: dict[str, str] = {}
        capitalised: dict[str, str] = {}
        for name, kind in names.items():
            key = fold(name)
            if key in self.keep or len(key) < 2:
                continue
            if (
                key in self.common
                or _camel_case(name)
                or any(fold(w) in lexicon.NOT_NAMES for w in name.split())
            ):
                capitalised.setdefault(name, kind)
            else:
                anywhere.setdefault(key, kind)
                for variant in {name, name.lower(), _dotless(name), _dotless(name.lower())}:
                    capitalised.setdefault(variant, kind)
        patterns = []
        for table, flags in ((capitalised, 0), (anywhere, re.IGNORECASE)):
            if table:
                alternatives = "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
                expression = rf"(?<![\w@.-])(?P<name>{alternatives})(?:['’]s?)?(?![\w@])"
                patterns.append(
                    (re.compile(expression, flags), {fold(n): k for n, k in table.items()})
                )
        return patterns

    # -- names --------------------------------------------------------------------------------

    def _is_name_label(self, label: str) -> bool:
        """A speaker label that is a name ("Samira", "Marieke de Boer"), not a role
        ("Moeder", "Wmo-consulent", "Jeugdarts 2", "I", "IB")."""
        words = label.split()
        folded = [fold(w) for w in words]
        return (
            0 < len(words) <= 4
            and words[0][:1].isupper()
            and all(
                w[:1].isupper() or f in lexicon.NAME_JOINERS
                for w, f in zip(words, folded, strict=True)
            )
            and len(label) > 2
            and not label.isupper()
            and not any(f in lexicon.ROLES or f in lexicon.NOT_NAMES for f in folded)
            and not any(part in f for f in folded for part in lexicon.ROLE_PARTS)
        )

    def _names(self, doc: Doc, text: str) -> Iterable[tuple[int, int, str]]:
        run: list[Token] = []
        for token in doc:
            if run and _sentence_start(token):
                yield from self._close(run, doc, text)  # a name never runs on into a new sentence
                run = []
            if self._is_name_word(token, bool(run)):
                if not run:
                    run = self._lead(token)
                run.append(token)
                continue
            if run and token.lower_ in lexicon.NAME_JOINERS and _continues_name(token):
                run.append(token)
                continue
            yield from self._close(run, doc, text)
            run = []
        yield from self._close(run, doc, text)

    def _is_common(self, word: str) -> bool:
        """A common word or an inflected form of one ("maanden", "voelt"), or a number."""
        common = self.common
        return (
            word in common
            or (word.endswith("en") and word[:-2] in common)
            or (word.endswith("t") and word[:-1] + "en" in common)
            or (len(word) > 4 and word.endswith("s") and word[:-1] in common)
            or NUMBER.fullmatch(word) is not None
        )

    def _lead(self, token: Token) -> list[Token]:
        """Capitalised words before a name that belong to it: "De Vuurvogel", "Prins
        Alexander", "Meneer De Jonge" (the title stays out)."""
        lead: list[Token] = []
        i = token.i - 1
        while i >= 0:
            before = token.doc[i]
            if before.lower_ in lexicon.NAME_JOINERS and not before.text[:1].isupper() and i > 0:
                # "Pleegzorg Stad en Ommeland": a joiner between capitalised words
                joined = token.doc[i - 1]
                if self._leads(joined):
                    lead[:0] = [joined, before]
                    i -= 2
                    continue
                break
            if not self._leads(before):
                break
            lead.insert(0, before)
            i -= 1
        return lead

    def _leads(self, before: Token) -> bool:
        folded = fold(before.text)
        return not (
            not before.text[:1].isupper()
            or (_sentence_start(before) and folded not in lexicon.NAME_JOINERS)
            or folded in lexicon.TITLES
            or folded in lexicon.NOT_NAMES
            or folded in lexicon.ROLES
        )

    def _is_name_word(self, token: Token, inside: bool) -> bool:
        text = token.text
        if not text[:1].isupper() or not any(c.isalpha() for c in text):
            return False
        folded = fold(text.rstrip("'’").removesuffix("'s").removesuffix("’s"))
        first = folded.split("-")[0]  # "Wmo-plan", "JIM-traject" are no names
        if (
            first in lexicon.NOT_NAMES
            or first in lexicon.GENERIC_ACRONYMS
            or (folded in lexicon.ROLES and not inside)
        ):
            return False
        if len(folded.rstrip(".")) == 1:  # an initial: part of a name that follows
            following = token.nbor(1) if token.i + 1 < len(token.doc) else None
            return (
                following is not None
                and following.text[:1].isupper()
                and not self._is_common(fold(following.text))
            )
        if text.isupper() and len(text) > 1:
            return not lexicon.GENERIC_CODE.fullmatch(folded)
        common = self._is_common(folded)
        after_title = token.i > 0 and fold(token.nbor(-1).text) in lexicon.TITLES
        if _sentence_start(token) and not inside:
            # "Ja", "Sorry", "Maanden" begin sentences; "Daan" and "Esther" are names, and
            # so is "Van de Velde"
            if folded in lexicon.NAME_JOINERS:
                return _continues_name(token)
            return token.pos_ == "PROPN" and not common
        # Capitalised inside a sentence: a name, unless it is a common word the tagger
        # does not take for one and nothing else marks it ("Nee" after a transcriber's
        # note); "Jeugdbescherming Noord", "meneer De Jonge" and "bij De Kleine Prins"
        # are names all the same.
        return (
            not common
            or inside
            or after_title
            or token.pos_ == "PROPN"
            or folded in lexicon.ORGANISATION_WORDS
            or (folded in lexicon.NAME_JOINERS and _continues_name(token))
        )

    def _close(self, run: list[Token], doc: Doc, text: str) -> Iterable[tuple[int, int, str]]:
        while run and run[-1].lower_ in lexicon.NAME_JOINERS:
            run = run[:-1]
        if not run:
            return
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        name = text[start:end]
        for suffix in ("'s", "’s", "'", "’"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                end -= len(suffix)
                name = name[: -len(suffix)]
                break
        yield start, end, self._kind(name, run, doc)

    def _kind(self, text: str, run: list[Token], doc: Doc) -> str:
        folded = fold(text)
        words = folded.split()
        before = [t.lower_ for t in doc[max(0, run[0].i - 3) : run[0].i]]
        if (
            folded in lexicon.ORGANISATIONS
            or any(w in lexicon.ORGANISATION_WORDS for w in words)
            or any(folded.endswith(s) for s in lexicon.ORGANISATION_SUFFIXES)
            or _camel_case(text)
            or (text.isupper() and len(text) > 1)
            or "." in text
        ):
            return ORGANISATION
        if (before and before[-1] in lexicon.TITLES) or any(w in lexicon.TITLES for w in before):
            return PERSON
        if (
            folded in lexicon.PLACES
            or any(folded.endswith(s) for s in lexicon.STREET_SUFFIXES)
            or any(w in lexicon.PLACE_WORDS for w in words)
            or (before and before[-1] in lexicon.PLACE_PREPOSITIONS)
        ):
            return PLACE
        if (
            words[0] in ("de", "het")
            and len(words) > 1
            and not (before and before[-1] in lexicon.TITLES)
        ):
            return ORGANISATION  # "De Vuurvogel", "Het Kompas": a school, a centre
        return PERSON


def _listed_names(text: str) -> Iterable[tuple[int, int, str]]:
    """The organisations and places of the lexicon, written with a capital."""
    for match in _LISTED.finditer(text):
        name = match["name"]
        if name[:1].isupper():
            key = fold(name)
            yield (
                match.start("name"),
                match.end("name"),
                (ORGANISATION if key in lexicon.ORGANISATIONS else PLACE),
            )


_LISTED = re.compile(
    r"(?<![\w@.-])(?P<name>"
    + "|".join(
        re.escape(n).replace(r"\ ", r"\s+")
        for n in sorted(lexicon.ORGANISATIONS | lexicon.PLACES, key=len, reverse=True)
    )
    + r")(?![\w@])",
    re.IGNORECASE,
)


def _camel_case(text: str) -> bool:
    """ "MaasKracht", "SchuldHulpMaatje": a brand, not a word."""
    return bool(re.search(r"[a-zà-ÿ][A-Z]", text))


def _sentence_start(token: Token) -> bool:
    """The first word of a sentence: the tagger says so, or the word before it ends one
    (the small pipeline misses some boundaries in speech), or opens a quote or note."""
    if token.i == 0 or token.is_sent_start:
        return True
    before = token.nbor(-1).text
    return before in lexicon.OPENING_MARKS or before[-1:] in lexicon.CLOSING_MARKS


def _continues_name(token: Token) -> bool:
    """ "van", "de", "voor" join a name only when a capitalised word follows."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in lexicon.NAME_JOINERS:
        following = following.nbor(1) if following.i + 1 < len(token.doc) else None
    return following is not None and following.text[:1].isupper()


def _dotless(name: str) -> str:
    """Turkish names are written with and without the dotless ı: "Aydın", "Aydin"."""
    return name.replace("ı", "i") if "ı" in name else name.replace("i", "ı")


def _resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Overlapping findings: the longer, then the more specific kind wins."""
    ordered = sorted(
        set(findings), key=lambda f: (-(f.end - f.start), _PRECEDENCE[f.kind], f.start)
    )
    kept: list[Finding] = []
    for finding in ordered:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)
