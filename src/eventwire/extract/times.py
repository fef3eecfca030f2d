"""Dates in the text, normalised against the article's publication date.

Forms handled (each keeps its text span and its basis):

- explicit: "April 4, 2017", "4 April 2017", "4th of April", "2017-04-04", "April 2017",
  "in 2014", "in early 2014", "mid-2014";
- relative to publication: "April 4" (no year), "in April", "late Thursday", "on Monday",
  "last Thursday", "next Monday", "today", "yesterday", "last night", "last week",
  "earlier this month", "two days ago", "three weeks ago";
- ranges: "April 4-6", "4 to 6 April", "April 28 to May 3", "between 2014 and 2016",
  "from March to May", "2014-16": the value is the first day, ``end_value`` the last.

Precision is ``day``, ``month`` or ``year``; a week ("last week") is a range of days.
News mostly refers back in time, so a weekday means the most recent such day on or
before the publication date ("next Monday" looks forward), and a month and day without
a year take the year that puts them nearest the publication date, a past date preferred
(a date up to ~4 months ahead is read as announced, further ahead as last year's).
Without a publication date, whatever needs one keeps only what the text gives: a month
and day become "--04-04" (ISO 8601's yearless form), a weekday or "last week" is dropped
rather than given an invented year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from eventwire.extract.openers import DIGIT, OpenerScan, finditer_at

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
SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3, "few": 3}
# A future date a year-less month/day may stand for, in days: beyond it, last year's is meant.
FUTURE_DAYS = 120


def _month_names(group: str) -> str:
    # Month names count only capitalised ("May", "MAY"): "may" and "march" are verbs.
    names = sorted(MONTHS, key=len, reverse=True)
    alternatives = "|".join(n.capitalize() + "|" + n.upper() for n in names)
    return rf"(?P<{group}>(?-i:{alternatives}))\.?"


_MONTH = _month_names("month")
_MONTH2 = _month_names("month2")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_YEAR2 = r"(?P<year2>(?:19|20)\d\d|\d\d)"
_NOT_NUMBER = r"(?!\.?,?\s*\d)"  # "in April" but not the "April" of "April 4" or "April, 2017"
_TO = r"\s*(?:-|–|—|to|through|until|till|and)\s*"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_PART = r"(?:\s+(?:night|morning|evening|afternoon))"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str  # ISO: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD / --MM without a year
    precision: str  # day|month|year
    basis: str  # explicit|relative
    end_value: str | None = None  # last day/month/year of a range, same form as value


@dataclass(frozen=True)
class _Resolved:
    value: str
    precision: str
    basis: str
    end_value: str | None = None


Resolver = Callable[[re.Match[str], dt.date | None], _Resolved | None]


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(pub: dt.date, month: int, day: int) -> dt.date | None:
    """The month/day in the year that puts it nearest the publication date, the past preferred."""
    best: tuple[float, dt.date] | None = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is None:
            continue
        delta = (candidate - pub).days
        if delta > FUTURE_DAYS:
            continue
        cost = abs(delta) * (3 if delta > 0 else 1)
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return None if best is None else best[1]


def _month_day(month: int, day: int, year: str | None, pub: dt.date | None) -> tuple[str, str] | None:
    """(value, basis) of a month and day, with the text's year or one inferred from `pub`."""
    if year:
        found = _safe_date(int(year), month, day)
        return (found.isoformat(), "explicit") if found else None
    if not 1 <= day <= 31 or _safe_date(2000, month, day) is None:  # 2000 is a leap year
        return None
    if pub is None:
        return f"--{month:02d}-{day:02d}", "explicit"
    found = _nearest_year(pub, month, day)
    return (found.isoformat(), "relative") if found else None


def _month_only(month: int, pub: dt.date | None) -> _Resolved:
    if pub is None:
        return _Resolved(f"--{month:02d}", "month", "explicit")
    found = _nearest_year(pub, month, 1 if month != pub.month else pub.day)
    year = found.year if found else pub.year
    return _Resolved(f"{year:04d}-{month:02d}", "month", "relative")


def _month(g: dict[str, str | None], key: str = "month") -> int:
    return MONTHS[str(g[key]).lower()]


