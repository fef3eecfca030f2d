"""The one-pass scan of date and casualty patterns finds exactly what `finditer` finds."""

import json
import re
from pathlib import Path

import pytest

from eventwire.extract import counts, times
from eventwire.extract.openers import DIGIT, OpenerScan, finditer_at

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"

TRICKY = [
    "May 4, 2017", "on Monday; last night. Yesterday", "4th of April-6 May 2016", "2014-16 and 2017-04-04",
    "between 2014 and 2016", "from March to MAY", "mid-2014, late-2015", "The day before yesterday",
    "a few days ago, an hour earlier, several weeks ago", "they may march in March", "ſeveral İn ıt K",
    "12 killed, 3 wounded; the death toll rose to 40", "killing 3 and injuring 4 others", "claimed 9 lives",
    "", "x", "9", "April", "Tuesday", "killed",
]


def _texts() -> list[str]:
    found = list(TRICKY)
    if SAMPLES.exists():
        found += [json.loads(line)["text"] for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line]
    return found


@pytest.mark.parametrize("text", _texts())
def test_date_patterns_match_as_finditer(text: str) -> None:
    starts = times._SCAN.starts(text)
    for n, (_, pattern, _) in enumerate(times.PATTERNS):
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in finditer_at(pattern, text, starts[n])] == expected, pattern.pattern


@pytest.mark.parametrize("text", _texts())
def test_count_patterns_match_as_finditer(text: str) -> None:
    cuts = counts._cuts(text)
    for _, pattern in counts.PATTERNS:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in counts._matches(pattern, text, cuts)] == expected, pattern.pattern


def test_scan_finds_each_regex_at_its_openers_only() -> None:
    scan = OpenerScan({"year": (DIGIT,), "month": ("march", "may"), "lead": ("in", "m")})
    text = "In May 2017, troops marched in."
    starts = scan.starts(text)
    assert starts["year"] == [7]
    assert starts["month"] == [3, 20]  # "May" and the "march" of "marched": a regex may still fail there
    assert starts["lead"] == [0, 3, 20, 28]
    pattern = re.compile(r"\b(?:March|May)\b")
    assert [m.group(0) for m in finditer_at(pattern, text, starts["month"])] == ["May"]
