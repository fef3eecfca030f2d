"""Pages about events: the list, the timeline, the actor network and the map."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from eventwire.store.browse import Browse
from eventwire.store.filters import EventFilter
from eventwire.web import charts, worldmap
from eventwire.web.deps import browse
from eventwire.web.params import Paging, event_filter, paging
from eventwire.web.twins import page_links, twin

router = APIRouter()
Filters = Annotated[EventFilter, Depends(event_filter)]
Db = Annotated[Browse, Depends(browse)]


def _common(request: Request, f: EventFilter) -> dict[str, Any]:
    # The types come from start-up: the store is read-only while served, so they cannot change.
    return {"filters": f.as_params(), "types": request.app.state.event_types}


@twin(router, "/events", "events.html", "Events, filtered and paged")
def events_page(request: Request, f: Filters, b: Db, p: Annotated[Paging, Depends(paging)]) -> dict[str, Any]:
    """Events in the contract's shape, each with `article_id`, `article_title` and the canonical names
    of its sides (`actor_name`, `recipient_name`), ordered by date. Filters combine with AND."""
    return {**page_links(request, b.events(f, p.limit, p.offset)), **_common(request, f)}


@twin(router, "/timeline", "timeline.html", "Events per day, week or month and PLOVER type")
def timeline_page(request: Request, f: Filters, b: Db,
                  by: Annotated[Literal["day", "week", "month"], Query(description="bucket size")] = "day"
                  ) -> dict[str, Any]:
    """Counts per bucket and type. An event counts only in a bucket that holds its whole period
    (one dated only to a month is not put on a day); the rest are counted in `undated`."""
    timeline = b.timeline(f, by)
    return {**_common(request, f), "timeline": timeline, "chart": charts.timeline_bars(timeline["buckets"], by)}


@twin(router, "/network", "network.html", "Who acts on whom")
def network_page(request: Request, f: Filters, b: Db,
                 max_nodes: Annotated[int, Query(ge=2, le=200, description="actors drawn")] = 40) -> dict[str, Any]:
    """Edges actor -> recipient per PLOVER type with their number of events (canonical names:
    an entity's name, else the text that named the side); the picture keeps the busiest actors."""
    edges = b.network(f)
    return {**_common(request, f), "edges": edges, "picture": charts.network_picture(edges, max_nodes=max_nodes)}


@twin(router, "/map", "map.html", "Where events happened")
def map_page(request: Request, f: Filters, b: Db,
             fit: Annotated[Literal["data", "world"], Query(description="zoom to the events or show the world")]
             = "data") -> dict[str, Any]:
    """Geocoded event locations with their number of events and types, and events per location country."""
    locations = b.locations(f)
    picture = worldmap.map_picture(locations, b.event_countries(f), whole_world=fit == "world")
    return {**_common(request, f), "locations": locations, "picture": picture, "fit": fit}