def _iso(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    found = _safe_date(int(m["year"]), int(m["m"]), int(m["d"]))
    return _Resolved(found.isoformat(), "day", "explicit") if found else None


def _single_day(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    g = m.groupdict()
    got = _month_day(_month(g), int(m["day"]), g.get("year"), pub)
    return _Resolved(got[0], "day", got[1]) if got else None


def _day_range(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    """"April 4-6", "4 to 6 April 2017", "April 28 to May 3": the month may change midway."""
    g = m.groupdict()
    first_month = _month(g)
    second_month = _month(g, "month2") if g.get("month2") else first_month
    day, day2 = int(m["day"]), int(m["day2"])
    if second_month == first_month and day2 <= day:
        return None  # "April 4-2" is no range
    first = _month_day(first_month, day, g.get("year"), pub)
    last = _month_day(second_month, day2, g.get("year"), pub)
    if first is None or last is None:
        return None
    return _Resolved(first[0], "day", first[1], last[0])


def _month_year(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    return _Resolved(f"{int(m['year']):04d}-{_month(m.groupdict()):02d}", "month", "explicit")


def _bare_month(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    return _month_only(_month(m.groupdict()), pub)


def _month_range(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    g = m.groupdict()
    first, last = _month(g), _month(g, "month2")
    if g.get("year"):
        year = int(str(g["year"]))
        return _Resolved(f"{year - (first > last):04d}-{first:02d}", "month", "explicit", f"{year:04d}-{last:02d}")
    end = _month_only(last, pub)
    if pub is None:
        return _Resolved(f"--{first:02d}", "month", "explicit", end.value)
    end_year = int(end.value[:4])
    return _Resolved(f"{end_year - (first > last):04d}-{first:02d}", "month", "relative", end.value)


def _year(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    return _Resolved(m["year"], "year", "explicit")


def _year_range(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    first, second = m["year"], m["year2"]
    last = int(first[:2] + second) if len(second) == 2 else int(second)
    if last <= int(first):
        return None  # "2014-12" is a month, not a range
    return _Resolved(first, "year", "explicit", str(last))


def _weekday(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    if pub is None:
        return None
    wd = WEEKDAYS.get(m["weekday"].lower())
    if wd is None:
        return None  # a look-alike letter the case-blind pattern took ("Tueſday"): no weekday we know
    lead = (m["lead"] or "").lower()
    if lead == "next":
        ahead = (wd - pub.weekday()) % 7 or 7
        return _Resolved((pub + dt.timedelta(days=ahead)).isoformat(), "day", "relative")
    back = (pub.weekday() - wd) % 7
    if lead == "last" and back == 0:
        back = 7  # "last Sunday" in a Sunday paper is a week ago
    return _Resolved((pub - dt.timedelta(days=back)).isoformat(), "day", "relative")


def _week(pub: dt.date, shift: int) -> _Resolved:
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
    return _Resolved(monday.isoformat(), "day", "relative", (monday + dt.timedelta(days=6)).isoformat())


def _shift_month(pub: dt.date, shift: int) -> str:
    index = pub.year * 12 + pub.month - 1 + shift
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _relative(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    if pub is None:
        return None
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _Resolved(pub.isoformat(), "day", "relative")
    if rel in ("yesterday", "last night"):
        return _Resolved((pub - dt.timedelta(days=1)).isoformat(), "day", "relative")
    if rel == "the day before yesterday":
        return _Resolved((pub - dt.timedelta(days=2)).isoformat(), "day", "relative")
    if rel == "tomorrow":
        return _Resolved((pub + dt.timedelta(days=1)).isoformat(), "day", "relative")
    shift = {"last": -1, "next": 1}.get(rel.split()[0], 0)
    if rel.endswith("week"):
        return _week(pub, shift)
    if rel.endswith("month"):
        return _Resolved(_shift_month(pub, shift), "month", "relative")
    return _Resolved(str(pub.year + shift), "year", "relative")


def _ago(m: re.Match[str], pub: dt.date | None) -> _Resolved | None:
    if pub is None:
        return None
    raw = m["n"].lower()
    n = int(raw) if raw.isdigit() else SMALL_NUMBERS.get(raw, 0)
    unit = m["unit"].lower().rstrip("s")
    if not n:
        return None
    if unit == "day":
        return _Resolved((pub - dt.timedelta(days=n)).isoformat(), "day", "relative")
    if unit == "week":
        return _week(pub - dt.timedelta(weeks=n), 0)
    if unit == "month":
        return _Resolved(_shift_month(pub, -n), "month", "relative")
    return _Resolved(str(pub.year - n), "year", "relative")


_I = re.I
PATTERNS: list[tuple[str, re.Pattern[str], Resolver]] = [
    ("iso", re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"), _iso),
    ("range", re.compile(r"\b(?:(?:between|from)\s+)?" + _MONTH + r"\s+" + _DAY + _TO
                         + r"(?:" + _MONTH2 + r"\s+)?" + _DAY2 + r"\b(?:,?\s+" + _YEAR + r")?", _I), _day_range),
    ("range", re.compile(r"\b(?:(?:between|from)\s+)?" + _DAY + _TO + _DAY2 + r"\s+(?:of\s+)?" + _MONTH
                         + r"(?:,?\s+" + _YEAR + r")?\b", _I), _day_range),
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?:,?\s+" + _YEAR + r"\b)?", _I), _single_day),
    ("dmy", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b", _I), _single_day),
    ("month_range", re.compile(r"\b(?:(?:between|from)\s+)?" + _MONTH + _TO + _MONTH2 + r"(?:,?\s+" + _YEAR
                               + r")?\b", _I), _month_range),
    ("my", re.compile(r"\b(?:(?:early|mid|late)-?\s*)?" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b", _I),
     _month_year),
    ("month", re.compile(r"\b(?:in|since|during|by|until|early|mid|late|last|this|next)\s+(?:-\s*)?" + _MONTH
                         + r"\b" + _NOT_NUMBER, _I), _bare_month),
    ("weekday", re.compile(r"\b(?:(?P<lead>late|early|on|last|this|next|since|by|until)\s+)?" + _WEEKDAY
                           + _PART + r"?\b", _I), _weekday),
    ("relative", re.compile(r"\b(?P<rel>today|tonight|tomorrow|yesterday|the day before yesterday|last night|"
                            r"this (?:morning|afternoon|evening)|(?:last|this|next) (?:week|month|year)|"
                            r"earlier this (?:week|month|year))\b", _I), _relative),
    ("ago", re.compile(r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a few)\s+"
                       r"(?P<unit>days?|weeks?|months?|years?)\s+(?:ago|earlier)\b", _I), _ago),
    ("year_range", re.compile(r"\b(?:(?:between|from)\s+)?" + _YEAR + r"\s*(?:-|–|to|and|until)\s*" + _YEAR2
                              + r"\b(?!-)", _I), _year_range),
    ("year", re.compile(r"\b(?:(?:in|since|during|by|of|until|before|after)\s+(?:(?:early|mid|late)-?\s*)?"
                        r"|(?:early|mid|late)-\s*)" + _YEAR + r"\b(?!-\d)", _I), _year),
]
# Words that lead into a date but are not part of it ("on Monday" is dated "Monday").
_LEADS = re.compile(r"^(?:on|in|since|during|by|of|until|before|after|between|from)\s+", re.I)


def _loose_and(kind: str, matched: str) -> bool:
    """"April 4 and 12 people" is no range: "and" joins a range only after "between"."""
    return kind.endswith("range") and bool(re.search(r"\band\b", matched, re.I)) \
        and not matched.lower().startswith("between")


# Every pattern starts at a word that opens it (or a digit): one scan finds where each
# can begin (see `openers`). Change a pattern and its openers together.
_NEAR = ("between", "from")
_SEASON = ("early", "mid", "late")
_OPENERS: list[tuple[str, ...]] = [  # the words each of PATTERNS can begin with, in order
    (DIGIT,),  # iso
    (*_NEAR, *MONTHS),  # range: "April 4-6"
    (*_NEAR, DIGIT),  # range: "4 to 6 April"
    tuple(MONTHS),  # mdy
    (DIGIT,),  # dmy
    (*_NEAR, *MONTHS),  # month_range
    (*_SEASON, *MONTHS),  # my
    ("in", "since", "during", "by", "until", *_SEASON, "last", "this", "next"),  # month
    (*_SEASON, "on", "last", "this", "next", "since", "by", "until", *WEEKDAYS),  # weekday
    ("today", "tonight", "tomorrow", "yesterday", "the", "last", "this", "next", "earlier"),  # relative
    (DIGIT, "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several"),  # ago
    (*_NEAR, DIGIT),  # year_range
    ("in", "since", "during", "by", "of", "until", "before", "after", *_SEASON),  # year
]
_SCAN = OpenerScan(dict(enumerate(_OPENERS)))


def _candidates(text: str, pub: dt.date | None) -> list[DateMention]:
    found: list[DateMention] = []
    starts = _SCAN.starts(text)
    for n, (kind, pattern, resolve) in enumerate(PATTERNS):
        for m in finditer_at(pattern, text, starts[n]):
            if _loose_and(kind, m.group(0)):
                continue
            resolved = resolve(m, pub)
            if resolved is None:
                continue
            start, end = m.span()
            lead = _LEADS.match(m.group(0))
            if lead and kind not in ("range", "month_range", "year_range"):
                start += lead.end()
            found.append(DateMention(start, end, text[start:end], resolved.value, resolved.precision,
                                     resolved.basis, resolved.end_value))
    return found


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Every date expression in `text`, resolved; overlapping matches keep the longest."""
    found = _candidates(text, _parse_published(published))
    found.sort(key=lambda d: (-(d.end - d.start), d.start))
    kept: list[DateMention] = []
    for d in found:
        if any(d.start < k.end and k.start < d.end for k in kept):
            continue
        kept.append(d)
    return sorted(kept, key=lambda d: d.start)
