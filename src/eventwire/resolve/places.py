"""Toponym resolution: place mentions in a parsed document → geocoded `Place` records.

Mentions come from `toponyms.collect_mentions`. Each name's gazetteer candidates are
ranked by:

- a prior: population (a division counts the people of its towns) and kind;
- the document: countries and first-level divisions the other mentions settle on,
  and nearness to places that are unambiguous;
- containment cues: "Long Beach, California", "Idlib province", "Kufa near Najaf".

A country name never resolves to a town of the same name unless the document names
the town's state and not the country ("a Palestine man ... Anderson County, Texas").
A weakly detected name (not an NER place) is kept only when the document supports it;
one name keeps one sense through the document. Each place carries a `confidence` (see
`pick_confidence`); a place name the text marks as one but the gazetteer cannot match is
reported with no coordinates and confidence 0.0 rather than guessed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from spacy.tokens import Doc

from eventwire.model import Place
from eventwire.resolve.gazetteer import Entry, Gazetteer, Match, load_gazetteer, name_key
from eventwire.resolve.toponyms import (
    CUED,
    PLACE_NOUNS,
    STRONG,
    WEAK,
    Mention,
    candidates,
    collect_mentions,
    contains,
    load_cues,
)
from eventwire.resolve.toponyms import _locative as placed_by_context

K = TypeVar("K")

CONTRACT_KIND = {"country": "country", "admin1": "admin1", "city": "city", "capital": "city"}
TOWN_KINDS = frozenset({"city", "capital", "admin2"})

# Ranking weights. A kind bonus lets a country or state beat a town that shares its
# name; context bonuses are large enough to overturn the population prior.
KIND_PRIOR = {"country": 3.0, "region": 3.0, "capital": 3.0, "admin1": 1.5, "admin2": 0.5, "city": 0.0}
PRIMARY_NAME = 0.7
# "Richmond" is an alternate name of Richmond County; a bare name more often means the town.
ADMIN2_BY_ALTERNATE = -1.5
# "New London" is an old name of New Haven too; a town that bears the name as its own comes first.
TOWN_BY_ALTERNATE = -1.0
COUNTRY_CONTEXT = 5.0
ADMIN1_CONTEXT = 3.5
CONTAINER = 8.0
NEAR_KM = 150.0
NEAR_BONUS = 1.5
# Other names with a likely town within ~1° of a candidate: each adds this, up to a cap.
CLUSTER_BONUS = 1.0
MAX_CLUSTER = 3
CLUSTER_CANDIDATES = 20
CO_MENTION = 2.5
NAMESAKE_CITY = 3.5
NAMESAKE_POPULATION = 100_000
BIG_DIVISION = 1_000_000
NEIGHBOUR_KM = 1000.0
NEIGHBOUR_BONUS = 1.0
# Vote weights: a confident pick, an ambiguous one, a weakly detected one.
SURE_MARGIN = 2.0
VOTE_SURE, VOTE_UNSURE, VOTE_WEAK = 1.0, 0.5, 0.25
# What a weakly detected place needs when nothing but its country backs it.
WEAK_TOWN_POPULATION = 50_000
WEAK_ALONE_POPULATION = 1_000_000
# Confidence (see `pick_confidence`): the pick's share of 10**score over its candidates,
# times these for how the name was found and for an alternate-name match.
DETECTION_CONFIDENCE = {STRONG: 1.0, CUED: 0.9, WEAK: 0.8}
ALTERNATE_NAME_CONFIDENCE = 0.85
DEMONYM_CONFIDENCE = 0.95  # a nationality word refers to its country
# NER labels whose names are reported as unmatched places when the gazetteer has none.
UNMATCHED_LABELS = frozenset({"GPE", "LOC"})

Resolved = tuple[Entry, float]  # the place a name means, and the confidence of that


@dataclass
class Context:
    """What the rest of the document says: country and division votes, anchor points."""

    countries: dict[str, float] = field(default_factory=dict)
    admin1: dict[int, float] = field(default_factory=dict)
    anchors: list[Entry] = field(default_factory=list)
    countries_named: list[Entry] = field(default_factory=list)  # countries other names settled on
    # Cell → names with a likely town there, and the cells of the name being ranked (not counted).
    nearby: Mapping[tuple[int, int], int] = field(default_factory=dict)
    own_cells: frozenset[tuple[int, int]] = frozenset()
    # Second-level divisions names may name, and that their towns may lie in (by how many
    # names), and the name being ranked's own (not counted).
    counties: Mapping[int, int] = field(default_factory=dict)
    own_counties: frozenset[int] = frozenset()
    town_counties: Mapping[int, int] = field(default_factory=dict)
    own_town_counties: frozenset[int] = frozenset()

    @cached_property
    def country_total(self) -> float:
        return sum(v for v in self.countries.values() if v > 0)

    @cached_property
    def admin1_total(self) -> float:
        return sum(v for v in self.admin1.values() if v > 0)

    def names_near(self, cell: tuple[int, int]) -> int:
        """Other names with a likely town in this cell or around it."""
        return self.nearby.get(cell, 0) - (cell in self.own_cells)

    def names_county(self, county: int) -> bool:
        return self.counties.get(county, 0) - (county in self.own_counties) > 0

    def names_town_in(self, county: int) -> bool:
        return self.town_counties.get(county, 0) - (county in self.own_town_counties) > 0


@dataclass
class Group:
    """All mentions of one name in a document: one name keeps one sense (a dateline's
    "PARIS, Tenn." settles the later bare "Paris")."""

    mentions: list[Mention]
    strength: int
    candidates: list[Match]
    container: list[Entry]
    near: list[Entry]
    demonym: Entry | None = None
    cells: frozenset[tuple[int, int]] = frozenset()  # where its likeliest towns lie, see _cells
    counties: frozenset[int] = frozenset()  # second-level divisions it may name
    namesake_cities: frozenset[int] = frozenset()  # rows of big cities named like their division
    town_counties: frozenset[int] = frozenset()  # second-level divisions its towns may lie in
    has_primary_town: bool = False  # some town bears the name as its main name


Pick = tuple[Match, float, float]  # the chosen candidate, its margin over the next, its share (see _best)


def km(a: Entry, b: Entry) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


# A degree of latitude is at least this far on the ground, whatever the longitudes.
_KM_PER_DEGREE = 6371.0 * math.pi / 180


def within(a: Entry, b: Entry, limit_km: float) -> bool:
    """Whether two places lie closer than `limit_km`. Most pairs a document compares are far
    apart in latitude alone, which settles it without the trigonometry (with a 1 km margin
    over rounding, so the answer is always `km`'s)."""
    if abs(a.lat - b.lat) * _KM_PER_DEGREE > limit_km + 1.0:
        return False
    return km(a, b) < limit_km


def _area(entry: Entry) -> int:
    """The first-level division a place lies in (itself for a division)."""
    return entry.geonames_id if entry.kind == "admin1" else entry.admin1


def _support(votes: dict[K, float], total: float, key: K) -> float:
    """0-1: how much the document backs a country or division, both by how often it is
    named (saturating) and by its share of all that are named (`total`, a local story's state)."""
    mine = max(0.0, votes.get(key, 0.0))
    if mine <= 0:
        return 0.0
    return 0.5 * mine / (mine + 1.0) + 0.5 * mine / total


def score(match: Match, group: Group, context: Context) -> float:
    """Higher is likelier. Context votes exclude the group's own."""
    entry = match.entry
    value = math.log10(entry.population + 10) + KIND_PRIOR.get(entry.kind, 0.0)
    if match.primary:
        value += PRIMARY_NAME
    elif entry.kind == "admin2":
        value += ADMIN2_BY_ALTERNATE
    elif group.has_primary_town and entry.kind in ("city", "capital"):
        value += TOWN_BY_ALTERNATE
    if entry.row in group.namesake_cities:
        value += NAMESAKE_CITY
    value += COUNTRY_CONTEXT * _support(context.countries, context.country_total, entry.country)
    area = _area(entry)
    if area:
        value += ADMIN1_CONTEXT * _support(context.admin1, context.admin1_total, area)
    if any(contains(outer, entry) for outer in group.container):
        value += CONTAINER
    if group.near and any(within(entry, other, NEAR_KM) for other in group.near):
        value += CONTAINER
    if entry.kind in TOWN_KINDS and any(within(entry, a, NEAR_KM) for a in context.anchors):
        value += NEAR_BONUS
    if entry.kind == "country":
        # "Georgia" beside Armenia and Azerbaijan is the country: neighbours are named together.
        near = sum(1 for c in context.countries_named if c.code != entry.code and within(entry, c, NEIGHBOUR_KM))
        value += NEIGHBOUR_BONUS * min(MAX_CLUSTER, near)
    if entry.kind in TOWN_KINDS:
        value += CLUSTER_BONUS * min(MAX_CLUSTER, context.names_near(_cell(entry)))
    # "Paris ... Henry County": a town and the county it lies in, both named, settle each other.
    if (entry.kind in ("city", "capital") and context.names_county(entry.admin2)) or \
            (entry.kind == "admin2" and context.names_town_in(entry.geonames_id)):
        value += CO_MENTION
    return value


def _cell(entry: Entry) -> tuple[int, int]:
    return math.floor(entry.lat), math.floor(entry.lon)


def _cells(group: Group) -> frozenset[tuple[int, int]]:
    """The 1° cells around the group's likeliest towns (by prior): a cheap "is there a
    candidate of this other name within ~100 km" test that needs no pairwise distances."""
    towns = [m for m in group.candidates if m.entry.kind in TOWN_KINDS]
    towns.sort(key=lambda m: -(math.log10(m.entry.population + 10) + (PRIMARY_NAME if m.primary else 0.0)))
    out: set[tuple[int, int]] = set()
    for m in towns[:CLUSTER_CANDIDATES]:
        lat, lon = _cell(m.entry)
        out.update((lat + dy, lon + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    return frozenset(out)


def _allowed(group: Group, context: Context) -> list[Match]:
    """A country's name means the country (or a namesake state), never a town, unless the
    text places the town ("Lebanon, Ind.") or names its state and not the country."""
    countries = [m.entry for m in group.candidates if m.entry.kind == "country"]
    if not countries:
        return _state_over_village(group)
    country_named = any(context.countries.get(c.code, 0) > 0 for c in countries)
    return [m for m in group.candidates
            if m.entry.kind in ("country", "admin1", "region")
            or any(contains(outer, m.entry) for outer in group.container)
            or (not country_named and context.admin1.get(_area(m.entry), 0) >= VOTE_SURE)]


def _state_over_village(group: Group) -> list[Match]:
    """A large state's own name means the state ("Florida"), not a village of the same country
    that bears it (Florida, N.Y.), unless the text places the village; a namesake city ("New
    York") stays, and so do towns abroad (Lima, Ohio is not ruled out by Peru's Lima region)."""
    states = {m.entry.country for m in group.candidates
              if m.primary and m.entry.kind == "admin1" and m.entry.population >= BIG_DIVISION}
    return [m for m in group.candidates
            if m.entry.kind not in ("city", "admin2") or m.entry.country not in states
            or m.entry.row in group.namesake_cities or any(contains(outer, m.entry) for outer in group.container)]


def _best(group: Group, context: Context) -> Pick | None:
    """The top candidate, its margin over the next, and its share of all: scores are in
    log10 units (the prior is log population), so a candidate's share is 10**score over
    the sum (a population share, tilted by kind, name and document evidence)."""
    allowed = _allowed(group, context)
    if not allowed:
        return None
    scored = sorted(((score(m, group, context), i) for i, m in enumerate(allowed)), reverse=True)
    top, i = scored[0]
    margin = top - scored[1][0] if len(scored) > 1 else 10.0
    share = 1.0 / sum(10.0 ** (s - top) for s, _ in scored)
    return allowed[i], margin, share


def _vote(votes: dict[K, float], key: K, weight: float) -> None:
    votes[key] = votes.get(key, 0.0) + weight


def _weight(group: Group, pick: Pick | None) -> float:
    if group.demonym is not None and group.strength == WEAK:
        return VOTE_UNSURE  # a capitalised nationality word the NER passed over
    if group.strength == WEAK:
        # A state or country inside a name ("Ohio State", "Texas Rangers") still says where.
        big = pick is not None and pick[0].entry.kind in ("country", "admin1")
        return VOTE_UNSURE if big else VOTE_WEAK
    if group.demonym is not None or pick is None:
        return VOTE_SURE
    return VOTE_SURE if pick[1] >= SURE_MARGIN else VOTE_UNSURE


def _votes(group: Group, pick: Pick | None) -> tuple[str | None, int, float]:
    """(country, division, weight) a group votes for."""
    if group.demonym is not None:
        # "English" is England's, a division: it votes for its country and its division.
        people = group.demonym
        return people.country or None, _area(people) if people.kind == "admin1" else 0, _weight(group, pick)
    if pick is None:
        return None, 0, 0.0
    entry = pick[0].entry
    return entry.country or None, _area(entry), _weight(group, pick)


@dataclass(frozen=True)
class _Share:
    """What one name adds to the context of the others."""

    country: str | None
    area: int
    weight: float
    anchor: Entry | None
    named: Entry | None


def _share(group: Group, pick: Pick | None) -> _Share:
    country, area, weight = _votes(group, pick)
    anchor = pick[0].entry if pick is not None and group.strength > WEAK and pick[1] >= SURE_MARGIN \
        and pick[0].entry.kind in TOWN_KINDS else None
    if group.demonym is not None and group.demonym.kind == "country":
        named: Entry | None = group.demonym
    else:
        named = pick[0].entry if pick is not None and pick[0].entry.kind == "country" else None
    return _Share(country, area, weight, anchor, named)


def _minus(votes: dict[K, float], key: K | None, weight: float) -> dict[K, float]:
    """The tally without one vote. Weights are multiples of 1/4, so the sums are exact in
    any order and taking a vote back leaves what the others' votes alone would add up to."""
    if not key or key not in votes:
        return votes
    out = dict(votes)
    left = out[key] - weight
    if left:
        out[key] = left
    else:
        del out[key]
    return out


def _contexts(groups: Sequence[Group], picks: Sequence[Pick | None]) -> list[Context]:
    """For each name, the votes of every other name's current pick; confident picks also
    become anchors. The document's tallies are counted once, and each name's context is
    them less its own share (not recounted name by name: that was quadratic)."""
    shares = [_share(g, p) for g, p in zip(groups, picks, strict=True)]
    countries: dict[str, float] = {}
    admin1: dict[int, float] = {}
    for share in shares:
        if share.country:
            _vote(countries, share.country, share.weight)
        if share.area:
            _vote(admin1, share.area, share.weight)
    nearby = Counter(cell for g in groups for cell in g.cells)
    counties = Counter(c for g in groups for c in g.counties)
    town_counties = Counter(c for g in groups for c in g.town_counties)
    out = []
    for i, (group, mine) in enumerate(zip(groups, shares, strict=True)):
        out.append(Context(
            countries=_minus(countries, mine.country, mine.weight),
            admin1=_minus(admin1, mine.area, mine.weight),
            anchors=[s.anchor for j, s in enumerate(shares) if j != i and s.anchor is not None],
            countries_named=[s.named for j, s in enumerate(shares) if j != i and s.named is not None],
            nearby=nearby, own_cells=group.cells,
            counties=counties, own_counties=group.counties,
            town_counties=town_counties, own_town_counties=group.town_counties,
        ))
    return out


def _supported(entry: Entry, group: Group, context: Context) -> bool:
    """Whether the document backs a place the NER did not call one: its country is named,
    and a town also lies in a named division, near a confident place, or is a large one."""
    if entry.kind in ("country", "region"):
        return True
    if any(contains(outer, entry) for outer in group.container):
        return True
    country_votes = context.countries.get(entry.country, 0)
    if group.strength > WEAK:
        return country_votes > 0 or entry.population >= WEAK_TOWN_POPULATION
    if country_votes <= 0:
        return entry.population >= WEAK_ALONE_POPULATION and entry.kind != "admin2"
    if entry.kind == "admin1":
        return True
    return (
        context.admin1.get(entry.admin1, 0) >= VOTE_UNSURE
        or any(within(entry, a, NEAR_KM) for a in context.anchors)
        or entry.population >= WEAK_TOWN_POPULATION
    )


def _namesake_cities(group: Group) -> frozenset[int]:
    """Cities of 100,000 that share the main name of the division they lie in: "New York" and
    "Najaf" in the news are the city; the division's summed population would outrank it."""
    divisions = {m.entry.geonames_id for m in group.candidates if m.entry.kind == "admin1" and m.primary}
    return frozenset(m.entry.row for m in group.candidates if m.entry.kind in ("city", "capital")
                     and m.entry.admin1 in divisions and m.entry.population >= NAMESAKE_POPULATION)


def group_mentions(gaz: Gazetteer, mentions: Sequence[Mention]) -> list[Group]:
    """Mentions grouped by name, in order of first mention."""
    by_key: dict[tuple[bool, str], Group] = {}
    for mention in mentions:
        key = (mention.demonym, name_key(mention.text) + "|" + ",".join(sorted(mention.kinds or ())))
        group = by_key.get(key)
        if group is None:
            demonym = gaz.demonym(mention.text) if mention.demonym else None
            group = by_key[key] = Group([], mention.strength, [], [], [], demonym)
        group.mentions.append(mention)
        group.strength = max(group.strength, mention.strength)
        seen = {m.entry.row for m in group.candidates}
        group.candidates.extend(m for m in mention.candidates if m.entry.row not in seen)
        group.container.extend(mention.container)
        group.near.extend(mention.near)
    return list(by_key.values())


def pick_confidence(group: Group, pick: Pick) -> float:
    """0-1: the pick's share of its candidates (so the margin over the others, context
    included), lowered for a name found only as an alternate name and for a name the NER
    did not tag a place (kept because the document backs it)."""
    match, _margin, share = pick
    value = share * DETECTION_CONFIDENCE[group.strength]
    if not match.primary:
        value *= ALTERNATE_NAME_CONFIDENCE
    return round(value, 3)


def resolve_groups(groups: Sequence[Group]) -> list[Resolved | None]:
    """Two rounds: context-free picks give the document's context, then all are re-ranked."""
    for group in groups:
        group.cells = _cells(group)
        group.namesake_cities = _namesake_cities(group)
        group.has_primary_town = any(m.primary and m.entry.kind in ("city", "capital") for m in group.candidates)
        group.counties = frozenset(m.entry.geonames_id for m in group.candidates if m.entry.kind == "admin2")
        group.town_counties = frozenset(m.entry.admin2 for m in group.candidates
                                        if m.entry.kind in ("city", "capital") and m.entry.admin2)
    picks = [None if g.demonym else _best(g, Context()) for g in groups]
    for _ in range(2):
        picks = [None if g.demonym else _best(g, c) for g, c in zip(groups, _contexts(groups, picks), strict=True)]
    final: list[Resolved | None] = []
    for group, pick, context in zip(groups, picks, _contexts(groups, picks), strict=True):
        if group.demonym is not None:
            final.append((group.demonym, DEMONYM_CONFIDENCE))
        elif pick is None:
            final.append(None)
        elif group.strength == STRONG or _supported(pick[0].entry, group, context):
            final.append((pick[0].entry, pick_confidence(group, pick)))
        else:
            final.append(None)
    return final


def resolve_mentions(gaz: Gazetteer, mentions: Sequence[Mention]) -> list[Resolved | None]:
    """The place each mention means and how sure that is (None where there is no good match)."""
    groups = group_mentions(gaz, mentions)
    by_mention = {id(m): found for g, found in zip(groups, resolve_groups(groups), strict=True) for m in g.mentions}
    return [by_mention[id(m)] for m in mentions]


def to_place(entry: Entry, text: str, start: int, end: int, demonym: bool = False,
             confidence: float | None = None) -> Place:
    kind = "demonym" if demonym else CONTRACT_KIND.get(entry.kind, "other")
    return Place(text=text, start=start, end=end, name=entry.name, kind=kind, country=entry.country or None,
                 lat=round(entry.lat, 5), lon=round(entry.lon, 5), geonames_id=entry.geonames_id or None,
                 confidence=confidence)


def unmatched_place(text: str, name: str, start: int, end: int) -> Place:
    """A place name the gazetteer has no acceptable match for: said, not guessed."""
    return Place(text=text, start=start, end=end, name=name, kind="other", confidence=0.0)


def _unmatched_names(doc: Doc, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Character spans of the NER's place names (GPE, LOC) that gave no mention at all (no
    gazetteer entry for the name or any name inside it) where the text, too, says it is a
    place: "in Zorblatz", "the village of Zorblatz", "Zorblatz province". The NER label alone
    is not enough: the small model tags many people and firms GPE."""
    cues = load_cues()
    found: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in UNMATCHED_LABELS:
            continue
        if not placed_by_context(ent):
            continue
        start, end = ent.start, ent.end
        while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s")):
            end -= 1
        span = doc[start:end]
        if not any(t.is_alpha and t.text[:1].isupper() and t.lower_ not in cues.designators
                   and t.lower_ not in PLACE_NOUNS for t in span):
            continue  # "District", "the 25th District": a designator is no name
        key = name_key(span.text)
        if len(key) < 2 or key in cues.not_places or key in cues.generic:
            continue
        if any(m.start < span.end_char and span.start_char < m.end for m in mentions):
            continue
        found.append((span.start_char, span.end_char))
    return found


def find_places(doc: Doc, offset: int = 0) -> list[Place]:
    """Places of a parsed document, in text order; offsets are shifted by `offset`.

    A mention with a gazetteer match is geocoded and carries its `confidence`; a place
    name the NER found that has no acceptable match (no gazetteer entry, or none it may
    mean) is kept with no coordinates and confidence 0.0 rather than guessed. Names found
    only by scanning that the document does not back are left out: they were never sure
    to be places.
    """
    gaz = load_gazetteer()
    mentions = collect_mentions(doc, gaz)
    places = []
    for mention, found in zip(mentions, resolve_mentions(gaz, mentions), strict=True):
        text = doc.text[mention.start : mention.end]
        start, end = mention.start + offset, mention.end + offset
        if found is not None:
            places.append(to_place(found[0], text, start, end, mention.demonym, found[1]))
        elif mention.strength == STRONG and not mention.demonym:
            places.append(unmatched_place(text, mention.text, start, end))
    for start, end in _unmatched_names(doc, mentions):
        text = doc.text[start:end]
        places.append(unmatched_place(text, text, start + offset, end + offset))
    return sorted(places, key=lambda p: p.start)


def admin1_of(place: Place) -> str | None:
    """Name of the first-level division a geocoded place lies in ("Idlib" for Khan Shaykhun),
    its own name for a division, None for a country or a place without a GeoNames id."""
    if place.geonames_id is None or place.kind in ("country", "demonym"):
        return None
    gaz = load_gazetteer()
    entry = gaz.by_geonames_id(place.geonames_id)
    if entry is None or entry.kind in ("country", "region"):
        return None
    division = entry if entry.kind == "admin1" else gaz.by_geonames_id(entry.admin1) if entry.admin1 else None
    return division.name if division is not None else None


def country_of(name: str) -> str | None:
    """ISO alpha-3 of a country name, alias, code or demonym ("Iraqi" → "IRQ", "U.S." → "USA")."""
    gaz = load_gazetteer()
    if len(name) == 3 and name.isupper() and gaz.by_code(name) is not None:
        return name
    demonym = gaz.demonym(name)
    if demonym is not None:
        return demonym.country or None  # "English" → England → GBR; "Kurdish" → a region, no country
    countries = [m.entry.code for m in gaz.lookup(name) if m.entry.kind == "country"]
    return countries[0] if countries else None


def geocode(name: str, context_countries: Sequence[str] = ()) -> Place | None:
    """The likeliest place for a bare name, preferring the given countries (ISO alpha-3)."""
    gaz = load_gazetteer()
    mention = Mention(0, len(name), name)
    demonym = gaz.demonym(name)
    if demonym is not None and not gaz.lookup(name):
        return to_place(demonym, name, 0, len(name), demonym=True, confidence=DEMONYM_CONFIDENCE)
    mention.candidates = candidates(gaz, mention)
    group = group_mentions(gaz, [mention])[0]
    best = _best(group, Context(countries=dict.fromkeys(context_countries, 2.0)))
    if best is None:
        return None
    return to_place(best[0].entry, name, 0, len(name), confidence=pick_confidence(group, best))
