"""Read-only queries over articles, entities, quotes, relations and places, and search.

Entities and places are listed across articles, one row per canonical name
(entity ids are per article, so the name is what joins an actor's records
across the corpus); quotes and relations are listed as records, each with its
article id. Every user value goes in as a parameter.
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.store import shape
from eventwire.store.browse import Browse, Page, check_paging
from eventwire.store.filters import day_bound, search_terms
from eventwire.store.schema import column_list

Row = dict[str, Any]

SNIPPET_CHARS = 90


def _contains_all(columns: list[str], terms: list[str]) -> tuple[list[str], list[Any]]:
    """One clause per term: the term occurs (case-insensitively) in any of `columns`."""
    clauses, params = [], []
    for term in terms:
        clauses.append("(" + " OR ".join(f"contains(lower(coalesce({c}, '')), lower(?))" for c in columns) + ")")
        params += [term] * len(columns)
    return clauses, params


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def _page(b: Browse, select: str, rest: str, params: list[Any], limit: int, offset: int) -> tuple[list[Row], int]:
    check_paging(limit, offset)
    found = b.rows(f"{select}{rest} LIMIT ? OFFSET ?", [*params, limit, offset])
    total = int(b.scalar(f"SELECT count(*) FROM ({select}{rest})", params) or 0)
    return found, total


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> dict[str, Any]:
    """A window of `text` around the first term found, with the term's offsets inside the window."""
    for term in terms:
        hit = re.search(re.escape(term), text, re.IGNORECASE)
        if hit:
            start = max(0, hit.start() - width)
            end = min(len(text), hit.end() + width)
            return {"text": text[start:end], "start": start, "match_start": hit.start() - start,
                    "match_end": hit.end() - start}
    return {"text": text[: 2 * width], "start": 0, "match_start": None, "match_end": None}


# -- articles ----------------------------------------------------------------------


def articles(b: Browse, q: str | None = None, outlet: str | None = None, since: str | None = None,
             until: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Article metadata (no text) with counts of their records; `q` words must all be in title or text."""
    terms = search_terms(q)
    clauses, params = _contains_all(["a.title", "a.text"], terms)
    if outlet is not None:
        clauses.append("contains(lower(coalesce(a.outlet, '')), lower(?))")
        params.append(outlet)
    # `published` is stored as text; its first ten characters are the day.
    if since is not None:
        clauses.append("try_cast(left(a.published, 10) AS DATE) >= ?")
        params.append(day_bound("since", since, last=False))
    if until is not None:
        clauses.append("try_cast(left(a.published, 10) AS DATE) <= ?")
        params.append(day_bound("until", until, last=True))
    counts = ", ".join(f"(SELECT count(*) FROM {t} x WHERE x.article_id = a.id) AS {t}"
                       for t in ("events", "entities", "quotes", "places"))
    select = ("SELECT a.id, a.title, a.url, a.outlet, a.published, a.language, length(a.text) AS text_length, "
              f"{counts}")
    found, total = _page(b, select, f" FROM articles a{_where(clauses)} ORDER BY a.published NULLS LAST, a.id",
                         params, limit, offset)
    return Page(found, total, limit, offset)


def article_result(b: Browse, article_id: str) -> Row:
    """The stored article as its contract dict (raises E016 when absent)."""
    return b.store.get_result(article_id)


# -- entities (actors) -------------------------------------------------------------

_ENTITY_GROUP = (
    # One row per identity: KB actors share their canonical name; others match by their name
    # with case and surrounding space normalised ("Iraqi Army" and "Iraqi army" are one).
    "SELECT mode(n.name) AS name, mode(n.kind) AS kind, mode(n.country) AS country,"
    " list_sort(list_distinct(flatten(list(n.sectors)))) AS sectors,"
    " min(n.kb_id) AS kb_id, count(DISTINCT n.article_id) AS articles, sum(n.mentions) AS mentions"
    " FROM (SELECT en.*, (SELECT count(*) FROM mentions m WHERE m.article_id = en.article_id"
    " AND m.entity_id = en.id) AS mentions FROM entities en) n"
)


def entities(b: Browse, name: str | None = None, kind: str | None = None, country: str | None = None,
             article: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Entities across articles, one row per canonical name, most mentioned first."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, value, op in (("n.name", name, "contains"), ("n.kind", kind, "="),
                              ("n.country", country, "="), ("n.article_id", article, "id")):
        if value is None:
            continue
        if op == "contains":
            clauses.append(f"contains(lower({column}), lower(?))")
        elif op == "id":
            clauses.append(f"{column} = ?")
        else:
            clauses.append(f"lower({column}) = lower(?)")
        params.append(value)
    rest = f"{_where(clauses)} GROUP BY lower(trim(n.name)) ORDER BY mentions DESC, articles DESC, name"
    found, total = _page(b, _ENTITY_GROUP, rest, params, limit, offset)
    return Page([_entity_item(r) for r in found], total, limit, offset)


def _entity_item(r: Row) -> Row:
    return {**r, "sectors": list(r["sectors"] or []), "mentions": int(r["mentions"] or 0)}


def entity_summary(b: Browse, name: str) -> Row | None:
    """One canonical name's entity row (None when no entity has that name)."""
    found = b.rows(f"{_ENTITY_GROUP} WHERE lower(trim(n.name)) = lower(trim(?)) GROUP BY lower(trim(n.name))", [name])
    return _entity_item(found[0]) if found else None


# -- quotes --------------------------------------------------------------------------

_QUOTES_FROM = (
    " FROM quotes q JOIN articles a ON a.id = q.article_id"
    " LEFT JOIN entities se ON se.article_id = q.article_id AND se.id = q.speaker_entity"
)
_SPEAKER_NAME = "coalesce(se.name, q.speaker_text)"


def quotes(b: Browse, q: str | None = None, speaker: str | None = None, speaker_exact: str | None = None,
           kind: str | None = None, article: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Quote records with their article and speaker's canonical name; `q` words must all be in the quote."""
    clauses, params = _contains_all(["q.text"], search_terms(q))
    if speaker is not None:
        clauses.append(f"(contains(lower({_SPEAKER_NAME}), lower(?)) OR contains(lower(q.speaker_text), lower(?)))")
        params += [speaker, speaker]
    if speaker_exact is not None:
        clauses.append(f"lower({_SPEAKER_NAME}) = lower(?)")
        params.append(speaker_exact)
    if kind is not None:
        clauses.append("lower(q.kind) = lower(?)")
        params.append(kind)
    if article is not None:
        clauses.append("q.article_id = ?")
        params.append(article)
    select = (f"SELECT {column_list('quotes', 'q.')}, {_SPEAKER_NAME} AS speaker_name, a.title AS article_title,"
              " a.published AS article_published")
    rest = f"{_QUOTES_FROM}{_where(clauses)} ORDER BY a.published NULLS LAST, q.article_id, q.ordinal"
    found, total = _page(b, select, rest, params, limit, offset)
    items = [{"article_id": r["article_id"], "article_title": r["article_title"],
              "speaker_name": r["speaker_name"], **shape.quote(r)} for r in found]
    return Page(items, total, limit, offset)


# -- relations -----------------------------------------------------------------------

_RELATIONS_FROM = (
    " FROM relations r"
    " LEFT JOIN entities s ON s.article_id = r.article_id AND s.id = r.subject"
    " LEFT JOIN entities o ON o.article_id = r.article_id AND o.id = r.object"
)


def relations(b: Browse, predicate: str | None = None, entity: str | None = None,
              entity_exact: str | None = None, article: str | None = None, limit: int = 50,
              offset: int = 0) -> Page:
    """Relation records with their article and both sides' names."""
    clauses: list[str] = []
    params: list[Any] = []
    if predicate is not None:
        clauses.append("lower(r.predicate) = lower(?)")
        params.append(predicate)
    if entity is not None:
        clauses.append("(contains(lower(s.name), lower(?)) OR contains(lower(o.name), lower(?)))")
        params += [entity, entity]
    if entity_exact is not None:
        clauses.append("(lower(s.name) = lower(?) OR lower(o.name) = lower(?))")
        params += [entity_exact, entity_exact]
    if article is not None:
        clauses.append("r.article_id = ?")
        params.append(article)
    select = f"SELECT {column_list('relations', 'r.')}, s.name AS subject_name, o.name AS object_name"
    rest = f"{_RELATIONS_FROM}{_where(clauses)} ORDER BY r.article_id, r.ordinal"
    found, total = _page(b, select, rest, params, limit, offset)
    items = [{"article_id": r["article_id"], "ordinal": r["ordinal"], "subject_name": r["subject_name"],
              "object_name": r["object_name"], **shape.relation(r)} for r in found]
    return Page(items, total, limit, offset)


# -- places --------------------------------------------------------------------------


def places(b: Browse, name: str | None = None, kind: str | None = None, country: str | None = None,
           article: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Places across articles, one row per resolved place, most mentioned first; `confidence` is
    the mean over its mentions (NULL for those stored before places had one)."""
    clauses: list[str] = []
    params: list[Any] = []
    if name is not None:
        clauses.append("(contains(lower(p.name), lower(?)) OR contains(lower(p.text), lower(?)))")
        params += [name, name]
    if kind is not None:
        clauses.append("lower(p.kind) = lower(?)")
        params.append(kind)
    if country is not None:
        clauses.append("upper(p.country) = upper(?)")
        params.append(country)
    if article is not None:
        clauses.append("p.article_id = ?")
        params.append(article)
    select = ("SELECT p.name, p.kind, p.country, p.lat, p.lon, p.geonames_id, count(*) AS mentions,"
              " round(avg(p.confidence), 3) AS confidence,"
              " count(DISTINCT p.article_id) AS articles, list_sort(list_distinct(list(p.text))) AS texts"
              " FROM places p")
    rest = f"{_where(clauses)} GROUP BY ALL ORDER BY mentions DESC, p.name"
    found, total = _page(b, select, rest, params, limit, offset)
    return Page([{**r, "texts": list(r["texts"] or [])} for r in found], total, limit, offset)


# -- search ----------------------------------------------------------------------------


def search(b: Browse, q: str, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Articles whose title or text holds every word of `q`, with a snippet each, and matching quotes."""
    terms = search_terms(q)
    if not terms:
        return {"q": q, "terms": [], "articles": Page([], 0, limit, offset), "quotes": Page([], 0, limit, 0)}
    clauses, params = _contains_all(["a.title", "a.text"], terms)
    select = "SELECT a.id, a.title, a.published, a.outlet, a.text"
    found, total = _page(b, select, f" FROM articles a{_where(clauses)} ORDER BY a.published NULLS LAST, a.id",
                         params, limit, offset)
    hits = [{"id": r["id"], "title": r["title"], "published": r["published"], "outlet": r["outlet"],
             "snippet": snippet(r["text"] or "", terms)} for r in found]
    quote_hits = quotes(b, q=q, limit=limit)
    return {"q": q, "terms": terms, "articles": Page(hits, total, limit, offset), "quotes": quote_hits}
