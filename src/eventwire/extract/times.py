"""Dates in the text, normalised against the article's publication date.

Forms handled: "April 4", "April 4, 2017", "4 April 2017", "2017-04-04",
"April 2017", "in 2014", weekdays ("on Thursday", "late Thursday"), "today",
"yesterday", "last week/month/year". News refers back in time, so a weekday
means the most recent such day on or before the publication date, and a month
and day without a year mean the latest such day not after it. Without a
publication date, a date that needs one keeps what the text gives (a month and
day become "--04-04", as in ISO 8601's yearless form) rather than inventing a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    m: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ])
    for m in names
}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?\b", re.I)),
    ("dmy", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b", re.I)),
    ("my", re.compile(r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I)),
    ("weekday", re.compile(r"\b(?:(?:late|early|on|last)\s+)?" + _WEEKDAY
                           + r"(?:\s+(?:night|morning|evening|afternoon))?\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>today|yesterday|tonight|last\s+(?:week|month|year)|"
                            r"this\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year))\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|by|of|until)\s+" + _YEAR + r"\b", re.I)),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str  # ISO: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD without a year
    precision: str  # day|month|year
    basis: str  # explicit|relative


def _day_before(published: dt.date, month: int, day: int) -> dt.date | None:
    """The latest month/day on or before the publication date."""
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None) -> tuple[str, str, str] | None:
    g = m.groupdict()
    if kind == "iso":
        try:
            return dt.date(int(g["year"]), int(g["m"]), int(g["d"])).isoformat(), "day", "explicit"
        except ValueError:
            return None
    if kind in ("mdy", "dmy"):
        month, day = MONTHS[g["month"].lower()], int(g["day"])
        if not 1 <= day <= 31:
            return None
        if g.get("year"):
            try:
                return dt.date(int(g["year"]), month, day).isoformat(), "day", "explicit"
            except ValueError:
                return None
        if pub is None:
            return f"--{month:02d}-{day:02d}", "day", "explicit"
        found = _day_before(pub, month, day)
        return (found.isoformat(), "day", "relative") if found else None
    if kind == "my":
        return f"{int(g['year']):04d}-{MONTHS[g['month'].lower()]:02d}", "month", "explicit"
    if kind == "year":
        return g["year"], "year", "explicit"
    if pub is None:
        return None
    if kind == "weekday":
        wd = WEEKDAYS[g["weekday"].lower()]
        back = (pub.weekday() - wd) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        return (pub - dt.timedelta(days=back)).isoformat(), "day", "relative"
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    if rel in ("today", "tonight"):
        return pub.isoformat(), "day", "relative"
    if rel == "yesterday":
        return (pub - dt.timedelta(days=1)).isoformat(), "day", "relative"
    if rel.endswith("week"):
        monday = pub - dt.timedelta(days=pub.weekday())
        if rel.startswith("last"):
            monday -= dt.timedelta(days=7)
        return monday.isoformat(), "day", "relative"
    if rel.endswith("month"):
        first = pub.replace(day=1)
        if rel.startswith("last"):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return first.strftime("%Y-%m"), "month", "relative"
    year = pub.year - 1 if rel.startswith("last") else pub.year
    return str(year), "year", "relative"


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in `text`, resolved; overlapping matches keep the longest."""
    pub = _parse_published(published)
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            # "May" is also a verb: take it as a month only with a day or year next to it.
            resolved = _resolve(kind, m, pub)
            if resolved is None:
                continue
            start, end = m.span()
            if kind == "year":
                start = m.start("year")
            if kind == "weekday":
                lead = re.match(r"on\s+", m.group(0), re.I)
                if lead:
                    start += lead.end()
            value, precision, basis = resolved
            found.append(DateMention(start, end, text[start:end], value, precision, basis))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue
        kept.append(d)
    return kept
