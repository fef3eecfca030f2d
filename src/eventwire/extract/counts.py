"""Casualty counts: how many were killed or injured, with their bounds.

"more than 80 people" -> min 80; "at least 40" -> min 40; "up to 100" -> max 100;
"dozens" -> min 24; "a dozen" -> 12; "12" -> min 12, max 12; "a death toll of 86" and
"the toll rose to 86" -> 86. A count is tied to a cue word ("killed", "dead", "death
toll", "injured") in the same clause; ``cue`` is that word's offset, the token the
pipeline anchors the count on, so that "a chemical attack that killed more than 80"
counts for the attack that did the killing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from eventwire.extract.openers import OpenerScan, finditer_at
from eventwire.model import Count

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
NUMBER_WORDS = {**UNITS, **TEENS, **TENS, "a hundred": 100, "one hundred": 100, "a dozen": 12, "a thousand": 1000,
                "one thousand": 1000}
# Vague quantities: the smallest number the word can honestly mean.
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
         "several": 3, "a few": 2}

_WORD = (r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(UNITS) + r"))?|"
         + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")")
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|" + _WORD + r")"
_VAGUE = r"(?P<vague>" + "|".join(sorted(VAGUE, key=len, reverse=True)) + r")(?:\s+of)?"
_LOWER = r"(?P<lower>more than|over|at least|no fewer than|no less than|upwards of|in excess of|a minimum of)"
_UPPER = r"(?P<upper>up to|as many as|nearly|almost|fewer than|less than|at most|close to|a maximum of)"
_ABOUT = r"(?P<about>about|around|some|roughly|approximately|an estimated|estimated)"
_QUANT = (r"(?P<q>(?:(?:" + _LOWER + r"|" + _UPPER + r"|" + _ABOUT + r")\s+)?(?:" + _NUM + r"|" + _VAGUE + r"))")
_WHO = r"(?:\s+(?:[\w-]+\s+){0,2}?(?:people|persons|civilians|soldiers|troops|police(?:men)?|officers|" \
    r"children|women|men|members|fighters|militants|rebels|protesters|demonstrators|pilgrims|" \
    r"worshippers|students|residents|villagers|others|migrants|passengers|workers|journalists|" \
    r"victims|bystanders|guards|personnel|insurgents|refugees|patients|staff|employees|inmates|prisoners))?"

_KILL_WORDS = ("killed", "killing", "kills", "kill", "dead", "died", "die", "dies", "slain", "massacred", "murdered",
               "executed", "lost their lives", "perished", "fatalities", "deaths", "bodies")
_HURT_WORDS = ("injured", "injuring", "injures", "wounded", "wounding", "wounds", "hurt", "injuries")
KILL = "(?P<cue>" + "|".join(_KILL_WORDS) + ")"
HURT = "(?P<cue>" + "|".join(_HURT_WORDS) + ")"
_BE = r"(?:(?:were|have been|had been|are|was|has been|is|being)\s+)?"
_TOLL = (r"(?P<cue>(?:death|casualty|fatality)\s+toll|toll)\s+(?:\w+\s+){0,4}?"
         r"(?:of|to|at|reached|hit|rose to|risen to|climbed to|jumped to|stood at|stands at|is|was)\s+")

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "killed more than 80 people", "kills at least 40 pilgrims", "leaving 12 dead" (below)
    ("fatalities", re.compile(r"\b" + KILL + r"\s+" + _QUANT + _WHO, re.I)),
    ("injured", re.compile(r"\b" + HURT + r"\s+" + _QUANT + _WHO, re.I)),
    # "80 people were killed", "at least 12 dead", "40 pilgrims died", "12 were shot dead"
    ("fatalities", re.compile(r"\b" + _QUANT + _WHO + r"\s+" + _BE + r"(?:\w+\s+)?" + KILL, re.I)),
    ("injured", re.compile(r"\b" + _QUANT + _WHO + r"\s+" + _BE + r"(?:\w+\s+)?" + HURT, re.I)),
    # "a death toll of 86", "the toll rose to 86"
    ("fatalities", re.compile(r"\b" + _TOLL + _QUANT, re.I)),
    # "claimed the lives of 20 people", "the deaths of 12 soldiers"
    ("fatalities", re.compile(r"\b(?P<cue>claimed the lives of|took the lives of|the deaths of)\s+" + _QUANT + _WHO,
                              re.I)),
]


@dataclass(frozen=True)
class CountMention:
    kind: str  # fatalities|injured
    start: int
    end: int
    count: Count
    cue: int = 0  # offset of the casualty word ("killed", "toll"), where the count is anchored


def _number(raw: str) -> int | None:
    raw = re.sub(r"\s+", " ", raw.lower().strip())
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    compound = re.fullmatch(r"(\w+)[- ](\w+)", raw)
    if compound and compound[1] in TENS and compound[2] in UNITS:
        return TENS[compound[1]] + UNITS[compound[2]]  # "twenty-five"
    scale = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1000)):
        if raw.endswith(word):
            raw, scale = raw[: -len(word)].strip(), factor
    try:
        return int(float(raw.replace(",", "")) * scale)
    except ValueError:
        return None


def _bounds(m: re.Match[str]) -> tuple[int | None, int | None] | None:
    g = m.groupdict()
    if g.get("vague"):
        low = VAGUE.get(re.sub(r"\s+", " ", g["vague"].lower()))
        if low is None:
            return None  # a look-alike letter the case-blind pattern took ("ſeveral"): no word we know
        return (None, None) if g.get("upper") else (low, None)
    n = _number(g["num"]) if g.get("num") else None
    if n is None:
        return None
    if g.get("lower"):
        return n, None
    if g.get("upper"):
        return None, n
    return n, n  # "about 50" is reported as 50: the bounds hold no fuzziness


def _looks_like_a_year(m: re.Match[str]) -> bool:
    """"killed in 2014" is no count; neither is "the 2003 dead" (a bare year-like number)."""
    num = m.groupdict().get("num") or ""
    return num.isdigit() and len(num) == 4 and num.startswith(("19", "20")) and not m.groupdict().get("lower")


# The quantity-first patterns try their long alternation at every word of the text,
# which made them most of the time spent on counts. Their match holds only word
# characters, white space, hyphens, and dots or commas between two digits ("2.5",
# "1,200"), and a cue word after white space: so they are run only on the stretches
# between other characters ("barriers") that hold a cue, with the same matches. (They
# have no look-around and no \b but the first, which reads the real character before
# the stretch; a cue word holds no barrier, so its stretch is the one it starts in.)
# A barrier is any character but those, or a dot or comma not between two digits; the
# character class comes first so that the regex engine can skip to the next one quickly.
_BARRIER = re.compile(r"[^\w\s-](?:(?<![.,])|(?<!\d[.,])|(?!\d))")
_KILL_CUE = re.compile(r"\b" + KILL, re.I)
_HURT_CUE = re.compile(r"\b" + HURT, re.I)
# Keyed by a pattern's text, here and below: a compiled regex hashes its whole program each time.
_QUANTITY_FIRST = {PATTERNS[2][1].pattern: _KILL_CUE, PATTERNS[3][1].pattern: _HURT_CUE}


def _cuts(text: str) -> list[int]:
    """0, the start and end of each barrier, len(text): stretch k is [cuts[2k], cuts[2k + 1])."""
    return [0, *(i for m in _BARRIER.finditer(text) for i in m.span()), len(text)]


# Where the other patterns and the cues can start: each begins with one of a few words,
# and one scan finds them all (see `openers`). Change a pattern and its openers together.
_OPENERS: dict[str, tuple[str, ...]] = {
    regex.pattern: tuple(sorted({phrase.split()[0] for phrase in phrases})) for regex, phrases in [
        (PATTERNS[0][1], _KILL_WORDS),
        (PATTERNS[1][1], _HURT_WORDS),
        (_KILL_CUE, _KILL_WORDS),
        (_HURT_CUE, _HURT_WORDS),
        (PATTERNS[4][1], ("death", "casualty", "fatality", "toll")),
        (PATTERNS[5][1], ("claimed", "took", "the")),
    ]
}
_SCAN = OpenerScan(_OPENERS)


def _matches(pattern: re.Pattern[str], text: str, cuts: list[int],
             starts: dict[str, list[int]] | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`; a quantity-first pattern is run only on the stretches with a cue.

    `starts` are the text's `_SCAN.starts`, if already known."""
    if starts is None:
        starts = _SCAN.starts(text)
    cue = _QUANTITY_FIRST.get(pattern.pattern)
    if cue is None:
        yield from finditer_at(pattern, text, starts[pattern.pattern])
        return
    last = -1
    for hit in finditer_at(cue, text, starts[cue.pattern]):
        k = bisect_right(cuts, hit.start()) - 1
        if k % 2 == 0 and k != last:  # in a stretch (always: cue words are letters), not yet scanned
            last = k
            yield from pattern.finditer(text, cuts[k], cuts[k + 1])


def find_counts(text: str) -> list[CountMention]:
    """Every casualty count in `text`, earliest first, without overlaps."""
    found: list[CountMention] = []
    cuts = _cuts(text)
    starts = _SCAN.starts(text)
    for kind, pattern in PATTERNS:
        for m in _matches(pattern, text, cuts, starts):
            bounds = _bounds(m)
            if bounds is None or _looks_like_a_year(m):
                continue
            quantity = re.sub(r"\s+of$", "", m.group("q"))
            found.append(CountMention(kind, m.start(), m.end(), Count(bounds[0], bounds[1], quantity), m.start("cue")))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[CountMention] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept
