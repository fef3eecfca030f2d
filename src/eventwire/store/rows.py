"""ArticleResult -> flat rows -> one Arrow table per record kind.

Nested objects become ``<object>_<field>`` columns. An optional object (actor,
date, location, ...) is stored as NULL in all its columns, and read back as
present exactly when its required text column is not NULL; `problems` refuses
an article that would break that rule, so what is stored always round-trips.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pyarrow as pa

from eventwire.model import ArticleResult, Count, Event, Participant
from eventwire.store.schema import ARROW_SCHEMAS, TABLES

Row = dict[str, Any]


def problems(result: ArticleResult) -> list[str]:
    """Reasons the article cannot be stored faithfully (empty when it can)."""
    found: list[str] = []
    if not isinstance(result.article.id, str) or not result.article.id:
        found.append("article id is empty")
    for kind, ids in (
        ("entity", [e.id for e in result.entities]),
        ("event", [e.id for e in result.events]),
        ("quote", [q.id for q in result.quotes]),
    ):
        if any(not isinstance(i, str) for i in ids):
            found.append(f"a {kind} id is not a string")
        elif len(set(ids)) != len(ids):
            found.append(f"duplicate {kind} ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    for event in result.events:
        required = (("actor", event.actor, "text"), ("recipient", event.recipient, "text"),
                    ("date", event.date, "value"), ("location", event.location, "name"),
                    ("fatalities", event.fatalities, "text"), ("injured", event.injured, "text"))
        found += [f"event {event.id}: {name}.{attr} is null"
                  for name, obj, attr in required if obj is not None and getattr(obj, attr) is None]
    for quote in result.quotes:
        for name, obj in (("speaker", quote.speaker), ("cue", quote.cue), ("medium", quote.medium),
                          ("relay", quote.relay)):
            if obj is not None and obj.text is None:
                found.append(f"quote {quote.id}: {name}.text is null")
    return found


def period(
    value: str | None, precision: str | None, published: str | None
) -> tuple[date | None, date | None]:
    """First and last day the event may fall on.

    A month- or year-precise date covers its whole month or year, whether its
    value is written "2017-04" or "2017-04-01". With no usable date the
    article's published day stands in; with neither, both ends are None and
    the event never matches a date filter.
    """
    parsed = _parse_partial(value) if value else None
    if parsed is None:
        day = _parse_partial(published) if published else None
        if day is None or day[2] is None:
            return None, None
        parsed, precision = day, "day"
    year, month, dom = parsed
    if precision == "year" or month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if precision == "month" or dom is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, dom), date(year, month, dom)


def _parse_partial(text: str) -> tuple[int, int | None, int | None] | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a time after 'T' is ignored); None otherwise."""
    parts = text.split("T", 1)[0].split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return int(parts[0]), None, None
        if len(parts) == 2:
            date(int(parts[0]), int(parts[1]), 1)
            return int(parts[0]), int(parts[1]), None
        if len(parts) == 3:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return day.year, day.month, day.day
    except ValueError:
        return None
    return None


def _participant(side: str, p: Participant | None) -> Row:
    if p is None:
        return dict.fromkeys((f"{side}_entity", f"{side}_text", f"{side}_country", f"{side}_sectors"))
    return {f"{side}_entity": p.entity, f"{side}_text": p.text, f"{side}_country": p.country,
            f"{side}_sectors": list(p.sectors)}


def _count(kind: str, c: Count | None) -> Row:
    if c is None:
        return dict.fromkeys((f"{kind}_min", f"{kind}_max", f"{kind}_text"))
    return {f"{kind}_min": c.min, f"{kind}_max": c.max, f"{kind}_text": c.text}


