"""Finding tens of thousands of KB names in an article in one pass, without false friends.

Surfaces are indexed by their first word, lower-cased; the text is walked word by
word and only the few surfaces that start with that word are compared. Longest
match first, never overlapping, left to right: the same result as one big regex
alternation, at a cost that does not grow with the size of the KB.

A leading "the" is not part of a surface ("the Taliban" is indexed as "Taliban"):
mentions never include the article, and a longer "The Islamic State" of a lower
layer must not beat the curated "Islamic State".

Hyphens and spaces compare equal ("al-Abadi" is "al Abadi") and so do curly and
straight apostrophes; the text is never changed, so offsets stay exact. A match
may not touch a letter, digit or hyphen on either side ("IS" is not in "ISIS",
"Iran" not in "Iran-backed").

How much case must agree depends on the surface (the alias guard, docs/kb.md):

* ``exact`` - short surfaces (one word of at most three letters: "IS", "AU",
  "US", "Xi") and capitalised acronyms of up to six letters ("ISIS", "NATO")
  match only as written, and not inside shouting text ("WHAT IS NEXT"): when two
  other words in the three on each side are capitals that the KB does not know,
  the text is a headline in capitals, not a name.
* ``word`` - any other single word ("Sadr", "Hezbollah") matches as written or
  in capitals ("SADR"), never in lower case ("trump", "turkey").
* ``name`` - several words ("Haider al-Abadi", "Islamic State of Iraq and the
  Levant") match in any case provided the text looks like a name: every word
  that is not a particle (al, bin, of, the ...) starts with a capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Generic, TypeVar

from eventwire.kb.names import PARTICLES

T = TypeVar("T")

_WORD = re.compile(r"\w+")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’‘\-][^\W\d_]+)*")
_CAPS_WORD = re.compile(r"^[^\W\d_a-z]{2,}$")
# Same-length replacements only: offsets in the normalised text are offsets in the original.
_NORMALISE = (("’", "'"), ("‘", "'"), ("-", " "), ("‐", " "), ("‑", " "))
_WINDOW = 3

# A first word's surfaces, grouped by length (longest first) and then by lower-cased text:
# (length, {surface_low: [(surface, rule, payload), ...]}), each list in index order.
_Bucket = list[tuple[int, dict[str, list[tuple[str, str, T]]]]]


def surface_rule(surface: str) -> str:
    """`exact`, `word` or `name`: how much case a surface needs (see the module docstring)."""
    if " " in surface.strip():
        return "name"
    letters = sum(c.isalpha() for c in surface) if len(surface) > 3 else len(surface)
    if letters <= 3 or (letters <= 6 and surface.isupper()):
        return "exact"
    return "word"


def normalise(text: str) -> str:
    # One `replace` per character rather than `str.translate`: translating with a mapping goes
    # through a dict lookup per character once the text holds any non-ASCII character (news
    # does: curly quotes), and the replacements cannot feed each other.
    for old, new in _NORMALISE:
        text = text.replace(old, new)
    return text


def looks_like_name(segment: str) -> bool:
    """Every word but the particles starts with a capital ("Haidar al-Abadi", not "world bank")."""
    seen = False
    for word in _NAME_WORD.findall(segment):
        parts = [p for p in re.split(r"-", word) if p]
        while len(parts) > 1 and parts[0].lower() in PARTICLES:
            parts = parts[1:]
        head = parts[0] if parts else word
        if head.lower() in PARTICLES and len(parts) == 1:
            continue
        if not head[0].isupper():
            return False
        seen = True
    return seen


class SurfaceIndex(Generic[T]):
    """Surface forms of KB entries, keyed by first word; `find` returns non-overlapping matches."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[int, str, str, str, T]]] = {}
        self._buckets: dict[str, _Bucket[T]] = {}  # `_by_first` grouped for `find`, see `_sort`
        self._keys: set[str] = set()
        self._exact_words: set[str] = set()
        self._sorted = True

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, surface: str, payload: T) -> bool:
        """Index one surface; False when an equal one (same letters, any case) is already in."""
        norm = normalise(surface.strip())
        if norm[:4].lower() == "the " and len(norm) > 4:
            norm = norm[4:]  # "the Taliban" is "Taliban": mentions never include the article
        first = _WORD.match(norm)
        if first is None:  # surfaces must start with a letter or digit to be found by word starts
            return False
        rule = surface_rule(norm)
        key = norm if rule == "exact" else norm.lower()
        if key in self._keys:
            return False
        self._keys.add(key)
        if rule == "exact":
            self._exact_words.add(norm)
        self._by_first.setdefault(first.group(0).lower(), []).append((len(norm), norm, norm.lower(), rule, payload))
        self._sorted = False
        return True

    def add_all(self, surfaces: Iterable[str], payload: T) -> None:
        for s in surfaces:
            self.add(s, payload)

    def _sort(self) -> None:
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -e[0])
        # A first word like "al" starts thousands of surfaces, yet at one position in the text
        # only one segment per length can match: `find` slices each length once and looks the
        # segment up, instead of trying every surface in turn (same order, same first winner).
        self._buckets = {}
        for first, entries in self._by_first.items():
            bucket: _Bucket[T] = []
            for length, surface, surface_low, rule, payload in entries:  # longest first
                if not bucket or bucket[-1][0] != length:
                    bucket.append((length, {}))
                bucket[-1][1].setdefault(surface_low, []).append((surface, rule, payload))
            self._buckets[first] = bucket
        self._sorted = True

    def find(self, text: str) -> list[tuple[int, int, T]]:
        """Every indexed surface in `text`: (start, end, payload), longest first, never overlapping."""
        if not self._sorted:
            self._sort()
        norm = normalise(text)
        lowered = norm.lower()
        low = lowered if len(lowered) == len(norm) else None
        out: list[tuple[int, int, T]] = []
        taken_until = 0
        buckets = self._buckets
        for m in _WORD.finditer(norm):
            pos = m.start()
            if pos < taken_until or (pos > 0 and text[pos - 1] in "-‐‑_"):
                continue
            bucket = buckets.get(m.group(0).lower())
            if not bucket:
                continue
            found = self._match_at(text, norm, low, pos, bucket)
            if found is not None:
                end, payload = found
                out.append((pos, end, payload))
                taken_until = end
        return out

    def _match_at(self, text: str, norm: str, low: str | None, pos: int, bucket: _Bucket[T]) -> tuple[int, T] | None:
        """The longest surface of the bucket at `pos` (the first indexed among equals): its end and payload."""
        n = len(text)
        for length, by_low in bucket:
            end = pos + length
            if end > n or (end < n and (text[end].isalnum() or text[end] in "_-‐‑")):
                continue
            seg_low = low[pos:end] if low is not None else norm[pos:end].lower()
            for surface, rule, payload in by_low.get(seg_low, ()):
                if self._case_ok(text, norm, pos, end, surface, rule):
                    return end, payload
        return None

    def _case_ok(self, text: str, norm: str, start: int, end: int, surface: str, rule: str) -> bool:
        segment = norm[start:end]
        if rule == "exact":
            return segment == surface and not self._shouting(norm, start, end)
        if rule == "word":
            return segment == surface or segment == surface.upper()
        return looks_like_name(text[start:end])

    def _shouting(self, norm: str, start: int, end: int) -> bool:
        """Two or more unknown all-capital words within three words on either side."""
        before = _WORD.findall(norm[max(0, start - 60):start])[-_WINDOW:]
        after = _WORD.findall(norm[end:end + 60])[:_WINDOW]
        loud = sum(1 for w in (*before, *after) if _CAPS_WORD.match(w) and w not in self._exact_words)
        return loud >= 2
