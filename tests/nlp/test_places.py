"""The places of a lemma query's words in the turns the index found, searched over all
turns at once, agree with reading each turn word by word (the plain way, kept here)."""

from __future__ import annotations

import pytest

from coder.nlp.index import MIN_COMPOUND_HEAD, MIN_STEM_WORD, Query, Unit, Word, index_token
from coder.nlp.places import places
from coder.store.search import TurnMatch


def row(words: list[tuple[str, str, str]], start: int = 0) -> TurnMatch:
    """A turn of (form, lemma, stem) words, each followed by one space in the text."""
    offsets, at = [], start
    for form, _lemma, _stem in words:
        offsets.append(f"{at},{at + len(form)}")
        at += len(form) + 1
    return TurnMatch(
        0, 1, 0, None, start, at, None,
        " ".join(w[0] for w in words),
        " ".join(w[1] for w in words),
        " ".join(w[2] for w in words),
        " ".join(offsets),
    )  # fmt: skip


def word_by_word(match: TurnMatch, query: Query, compounds: bool) -> list[tuple[int, int]]:
    forms, lemmas, stems = match.forms.split(), match.lemmas.split(), match.stems.split()

    def finds(i: int, word: Word) -> bool:
        if word.prefix:
            return forms[i].startswith(word.form) or lemmas[i].startswith(word.lemma)
        target_stem = index_token(word.stem) if len(word.form) >= MIN_STEM_WORD else None
        head = word.lemma if compounds and len(word.lemma) >= MIN_COMPOUND_HEAD else None
        return (
            forms[i] == word.form
            or lemmas[i] in (word.lemma, word.form)
            or (stems[i] == target_stem and len(forms[i]) >= MIN_STEM_WORD)
            or (head is not None and lemmas[i].endswith(head))
        )

    found = set()
    for unit in query.units:
        if unit.negated:
            continue
        n = len(unit.words)
        for i in range(len(forms) - n + 1):
            if all(finds(i + k, w) for k, w in enumerate(unit.words)):
                found.add((i, i + n - 1))
    offsets = match.offsets.split()
    return sorted((int(offsets[a].split(",")[0]), int(offsets[b].split(",")[1])) for a, b in found)


TURNS = [
    row([("de", "de", "de"), ("hulpverleners", "hulpverlener", "hulpverlen"), ("zeggen", "zeggen", "zegg")]),
    row([("hulpverlener", "hulpverlener", "hulpverlen"), ("plan", "plan", "plan")], 100),
    row([("van", "van", "van"), ("aanpak", "aanpak", "aanpak"), ("jeugdhulpverlener", "jeugdhulpverlener", "jeugdhulpverlen")], 200),
    row([], 300),
    row([("het", "het", "het"), ("plan", "plan", "plan"), ("van", "van", "van"), ("aanpak", "aanpak", "aanpak"), ("wachten", "wachten", "wacht")], 400),
    row([("wachtlijst", "wachtlijst", "wachtlijst"), ("wachttijd", "wachttijd", "wachttijd"), ("wacht", "wachten", "wacht"), ("planning", "planning", "plann")], 500),
    row([("verlener", "verlener", "verlen"), ("zorg", "zorg", "zorg"), ("jeugdzorg", "jeugdzorg", "jeugdzorg"), ("wach", "wach", "wacht")], 600),
]  # fmt: skip


def w(form: str, lemma: str | None = None, stem: str | None = None) -> Word:
    return Word(form, lemma or form, stem or form)


QUERIES = {
    "word, its inflection and compound": Query("", (Unit((w("hulpverlener", stem="hulpverlen"),)),)),
    "a phrase, not across turns": Query("", (Unit((w("plan"), w("van"), w("aanpak"))),)),
    "a prefix": Query("", (Unit((Word("wacht", "wacht", "", prefix=True),)),)),
    "a phrase or a word": Query("", (Unit((w("van"), w("aanpak"))), Unit((w("wachten", stem="wacht"),)))),
    "a negated unit shows nothing": Query("", (Unit((w("zorg"),)), Unit((w("plan"),), negated=True))),
    "a short stem finds no short form": Query("", (Unit((w("wachten", stem="wacht"),)),)),
}  # fmt: skip


@pytest.mark.parametrize("compounds", [True, False])
@pytest.mark.parametrize("name", list(QUERIES))
def test_places_agree_with_reading_word_by_word(name: str, compounds: bool) -> None:
    query = QUERIES[name]
    expected = [word_by_word(turn, query, compounds) for turn in TURNS]
    assert places(TURNS, query, compounds) == expected
    assert any(expected)  # each query finds something


def test_a_phrase_across_two_turns_is_not_found() -> None:
    phrase = QUERIES["a phrase, not across turns"]
    assert places(TURNS, phrase, True)[1] == []  # "plan" ends turn 2, "van aanpak" opens 3
    assert places(TURNS, phrase, True)[4] == [(404, 419)]


def test_rows_out_of_step_are_refused() -> None:
    broken = row([("een", "een", "een"), ("plan", "plan", "plan")])
    broken = TurnMatch(*[getattr(broken, f) for f in TurnMatch.__slots__][:-1], "0,3")
    with pytest.raises(ValueError):
        places([broken], QUERIES["a phrase, not across turns"], True)
