"""Query parameters shared by the pages: event filters and paging.

HTML forms send empty fields for filters left blank; those mean "no filter",
never "match the empty string".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import HTTPException, Query

from eventwire.store.filters import EventFilter, day_bound

STATUSES = ("asserted", "negated", "hypothetical")
Text = Annotated[str | None, Query(max_length=200)]


def blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def event_filter(
    type: Annotated[str | None, Query(max_length=40, description="PLOVER event type, e.g. ASSAULT")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="text in either side's name")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="either side's canonical name, exact")] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO alpha-3 of either side")] = None,
    place: Annotated[str | None, Query(max_length=200, description="text in the location, or its ISO3")] = None,
    since: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]: on or after")] = None,
    until: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]: on or before")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words in the event's sentence")] = None,
    article: Annotated[str | None, Query(max_length=64, description="article id")] = None,
    status: Annotated[str | None, Query(max_length=20, description="asserted, negated or hypothetical")] = None,
) -> EventFilter:
    """The event filter from the query string (400 for a malformed date or status)."""
    f = EventFilter(type=blank_to_none(type), actor=blank_to_none(actor), entity=blank_to_none(entity),
                    country=blank_to_none(country), place=blank_to_none(place), since=blank_to_none(since),
                    until=blank_to_none(until), q=blank_to_none(q), article=blank_to_none(article),
                    status=blank_to_none(status))
    check_dates(f.since, f.until)
    if f.status is not None and f.status.lower() not in STATUSES:
        raise HTTPException(400, f"status must be one of {', '.join(STATUSES)}, got {f.status!r}")
    return f


def check_dates(since: str | None, until: str | None) -> None:
    for name, value, last in (("since", since, False), ("until", until, True)):
        if value is not None:
            try:
                day_bound(name, value, last=last)
            except ValueError as exc:
                raise HTTPException(400, str(exc)) from exc


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000_000, description="items to skip")] = 0,
) -> Paging:
    return Paging(limit, offset)
