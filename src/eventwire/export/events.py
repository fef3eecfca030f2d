"""The event rows every event format starts from: flat columns, side names, article fields."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from eventwire.store.browse import Browse
from eventwire.store.filters import EventFilter

Row = dict[str, Any]

# The kind (country, admin1, city, ...) of the event's location, from the
# article's place records: the event's location object itself carries none.
_LOCATION_KIND = (", (SELECT any_value(p.kind) FROM places p WHERE p.article_id = e.article_id"
                  " AND p.name = e.location_name AND p.kind <> 'demonym') AS location_kind")


def event_rows(b: Browse, f: EventFilter) -> Iterator[Row]:
    sql, params = b.event_rows_sql(f, extra=_LOCATION_KIND)
    return b.stream(sql, params)


class StoryEntities:
    """Per article, the names of its people, organisations and places (POLECAT's story columns).

    Looked up once per article and kept, since an export visits an article once
    per event.
    """

    def __init__(self, b: Browse) -> None:
        self.b = b

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per export, dropped with it
    def of(self, article_id: str) -> dict[str, list[str]]:
        found = self.b.rows(
            "SELECT list_distinct(list(name) FILTER (WHERE kind = 'person')) AS people,"
            " list_distinct(list(name) FILTER (WHERE kind IN ('organization', 'armed_group'))) AS organizations"
            " FROM entities WHERE article_id = ?", [article_id])
        places = self.b.rows("SELECT list_distinct(list(name)) AS names FROM places WHERE article_id = ?"
                             " AND kind <> 'demonym'", [article_id])
        row = found[0] if found else {}
        return {"people": sorted(row.get("people") or []), "organizations": sorted(row.get("organizations") or []),
                "locations": sorted((places[0]["names"] if places else None) or [])}
