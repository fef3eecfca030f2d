r"""Running many regexes over a text in one pass, at the word starts where each can begin.

Run with `finditer`, each of the date and casualty patterns is a slow pass over the
whole article: the regex engine tries its case-insensitive alternatives at every word
boundary. But each starts with \b and one of a few opening words (or a digit), so one
pass of a scanner finds every word start where some pattern can begin, and each pattern
is then tried only at its own (`finditer_at`), with exactly the matches of `finditer`.

An opener is a word a match can begin with, found in any casing ("may" stands for "May"
too: trying more than the pattern takes costs only a try). A pattern whose openers miss
a word it can begin with loses those matches, so a pattern and its openers change
together.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import groupby
from typing import Generic, TypeVar

DIGIT = r"\d"  # the opener of a pattern that can begin with a digit

K = TypeVar("K", bound=Hashable)


def _alternation(words: Sequence[str]) -> str:
    """`words` as a regex that tries them in that order, each run of one initial grouped
    ("b(?:etween|y)|f(?:rom)"): with case-insensitive letters the engine tries every
    alternative in full, but a group only as far as its initial."""
    runs = [list(run) for _, run in groupby(words, key=lambda w: w[0])]
    return "|".join(re.escape(run[0][0]) + "(?:" + "|".join(re.escape(w[1:]) for w in run) + ")" for run in runs)


class OpenerScan(Generic[K]):
    """Where each of a set of regexes (by key) can start a match in a text."""

    def __init__(self, openers: Mapping[K, Sequence[str]]) -> None:
        self.openers = {key: tuple(words) for key, words in openers.items()}
        # Grouped by initial, so that the engine drops most groups after one letter, and
        # the longest first in a group, so that a hit names the most telling word.
        self._order = sorted({w for words in self.openers.values() for w in words if w != DIGIT},
                             key=lambda w: (w[0], -len(w), w))
        digits = any(DIGIT in words for words in self.openers.values())
        self._tried = [DIGIT, *self._order] if digits else self._order
        # An opener at a word start: the character before it is matched instead of \b, as a
        # character class first lets the engine skip ahead to the next candidate quickly.
        # It runs on the text after a space, so that an opener at 0 has a character before
        # it too, and a hit's start is the opener's offset in the text. A hit takes in only
        # word characters after its first one, so it never swallows the next word's start.
        self._scanner = re.compile(r"[^\w](" + (r"\d|" if digits else "") + "(?i:" + _alternation(self._order) + "))")
        self._led_by = lru_cache(maxsize=1024)(self._keys_for)

    def _keys_for(self, found: str) -> tuple[K, ...]:
        """The regexes that can start where the scanner found `found`.

        The scanner took the first opener, in its order, that matches there: the one that
        matches `found` first (any before it failed there as it fails on `found`). Of those
        it tries after, one may match there too if it agrees with `found` as far as both go."""
        def matches(opener: str) -> bool:
            return re.match(opener if opener == DIGIT else re.escape(opener), found, re.I) is not None

        def agrees(opener: str) -> bool:
            n = min(len(opener), len(found))
            return re.fullmatch(re.escape(opener[:n]), found[:n], re.I) is not None

        taken = next(i for i, opener in enumerate(self._tried) if matches(opener))
        possible = {self._tried[taken], *filter(agrees, self._tried[taken + 1:])}
        return tuple(key for key, words in self.openers.items() if possible.intersection(words))

    def starts(self, text: str) -> dict[K, list[int]]:
        """For each key, in increasing order, the offsets where its regex can start a match."""
        found: dict[K, list[int]] = {key: [] for key in self.openers}
        for hit in self._scanner.finditer(" " + text):
            for key in self._led_by(hit[1]):
                found[key].append(hit.start())
        return found


def finditer_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    r"""`pattern.finditer(text)` when `starts` holds every offset where a match can start.

    finditer takes the leftmost match, then looks on from where it ends: trying only the
    given offsets from there finds the same matches, for a pattern that cannot match the
    empty string (finditer treats those apart). `pattern.match` at an offset still reads
    the text before it, for \b and look-behinds; it is never given an end."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            end = m.end()
            yield m