def _event_row(article_id: str, ordinal: int, e: Event, published: str | None) -> Row:
    d, loc = e.date, e.location
    start, end = period(d.value if d else None, d.precision if d else None, published)
    return {
        "article_id": article_id, "id": e.id, "ordinal": ordinal,
        "type": e.type, "mode": e.mode, "contexts": list(e.contexts), "cameo": e.cameo,
        "quad_class": e.quad_class, "goldstein": e.goldstein,
        **_participant("actor", e.actor),
        **_participant("recipient", e.recipient),
        "trigger_text": e.trigger.text, "trigger_start": e.trigger.start, "trigger_end": e.trigger.end,
        "sentence_index": e.sentence.index, "sentence_start": e.sentence.start,
        "sentence_end": e.sentence.end,
        "date_value": d.value if d else None, "date_precision": d.precision if d else None,
        "date_text": d.text if d else None, "date_basis": d.basis if d else None,
        "location_name": loc.name if loc else None, "location_text": loc.text if loc else None,
        "location_country": loc.country if loc else None, "location_admin1": loc.admin1 if loc else None,
        "location_lat": loc.lat if loc else None, "location_lon": loc.lon if loc else None,
        "location_geonames_id": loc.geonames_id if loc else None,
        **_count("fatalities", e.fatalities),
        **_count("injured", e.injured),
        "status": e.status, "reported_by": e.reported_by, "confidence": e.confidence,
        "period_start": start, "period_end": end,
    }


def rows_of(result: ArticleResult) -> dict[str, list[Row]]:
    """All rows of one article, by table name."""
    a = result.article
    rows: dict[str, list[Row]] = {table: [] for table in TABLES}
    rows["articles"].append({"id": a.id, "url": a.url, "title": a.title, "outlet": a.outlet,
                             "published": a.published, "language": a.language, "text": a.text})
    for i, ent in enumerate(result.entities):
        rows["entities"].append({"article_id": a.id, "id": ent.id, "ordinal": i, "name": ent.name,
                                 "kind": ent.kind, "country": ent.country, "sectors": list(ent.sectors),
                                 "kb_id": ent.kb_id})
        rows["mentions"] += [{"article_id": a.id, "entity_id": ent.id, "ordinal": j,
                              "start": m.start, "end": m.end, "text": m.text}
                             for j, m in enumerate(ent.mentions)]
    rows["events"] += [_event_row(a.id, i, e, a.published) for i, e in enumerate(result.events)]
    for i, q in enumerate(result.quotes):
        s, c, m, r = q.speaker, q.cue, q.medium, q.relay
        rows["quotes"].append({
            "article_id": a.id, "id": q.id, "ordinal": i, "kind": q.kind, "text": q.text,
            "start": q.start, "end": q.end,
            "speaker_entity": s.entity if s else None, "speaker_text": s.text if s else None,
            "speaker_start": s.start if s else None, "speaker_end": s.end if s else None,
            "cue_text": c.text if c else None, "cue_start": c.start if c else None,
            "cue_end": c.end if c else None,
            "medium_text": m.text if m else None, "medium_start": m.start if m else None,
            "medium_end": m.end if m else None,
            "relay_entity": r.entity if r else None, "relay_text": r.text if r else None,
            "relay_start": r.start if r else None, "relay_end": r.end if r else None,
        })
    rows["relations"] += [{"article_id": a.id, "ordinal": i, "subject": r.subject, "predicate": r.predicate,
                           "object": r.object, "start": r.start, "end": r.end, "text": r.text}
                          for i, r in enumerate(result.relations)]
    rows["places"] += [{"article_id": a.id, "ordinal": i, "text": p.text, "start": p.start, "end": p.end,
                        "name": p.name, "kind": p.kind, "country": p.country, "lat": p.lat, "lon": p.lon,
                        "geonames_id": p.geonames_id, "confidence": p.confidence}
                       for i, p in enumerate(result.places)]
    return rows


def arrow_tables(results: Iterable[ArticleResult]) -> dict[str, pa.Table]:
    """One Arrow table per kind for a batch of articles (kinds without rows left out)."""
    merged: dict[str, list[Row]] = {table: [] for table in TABLES}
    for result in results:
        for table, rows in rows_of(result).items():
            merged[table] += rows
    return {table: to_arrow(table, rows) for table, rows in merged.items() if rows}


def to_arrow(table: str, rows: Sequence[Row]) -> pa.Table:
    schema = ARROW_SCHEMAS[table]
    # from_pylist fills a missing key with NULL silently; a misspelt column in a
    # row builder would lose data, so insist the keys are exactly the columns.
    if rows and set(rows[0]) != set(schema.names):
        raise AssertionError(f"{table} row keys differ from its columns: {set(rows[0]) ^ set(schema.names)}")
    return pa.Table.from_pylist(list(rows), schema=schema)
