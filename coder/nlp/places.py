"""Where a lemma query's words stand in the turns the index found.

The index (coder.store.search) finds the turns; this finds the words in them. A common
word finds thousands of turns of a few hundred words each, so the words are not looked
at one by one in Python: each column of all the found turns is joined into one text
(" word word … " per turn) and searched with ``str.find``, which runs in C. Python only
sees the places found.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from coder.nlp.index import MIN_COMPOUND_HEAD, MIN_STEM_WORD, Query, Word, index_token

if TYPE_CHECKING:
    from coder.store.search import TurnMatch

Place = tuple[int, int]  # (turn number among the matches, word number in the turn)


class _Column:
    """One column (words, lemmas or stems) of all the turns, as one text."""

    def __init__(self, values: Sequence[str]) -> None:
        parts = [f" {value} " for value in values]
        self.text = "".join(parts)
        self.starts = list(accumulate((len(part) for part in parts), initial=0))

    def _places(self, spaces: Iterator[int]) -> set[Place]:
        """The turn and word of the word after each space at ``spaces`` (increasing):
        words are counted on from the last place, turns found only when one ends."""
        text, starts = self.text, self.starts
        places: set[Place] = set()
        turn, turn_end, word, counted = -1, -1, 0, 0
        for space in spaces:
            if space >= turn_end:
                turn = bisect_right(starts, space) - 1
                turn_end, word, counted = starts[turn + 1], 0, starts[turn]
            word += text.count(" ", counted, space)
            counted = space
            places.add((turn, word))
        return places

    def _found(self, needle: str) -> Iterator[int]:
        at = self.text.find(needle)
        while at >= 0:
            yield at
            at = self.text.find(needle, at + 1)

    def whole(self, word: str) -> set[Place]:
        return self._places(self._found(f" {word} "))

    def starting(self, prefix: str) -> set[Place]:
        return self._places(self._found(f" {prefix}"))

    def ending(self, suffix: str) -> set[Place]:
        text = self.text
        return self._places(text.rfind(" ", 0, at) for at in self._found(f"{suffix} "))


def _count(column: str) -> int:
    return column.count(" ") + 1 if column else 0


def places(
    matches: Sequence[TurnMatch], query: Query, compounds: bool
) -> list[list[tuple[int, int]]]:
    """For each match, (start, end) in the document of each place in the turn where a
    positive unit of the query stands, in reading order. ValueError for a row this index
    did not write (words, lemmas, stems and offsets out of step, offsets that are no
    numbers)."""
    for match in matches:
        words = _count(match.forms)
        if not words == _count(match.lemmas) == _count(match.stems) == _count(match.offsets):
            raise ValueError("index row out of step")
    forms = _Column([m.forms for m in matches])
    lemmas = _Column([m.lemmas for m in matches])
    stems = _Column([m.stems for m in matches])
    split_forms: dict[int, list[str]] = {}

    def long_enough(place: Place) -> bool:
        turn, word = place
        if turn not in split_forms:
            split_forms[turn] = matches[turn].forms.split(" ")
        return len(split_forms[turn][word]) >= MIN_STEM_WORD

    def positions(word: Word) -> set[Place]:
        """The words that ``word`` finds: the form, the lemma or (for words long enough)
        the stem is the same, or the lemma ends in the word's lemma (a compound); for a
        prefix, the form or the lemma starts with it."""
        if word.prefix:
            return forms.starting(word.form) | lemmas.starting(word.lemma)
        found = forms.whole(word.form)
        lemma_words = {word.lemma, word.form}
        if compounds and len(word.lemma) >= MIN_COMPOUND_HEAD:
            found |= lemmas.ending(word.lemma)  # the lemma itself too: no second search
            lemma_words = {w for w in lemma_words if not w.endswith(word.lemma)}
        for lemma in lemma_words:
            found |= lemmas.whole(lemma)
        if len(word.form) >= MIN_STEM_WORD:
            stemmed = stems.whole(index_token(word.stem)) - found
            found.update(filter(long_enough, stemmed))
        return found

    runs: dict[int, set[tuple[int, int]]] = defaultdict(set)  # turn → (first, last word)
    for unit in query.units:
        if unit.negated:
            continue
        first, *following = [positions(word) for word in unit.words]
        if not following:  # one word, the usual query
            for turn, word in first:
                runs[turn].add((word, word))
            continue
        for turn, word in first:
            if all((turn, word + k + 1) in later for k, later in enumerate(following)):
                runs[turn].add((word, word + len(following)))
    result: list[list[tuple[int, int]]] = [[] for _ in matches]
    for turn, pairs in runs.items():
        last_word = max(last for _first, last in pairs)
        offsets = matches[turn].offsets.split(" ", last_word + 1)  # no further than needed
        spans = [
            (int(offsets[first].partition(",")[0]), int(offsets[last].partition(",")[2]))
            for first, last in pairs
        ]
        result[turn] = sorted(spans) if len(spans) > 1 else spans
    return result
