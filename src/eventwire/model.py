"""The output contract as frozen dataclasses.

Field names are pinned by the design (tests, exports and the API all speak
them). This module does no I/O; `to_dict()` gives the exact JSON shape. All
offsets are Python ``str`` offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: str  # person|organization|country|armed_group|location|other
    country: str | None = None
    sectors: tuple[str, ...] = ()
    kb_id: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Participant:
    """One side of an event (PLOVER's actor or recipient)."""

    entity: str | None
    text: str
    country: str | None = None
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trigger:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SentenceRef:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class EventDate:
    value: str
    precision: str  # day|month|year
    text: str | None
    basis: str  # explicit|relative|published


@dataclass(frozen=True)
class Location:
    name: str
    text: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None


@dataclass(frozen=True)
class Count:
    min: int | None
    max: int | None
    text: str


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    cameo: str | None
    quad_class: int | None
    goldstein: float | None
    actor: Participant | None
    recipient: Participant | None
    trigger: Trigger
    sentence: SentenceRef
    date: EventDate | None = None
    location: Location | None = None
    fatalities: Count | None = None
    injured: Count | None = None
    status: str = "asserted"  # asserted|negated|hypothetical
    reported_by: str | None = None
    confidence: float = 0.0


@dataclass(frozen=True)
class Speaker:
    entity: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Cue:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Medium:
    """Where the words were said: "a statement", "an interview", "Twitter"."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Relay:
    """Who passed the words on: "Reuters" in "told Reuters", "quoted by Reuters",
    "Reuters reported"; `entity` when the words resolve to an article entity."""

    entity: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    id: str
    kind: str  # direct|indirect|mixed
    text: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Cue | None
    medium: Medium | None = None
    relay: Relay | None = None


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    text: str
    start: int
    end: int
    name: str
    kind: str  # country|admin1|city|demonym|other
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    # 0-1, how sure the gazetteer match is (see resolve/places.py, docs/geo.md); 0.0 for a
    # place name with no acceptable match (then name is the text and there are no coordinates);
    # None when unknown (records stored before it existed, or made by hand).
    confidence: float | None = None


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    relations: tuple[Relation, ...] = ()
    places: tuple[Place, ...] = ()
    captions: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (captions are kept aside, not exported)."""
        return {
            "article": asdict(self.article),
            "entities": [_plain(asdict(e)) for e in self.entities],
            "events": [_plain(asdict(e)) for e in self.events],
            "quotes": [_plain(asdict(q)) for q in self.quotes],
            "relations": [asdict(r) for r in self.relations],
            "places": [asdict(p) for p in self.places],
        }


def _plain(value: Any) -> Any:
    """Tuples become lists so the JSON and the dict compare equal."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
