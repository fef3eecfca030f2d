"""Read-only queries over events for the HTTP API, the web explorer and the exports.

Everything here reads; nothing writes. Rows come back in the contract's shape
(via `shape`) with a few added keys the explorer needs (``article_id``,
``actor_name``, ...). Every value a user gives goes in as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventwire.store import shape
from eventwire.store.core import Store
from eventwire.store.filters import (
    ACTOR_NAME,
    EVENT_ORDER,
    EVENTS_FROM,
    RECIPIENT_NAME,
    EventFilter,
    event_from,
    event_where,
)
from eventwire.store.schema import column_list

Row = dict[str, Any]

TIMELINE_UNITS = ("day", "week", "month")


@dataclass(frozen=True)
class Page:
    """One page of a longer list."""

    items: list[Row]
    total: int
    limit: int
    offset: int


def check_paging(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be non-negative, got {limit} and {offset}")


class Browse:
    """Queries for one borrowed `Store` (one connection: use from one thread at a time)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def rows(self, sql: str, params: list[Any]) -> list[Row]:
        # Store._rows is the store's own row reader; these queries live beside
        # the Store rather than in it so the core class stays the writer's.
        return self.store._rows(sql, params)

    def stream(self, sql: str, params: list[Any], chunk: int = 2000) -> Iterator[Row]:
        """Rows of a large result a chunk at a time (exports of big stores)."""
        cursor = self.store._con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(chunk):
            for values in batch:
                yield dict(zip(names, values, strict=True))

    def scalar(self, sql: str, params: list[Any]) -> Any:
        found = self.store._con.execute(sql, params).fetchone()
        return found[0] if found else None

    # -- events ------------------------------------------------------------------

    def event_rows_sql(self, f: EventFilter, extra: str = "") -> tuple[str, list[Any]]:
        """SELECT of the flat event columns plus side names and article fields, filtered and ordered."""
        where, params = event_where(f)
        sql = (f"SELECT {column_list('events', 'e.')}, {ACTOR_NAME} AS actor_name,"
               f" {RECIPIENT_NAME} AS recipient_name, ae.kb_id AS actor_kb_id, re.kb_id AS recipient_kb_id,"
               " a.title AS article_title, a.published AS article_published, a.url AS article_url,"
               " a.outlet AS article_outlet, a.language AS article_language"
               f"{extra}{EVENTS_FROM}{where}{EVENT_ORDER}")
        return sql, params

    def events(self, f: EventFilter, limit: int = 50, offset: int = 0) -> Page:
        """Events in the contract's shape with ``article_id``, ``article_title`` and side names."""
        check_paging(limit, offset)
        sql, params = self.event_rows_sql(f)
        found = self.rows(sql + " LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page([event_item(r) for r in found], self.count_events(f), limit, offset)

    def count_events(self, f: EventFilter) -> int:
        where, params = event_where(f)
        return int(self.scalar(f"SELECT count(*){event_from(f)}{where}", params) or 0)

    def timeline(self, f: EventFilter, unit: str = "day") -> dict[str, Any]:
        """Events per `unit` (day, week from Monday, month) and type.

        An event counts in a bucket only when its whole period lies inside it:
        one dated only "April 2017" is not put on April 1st; those are counted
        apart as ``undated``.
        """
        if unit not in TIMELINE_UNITS:
            raise ValueError(f"unit must be one of {', '.join(TIMELINE_UNITS)}, got {unit!r}")
        where, params = event_where(f)
        fits = "date_trunc(?, e.period_start) = date_trunc(?, e.period_end)"
        bucket_sql = (f"SELECT CAST(date_trunc(?, e.period_start) AS DATE) AS bucket, e.type AS type, count(*) AS n"
                      f"{event_from(f)}{where}{' AND' if where else ' WHERE'} e.period_start IS NOT NULL AND {fits}"
                      " GROUP BY ALL ORDER BY bucket, type")
        found = self.rows(bucket_sql, [unit, *params, unit, unit])
        buckets = [{"start": r["bucket"].isoformat(), "type": r["type"], "events": r["n"]} for r in found]
        total = self.count_events(f)
        return {"unit": unit, "buckets": buckets, "total": total,
                "undated": total - sum(b["events"] for b in buckets)}

    def network(self, f: EventFilter) -> list[Row]:
        """Who acts on whom: one row per (actor, recipient, type) with its number of events."""
        where, params = event_where(f)
        both = f"{ACTOR_NAME} IS NOT NULL AND {RECIPIENT_NAME} IS NOT NULL AND {ACTOR_NAME} <> {RECIPIENT_NAME}"
        sql = (f"SELECT {ACTOR_NAME} AS source, {RECIPIENT_NAME} AS target, e.type AS type, count(*) AS events"
               f"{EVENTS_FROM}{where}{' AND' if where else ' WHERE'} {both}"
               " GROUP BY ALL ORDER BY events DESC, source, target, type")
        return self.rows(sql, params)

    def locations(self, f: EventFilter) -> list[Row]:
        """Geocoded event locations with their number of events and types."""
        where, params = event_where(f)
        sql = ("SELECT e.location_name AS name, e.location_country AS country, e.location_admin1 AS admin1,"
               " e.location_lat AS lat, e.location_lon AS lon, count(*) AS events,"
               " list_sort(list_distinct(list(e.type))) AS types"
               f"{event_from(f)}{where}{' AND' if where else ' WHERE'}"
               " e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"
               " GROUP BY ALL ORDER BY events DESC, name")
        return self.rows(sql, params)

    def types(self) -> list[str]:
        """The event types in the store, for filter menus."""
        found = self.rows("SELECT DISTINCT type FROM events WHERE type IS NOT NULL ORDER BY type", [])
        return [r["type"] for r in found]

    def event_countries(self, f: EventFilter) -> dict[str, int]:
        """Events per location country (ISO alpha-3), for shading the map."""
        where, params = event_where(f)
        sql = (f"SELECT upper(e.location_country) AS country, count(*) AS n{event_from(f)}{where}"
               f"{' AND' if where else ' WHERE'} e.location_country IS NOT NULL GROUP BY ALL")
        return {r["country"]: int(r["n"]) for r in self.rows(sql, params)}


def event_item(r: Row) -> Row:
    """A flat event row as the contract's event plus where it came from and its sides' names."""
    return {"article_id": r["article_id"], "article_title": r["article_title"],
            "actor_name": r["actor_name"], "recipient_name": r["recipient_name"], **shape.event(r)}
