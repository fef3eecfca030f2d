"""Casualty counts: how many were killed or injured, with their bounds.

"more than 80 people" -> min 80; "at least 40" -> min 40; "up to 100" -> max 100;
"dozens" -> min 24; "12" -> min 12, max 12. A count is tied to a cue word ("killed",
"dead", "death toll", "injured") in the same clause; `attach_counts` in the event
extractor decides which event it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.model import Count

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a hundred": 100, "one hundred": 100, "a dozen": 12, "a thousand": 1000,
}
# Vague quantities: the smallest number the word can honestly mean.
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "several": 3, "a few": 2}

_NUM = (r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|"
        + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")")
_VAGUE = r"(?P<vague>" + "|".join(VAGUE) + r")(?:\s+of)?"
_LOWER = r"(?P<lower>more than|over|at least|no fewer than|upwards of|in excess of)"
_UPPER = r"(?P<upper>up to|as many as|nearly|almost|fewer than|less than|at most)"
_ABOUT = r"(?P<about>about|around|some|roughly|approximately|an estimated)"
_QUANT = (r"(?P<q>(?:(?:" + _LOWER + r"|" + _UPPER + r"|" + _ABOUT + r")\s+)?(?:" + _NUM + r"|" + _VAGUE + r"))")
_WHO = r"(?:\s+(?:[\w-]+\s+){0,2}?(?:people|persons|civilians|soldiers|troops|police(?:men)?|officers|" \
    r"children|women|men|members|fighters|militants|rebels|protesters|demonstrators|pilgrims|" \
    r"worshippers|students|residents|villagers|others|migrants|passengers|workers|journalists))?"

KILL = r"(?:killed|killing|kills|kill|dead|died|die|dies|slain|massacred|murdered|lost their lives|perished)"
HURT = r"(?:injured|injuring|injures|wounded|wounding|wounds|hurt)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "killed more than 80 people", "kills at least 40 pilgrims"
    ("fatalities", re.compile(r"\b" + KILL + r"\s+" + _QUANT + _WHO, re.I)),
    ("injured", re.compile(r"\b" + HURT + r"\s+" + _QUANT + _WHO, re.I)),
    # "80 people were killed", "at least 12 dead", "40 pilgrims died"
    ("fatalities", re.compile(_QUANT + _WHO + r"\s+(?:(?:were|have been|had been|are|was)\s+)?"
                              + r"(?:\w+\s+)?" + KILL, re.I)),
    ("injured", re.compile(_QUANT + _WHO + r"\s+(?:(?:were|have been|had been|are|was)\s+)?"
                           + r"(?:\w+\s+)?" + HURT, re.I)),
    ("fatalities", re.compile(r"\bdeath toll\s+(?:\w+\s+){0,3}?(?:of|to|at|reached|rose to|stood at)\s+" + _QUANT,
                              re.I)),
]


@dataclass(frozen=True)
class CountMention:
    kind: str  # fatalities|injured
    start: int
    end: int
    count: Count


def _number(raw: str) -> int | None:
    raw = raw.lower().strip()
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
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
        return VAGUE[g["vague"].lower()], None
    n = _number(g["num"]) if g.get("num") else None
    if n is None:
        return None
    if g.get("lower"):
        return n, None
    if g.get("upper"):
        return None, n
    if g.get("about"):
        return n, n
    return n, n


def find_counts(text: str) -> list[CountMention]:
    """Every casualty count in `text`, earliest first, without overlaps."""
    found: list[CountMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            bounds = _bounds(m)
            if bounds is None:
                continue
            quantity = m.group("q").removesuffix(" of")
            found.append(CountMention(kind, m.start(), m.end(), Count(bounds[0], bounds[1], quantity)))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[CountMention] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept
