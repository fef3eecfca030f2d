"""Event filters as parameterised SQL, shared by the HTTP API, the web explorer and the exports.

One `EventFilter` names what a user may ask for; `event_where` turns it into a
WHERE clause over the aliases of `EVENTS_FROM` with every value passed as a
parameter, never spliced into the SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from eventwire.store.rows import period

# The events table with what the explorer shows beside an event: the canonical
# names of its two sides (an entity's name, else the text that named it) and the
# article. The sides are joined per article because entity ids are per article.
EVENTS_FROM = (
    " FROM events e"
    " JOIN articles a ON a.id = e.article_id"
    " LEFT JOIN entities ae ON ae.article_id = e.article_id AND ae.id = e.actor_entity"
    " LEFT JOIN entities re ON re.article_id = e.article_id AND re.id = e.recipient_entity"
)
EVENTS_ONLY_FROM = " FROM events e"
ACTOR_NAME = "coalesce(ae.name, e.actor_text)"
RECIPIENT_NAME = "coalesce(re.name, e.recipient_text)"
EVENT_ORDER = " ORDER BY e.period_start NULLS LAST, e.article_id, e.ordinal"

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TERM = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class EventFilter:
    """What to keep; None means no restriction. Text matches are case-insensitive."""

    type: str | None = None  # PLOVER type, exact
    actor: str | None = None  # substring of either side's name or text
    entity: str | None = None  # either side's canonical name, exact
    country: str | None = None  # ISO alpha-3 of either side
    place: str | None = None  # substring of the location's name, text or admin1, or its country code
    since: str | None = None  # YYYY[-MM[-DD]]: periods ending on or after
    until: str | None = None  # YYYY[-MM[-DD]]: periods starting on or before
    q: str | None = None  # words that must all occur in the event's sentence
    article: str | None = None  # article id
    status: str | None = None  # asserted|negated|hypothetical

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def as_params(self) -> dict[str, str]:
        """The set fields, for echoing back and for building links."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}


def day_bound(name: str, value: str, *, last: bool) -> date:
    """The first (or last) day of a 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' value; ValueError otherwise."""
    start, end = period(value, None, None) if _PARTIAL_DATE.match(value) else (None, None)
    if start is None or end is None:
        raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return end if last else start


def search_terms(q: str | None) -> list[str]:
    """Words of a free-text query; a "quoted phrase" counts as one term."""
    if not q:
        return []
    return [m.group(1) or m.group(2) for m in _TERM.finditer(q)][:10]


def event_from(f: EventFilter) -> str:
    """EVENTS_FROM, or the events table alone when no filter looks at names or text.

    Counting over the joins costs ten times more than over events alone, and the
    joins change no count: each event has exactly one article and at most one
    entity per side.
    """
    return EVENTS_FROM if (f.actor or f.entity or f.q) else EVENTS_ONLY_FROM


def event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """A WHERE clause (with the keyword) and its parameters, over the aliases of EVENTS_FROM."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.type is not None:
        clauses.append("upper(e.type) = upper(?)")
        params.append(f.type)
    if f.actor is not None:
        sides = [ACTOR_NAME, "e.actor_text", RECIPIENT_NAME, "e.recipient_text"]
        clauses.append("(" + " OR ".join(f"contains(lower({s}), lower(?))" for s in sides) + ")")
        params += [f.actor] * len(sides)
    if f.entity is not None:
        clauses.append(f"(lower({ACTOR_NAME}) = lower(?) OR lower({RECIPIENT_NAME}) = lower(?))")
        params += [f.entity, f.entity]
    if f.country is not None:
        clauses.append("(upper(e.actor_country) = upper(?) OR upper(e.recipient_country) = upper(?))")
        params += [f.country, f.country]
    if f.place is not None:
        texts = ["e.location_name", "e.location_text", "e.location_admin1"]
        clauses.append("(" + " OR ".join(f"contains(lower({t}), lower(?))" for t in texts)
                       + " OR upper(e.location_country) = upper(?))")
        params += [f.place] * (len(texts) + 1)
    if f.since is not None:
        clauses.append("e.period_end >= ?")
        params.append(day_bound("since", f.since, last=False))
    if f.until is not None:
        clauses.append("e.period_start <= ?")
        params.append(day_bound("until", f.until, last=True))
    for term in search_terms(f.q):
        # Offsets are Python str offsets; DuckDB's substr counts code points too, from 1.
        clauses.append("contains(lower(substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)),"
                       " lower(?))")
        params.append(term)
    if f.article is not None:
        clauses.append("e.article_id = ?")
        params.append(f.article)
    if f.status is not None:
        clauses.append("lower(e.status) = lower(?)")
        params.append(f.status)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
