"""Pages about records: home, articles (list and one with its evidence), entities and one actor,
quotes, relations, places, and search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from eventwire.errors import EventwireError
from eventwire.store import records
from eventwire.store.browse import Browse
from eventwire.store.filters import EventFilter
from eventwire.web.deps import browse
from eventwire.web.highlight import highlight, spans_of
from eventwire.web.params import Paging, Text, blank_to_none, check_dates, paging
from eventwire.web.twins import page_links, twin

router = APIRouter()
Db = Annotated[Browse, Depends(browse)]
Pages = Annotated[Paging, Depends(paging)]


def given(**values: str | None) -> dict[str, str]:
    """The filters actually set, echoed back with the page."""
    return {k: v for k, v in values.items() if v}


@twin(router, "/index", "home.html", "What the store holds")
def home_page(request: Request, b: Db) -> dict[str, Any]:
    """Rows per table and the event types present."""
    return {"counts": b.store.counts(), "types": b.types()}


@twin(router, "/articles", "articles.html", "Articles, filtered and paged")
def articles_page(request: Request, b: Db, p: Pages, q: Text = None, outlet: Text = None,
                  since: Text = None, until: Text = None) -> dict[str, Any]:
    """Article metadata (no text) with the number of records of each kind; `q` words must all
    occur in the title or text; `since`/`until` compare the published day."""
    q, outlet, since, until = map(blank_to_none, (q, outlet, since, until))
    check_dates(since, until)
    page = records.articles(b, q=q, outlet=outlet, since=since, until=until, limit=p.limit, offset=p.offset)
    return {**page_links(request, page), "filters": given(q=q, outlet=outlet, since=since, until=until)}


def article_view(result: dict[str, Any]) -> dict[str, Any]:
    """What the article template needs besides the record: the highlighted text and name lookups."""
    text = result["article"]["text"] or ""
    names = {e["id"]: e["name"] for e in result["entities"]}
    return {"html": highlight(text, spans_of(result)), "names": names}


@twin(router, "/articles/{article_id}", "article.html", "One article: the contract record",
      view=article_view)
def article_page(request: Request, article_id: str, b: Db) -> dict[str, Any]:
    """The stored article exactly in the output contract's shape (404 when absent)."""
    try:
        return records.article_result(b, article_id)
    except EventwireError as exc:
        raise HTTPException(404, str(exc)) from exc


@twin(router, "/entities", "entities.html", "Entities across articles")
def entities_page(request: Request, b: Db, p: Pages, name: Text = None, kind: Text = None,
                  country: Text = None, article: Text = None) -> dict[str, Any]:
    """One row per canonical name: most frequent kind and country, all sectors, articles and mentions."""
    name, kind, country, article = map(blank_to_none, (name, kind, country, article))
    page = records.entities(b, name=name, kind=kind, country=country, article=article, limit=p.limit,
                            offset=p.offset)
    return {**page_links(request, page), "filters": given(name=name, kind=kind, country=country, article=article)}


@twin(router, "/actor", "actor.html", "One actor: its events, quotes and relations")
def actor_page(request: Request, b: Db, name: Annotated[str, Query(min_length=1, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """Everything stored about a canonical name (an entity's name, or the text naming an event side):
    events where it is actor or recipient, quotes it spoke, relations it is part of."""
    events = b.events(EventFilter(entity=name), limit=limit)
    spoken = records.quotes(b, speaker_exact=name, limit=limit)
    related = records.relations(b, entity_exact=name, limit=limit)
    entity = records.entity_summary(b, name)
    if entity is None and not (events.total or spoken.total or related.total):
        raise HTTPException(404, f"no actor named {name!r} in the store")
    return {"name": name, "entity": entity, "events": page_links(request, events),
            "quotes": page_links(request, spoken), "relations": page_links(request, related)}


@twin(router, "/quotes", "quotes.html", "Quotes, filtered and paged")
def quotes_page(request: Request, b: Db, p: Pages, q: Text = None, speaker: Text = None, kind: Text = None,
                article: Text = None) -> dict[str, Any]:
    """Quote records with `article_id`, `article_title` and the speaker's canonical name."""
    q, speaker, kind, article = map(blank_to_none, (q, speaker, kind, article))
    page = records.quotes(b, q=q, speaker=speaker, kind=kind, article=article, limit=p.limit, offset=p.offset)
    return {**page_links(request, page), "filters": given(q=q, speaker=speaker, kind=kind, article=article)}


@twin(router, "/relations", "relations.html", "Relations between entities")
def relations_page(request: Request, b: Db, p: Pages, predicate: Text = None, entity: Text = None,
                   article: Text = None) -> dict[str, Any]:
    """Relation records with `article_id` and both sides' names."""
    predicate, entity, article = map(blank_to_none, (predicate, entity, article))
    page = records.relations(b, predicate=predicate, entity=entity, article=article, limit=p.limit,
                             offset=p.offset)
    return {**page_links(request, page), "filters": given(predicate=predicate, entity=entity, article=article)}


@twin(router, "/places", "places.html", "Places across articles")
def places_page(request: Request, b: Db, p: Pages, name: Text = None, kind: Text = None, country: Text = None,
                article: Text = None) -> dict[str, Any]:
    """One row per resolved place with its mentions, articles and the surface forms seen."""
    name, kind, country, article = map(blank_to_none, (name, kind, country, article))
    page = records.places(b, name=name, kind=kind, country=country, article=article, limit=p.limit,
                          offset=p.offset)
    return {**page_links(request, page), "filters": given(name=name, kind=kind, country=country, article=article)}


@twin(router, "/search", "search.html", "Search article text and quotes")
def search_page(request: Request, b: Db, q: Text = None,
                limit: Annotated[int, Query(ge=1, le=200)] = 20,
                offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Articles whose title or text holds every word of `q` ("quoted phrases" stay whole), each with a
    snippet around the first match, and quotes that hold every word. Case-insensitive substrings."""
    found = records.search(b, blank_to_none(q) or "", limit=limit, offset=offset)
    return {"q": found["q"], "terms": found["terms"], "articles": page_links(request, found["articles"]),
            "quotes": page_links(request, found["quotes"])}
