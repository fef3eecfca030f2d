"""Toponym resolution: place mentions in a parsed document → geocoded `Place` records.

Mentions are the NER's GPE/LOC/FAC/NORP entities, plus names the NER gave another
label after a locative preposition ("in Kufa"), plus country names and demonyms it
missed. Each name is looked up in the gazetteer and its candidates are ranked by:

- a prior: population (a division counts the people of its towns) and kind;
- the document: countries and first-level divisions the other mentions settle on,
  and nearness to places that are unambiguous;
- containment cues: "Long Beach, California", "Idlib province", "Kufa near Najaf".

A country name never resolves to a town of the same name; a name with no gazetteer
entry is skipped rather than guessed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from eventwire.model import Place
from eventwire.resolve.gazetteer import DATA_DIR, Entry, Gazetteer, Match, load_gazetteer, name_key

K = TypeVar("K")

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DEMONYM_LABELS = frozenset({"NORP"})
# The small NER model often calls a town it does not know a person ("Khan Sheikhoun"); such a
# name counts only after a locative preposition ("in Kufa").
MISLABELED = frozenset({"PERSON"})
# Entities whose words are never scanned for embedded place names.
NOT_SCANNED = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                         "WORK_OF_ART", "LAW", "LANGUAGE"})
MAX_SCAN_TOKENS = 4
# A weakly detected town needs this population when nothing else in the document supports it.
WEAK_MIN_POPULATION = 100_000
CONTRACT_KIND = {"country": "country", "admin1": "admin1", "city": "city", "capital": "city"}
TOWN_KINDS = frozenset({"city", "capital", "admin2"})

# Ranking weights. A kind bonus lets a country or state beat a town that shares its
# name; context bonuses are large enough to overturn the population prior.
KIND_PRIOR = {"country": 3.0, "region": 3.0, "capital": 3.0, "admin1": 1.5, "admin2": 0.5, "city": 0.0}
PRIMARY_NAME = 0.7
# "Richmond" is an alternate name of Richmond County; a bare name more often means the town.
ADMIN2_BY_ALTERNATE = -1.5
COUNTRY_CONTEXT = 5.0
ADMIN1_CONTEXT = 2.5
CONTAINER = 8.0
NEAR_KM = 150.0
NEAR_BONUS = 1.5
MAX_CANDIDATES = 300


@dataclass(frozen=True)
class Cues:
    designators: dict[str, frozenset[str]]
    locatives: frozenset[str]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Designator and locative words from ``cues.tsv`` (data, so users can add languages' words)."""
    designators: dict[str, frozenset[str]] = {}
    locatives: set[str] = set()
    for line in (DATA_DIR / "cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, cue, *rest = line.split("\t")
        if cue == "designator":
            designators[word] = frozenset(rest[0].split("|")) if rest else frozenset()
        elif cue == "locative":
            locatives.add(word)
    return Cues(designators, frozenset(locatives))


@dataclass
class Mention:
    start: int  # character offsets in the doc
    end: int
    text: str  # the name looked up (designator stripped)
    demonym: bool = False
    kinds: frozenset[str] | None = None  # allowed kinds, from a designator
    weak: bool = False  # not an NER place: needs support from context
    cued: bool = False  # a mislabeled entity after a locative ("in Kufa"): country support suffices
    candidates: list[Match] = field(default_factory=list)
    container: list[Entry] = field(default_factory=list)  # places named right after ", "
    near: list[Entry] = field(default_factory=list)  # places named after "near"


@dataclass
class Context:
    """What the rest of the document says: country and division votes, anchor points."""

    countries: dict[str, float] = field(default_factory=dict)
    admin1: dict[int, float] = field(default_factory=dict)
    anchors: list[Entry] = field(default_factory=list)


def km(a: Entry, b: Entry) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _contains(outer: Entry, inner: Entry) -> bool:
    if outer.kind == "country":
        return inner.country == outer.code and inner.kind != "country"
    if outer.kind == "admin1":
        return inner.admin1 == outer.geonames_id
    if outer.kind == "admin2":
        return inner.admin2 == outer.geonames_id
    return False


def _strip(span: Span) -> tuple[int, int]:
    """Token range of the name proper: no leading "the", no trailing possessive."""
    start, end = span.start, span.end
    if end - start > 1 and span.doc[start].lower_ == "the":
        start += 1
    if end - start > 1 and span.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end


def _admin_after(gaz: Gazetteer, doc: Doc, i: int) -> list[Entry]:
    """Countries/divisions named at token i ("California", "Calif.", "New South Wales")."""
    found: list[Entry] = []
    for length in (3, 2, 1):
        if i + length > len(doc):
            continue
        words = doc[i : i + length]
        if not words[0].is_title and not words[0].is_upper:
            continue
        texts = [words.text]
        if i + length < len(doc) and doc[i + length].text == ".":
            texts.append(words.text + ".")  # "Calif" + "." split by the tokenizer
        for text in texts:
            found = [m.entry for m in gaz.lookup(text) if m.entry.kind in ("country", "admin1", "admin2")]
            if found:
                return found
    return found


def collect_mentions(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Place mentions in the doc, with their cues and candidates."""
    cues = load_cues()
    mentions: list[Mention] = []
    covered: set[int] = set()
    for ent in doc.ents:
        label = ent.label_
        if label not in PLACE_LABELS and label not in DEMONYM_LABELS and label not in MISLABELED:
            continue
        start, end = _strip(ent)
        if start >= end:
            continue
        weak = label in MISLABELED
        if weak and (start == 0 or doc[start - 1].lower_ not in cues.locatives):
            continue
        span = doc[start:end]
        mention = Mention(span.start_char, span.end_char, span.text, weak=weak, cued=weak)
        last = span[-1].lower_
        if end - start > 1 and last in cues.designators and not gaz.lookup(span.text):
            # "Idlib Province" inside the entity: look up "Idlib", restricted to divisions.
            mention.text, mention.kinds = doc[start : end - 1].text, cues.designators[last]
        elif end < len(doc) and doc[end].lower_ in cues.designators:
            # "Idlib province": the designator becomes part of the mention's span.
            mention.kinds = cues.designators[doc[end].lower_]
            mention.end = doc[end].idx + len(doc[end].text)
        if label in DEMONYM_LABELS or (label in PLACE_LABELS and gaz.demonym(span.text)):
            mention.demonym = gaz.demonym(span.text) is not None
            if not mention.demonym and label in DEMONYM_LABELS:
                continue  # "Republican", "Muslim": groups, not places
        mentions.append(mention)
        covered.update(range(ent.start, ent.end))
        after = end + (1 if mention.end > span.end_char else 0)
        if after + 1 < len(doc) and doc[after].text == ",":
            mention.container = _admin_after(gaz, doc, after + 1)
        if after + 1 < len(doc) and doc[after].lower_ == "near":
            mention.near = [m.entry for m in gaz.lookup(_near_name(doc, after + 1))]
    skipped = {t.i for ent in doc.ents if ent.label_ in NOT_SCANNED for t in ent}
    mentions.extend(_scan(doc, gaz, covered | skipped))
    for mention in mentions:
        if not mention.demonym:
            mention.candidates = _candidates(gaz, mention)
    return [m for m in mentions if m.demonym or m.candidates]


def _near_name(doc: Doc, i: int) -> str:
    for ent in doc.ents:
        if ent.start == i:
            return ent.text
    return doc[i].text


def _capitalised(token: Token) -> bool:
    return (token.is_title or (token.is_upper and len(token) > 1)) and (token.is_alpha or "." in token.text)


def _scan(doc: Doc, gaz: Gazetteer, blocked: set[int]) -> Iterable[Mention]:
    """Gazetteer names outside place entities: "Texas" in "Texas Rangers", a dateline's
    "BEIRUT", towns the NER missed. Longest match first; all are weak (need context)."""
    i = 0
    while i < len(doc):
        step = 1
        for n in range(min(MAX_SCAN_TOKENS, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            if any(t.i in blocked or not _capitalised(t) for t in span) or len(name_key(span.text)) < 3:
                continue
            if gaz.demonym(span.text) is not None:
                yield Mention(span.start_char, span.end_char, span.text, demonym=True)
            elif gaz.lookup(span.text):
                yield Mention(span.start_char, span.end_char, span.text, weak=True)
            else:
                continue
            step = n
            break
        i += step


def _candidates(gaz: Gazetteer, mention: Mention) -> list[Match]:
    matches = gaz.lookup(mention.text)
    if mention.kinds is not None:
        matches = [m for m in matches if m.entry.kind in mention.kinds]
    if mention.weak:
        # Alternate names of towns are too noisy ("The", "Act") to trust without the NER.
        matches = [m for m in matches if m.primary or m.entry.kind in ("country", "admin1", "region")]
    if any(m.entry.kind == "country" for m in matches):
        # A country's name means the country (or a namesake state), never a town, unless
        # the text places the town: "Lebanon, Ind." or "Palestine, Texas".
        matches = [m for m in matches if m.entry.kind in ("country", "admin1")
                   or any(_contains(outer, m.entry) for outer in mention.container)]
    if len(matches) > MAX_CANDIDATES:
        matches = sorted(matches, key=lambda m: -m.entry.population)[:MAX_CANDIDATES]
    return matches


def score(match: Match, mention: Mention, context: Context) -> float:
    """Higher is likelier. Context votes exclude the mention's own."""
    entry = match.entry
    value = math.log10(entry.population + 10) + KIND_PRIOR.get(entry.kind, 0.0)
    if match.primary:
        value += PRIMARY_NAME
    elif entry.kind == "admin2":
        value += ADMIN2_BY_ALTERNATE
    votes = max(0.0, context.countries.get(entry.country, 0))
    value += COUNTRY_CONTEXT * votes / (votes + 1.0)
    area = entry.geonames_id if entry.kind == "admin1" else entry.admin1
    votes = max(0.0, context.admin1.get(area, 0)) if area else 0.0
    value += ADMIN1_CONTEXT * votes / (votes + 1.0)
    if any(_contains(outer, entry) for outer in mention.container):
        value += CONTAINER
    if mention.near and any(km(entry, other) < NEAR_KM for other in mention.near):
        value += CONTAINER
    if entry.kind in TOWN_KINDS and any(km(entry, a) < NEAR_KM for a in context.anchors):
        value += NEAR_BONUS
    return value


def _best(mention: Mention, context: Context) -> tuple[Match, float] | None:
    if not mention.candidates:
        return None
    scored = sorted(((score(m, mention, context), i) for i, m in enumerate(mention.candidates)), reverse=True)
    top, i = scored[0]
    margin = top - scored[1][0] if len(scored) > 1 else 10.0
    return mention.candidates[i], margin


def _vote(votes: dict[K, float], key: K, weight: float) -> None:
    votes[key] = votes.get(key, 0.0) + weight


def _context(gaz: Gazetteer, mentions: Sequence[Mention], picks: Sequence[tuple[Match, float] | None]) -> Context:
    """Votes from each mention's current pick; confident picks also become anchors."""
    context = Context()
    seen_anchor: set[int] = set()
    for mention, pick in zip(mentions, picks, strict=True):
        if mention.demonym:
            country = gaz.demonym(mention.text)
            if country is not None:
                _vote(context.countries, country.code, 1.0)
            continue
        if pick is None or mention.weak:
            continue  # weakly detected names take context but do not give it
        entry, margin = pick[0].entry, pick[1]
        weight = 1.0 if margin >= 2.0 else 0.5
        _vote(context.countries, entry.country, weight)
        area = entry.geonames_id if entry.kind == "admin1" else entry.admin1
        if area:
            _vote(context.admin1, area, weight)
        if margin >= 2.0 and entry.kind in TOWN_KINDS and entry.row not in seen_anchor:
            seen_anchor.add(entry.row)
            context.anchors.append(entry)
    return context


def _without(context: Context, pick: tuple[Match, float] | None, demonym_of: Entry | None) -> Context:
    """The context minus one mention's own vote, so a name cannot confirm itself."""
    if pick is None and demonym_of is None:
        return context
    countries, admin1 = dict(context.countries), dict(context.admin1)
    if demonym_of is not None:
        _vote(countries, demonym_of.code, -1.0)
    elif pick is not None:
        entry, weight = pick[0].entry, 1.0 if pick[1] >= 2.0 else 0.5
        _vote(countries, entry.country, -weight)
        area = entry.geonames_id if entry.kind == "admin1" else entry.admin1
        if area:
            _vote(admin1, area, -weight)
    anchors = [a for a in context.anchors if pick is None or a.row != pick[0].entry.row]
    return Context(countries, admin1, anchors)


def resolve_mentions(gaz: Gazetteer, mentions: Sequence[Mention]) -> list[Entry | None]:
    """Two rounds: context-free picks give the document's context, then all are re-ranked."""
    empty = Context()
    picks = [_best(m, empty) for m in mentions]
    for _ in range(2):
        context = _context(gaz, mentions, picks)
        picks = [
            _best(m, context if m.weak else _without(context, p, gaz.demonym(m.text) if m.demonym else None))
            for m, p in zip(mentions, picks, strict=True)
        ]
    final: list[Entry | None] = []
    context = _context(gaz, mentions, picks)
    for mention, pick in zip(mentions, picks, strict=True):
        if mention.demonym:
            final.append(gaz.demonym(mention.text))
        elif pick is None or (mention.weak and not _supported(pick[0].entry, context, mention.cued)):
            final.append(None)  # a name the NER did not call a place needs the document's support
        else:
            final.append(pick[0].entry)
    return final


def _supported(entry: Entry, context: Context, cued: bool) -> bool:
    """Whether the document backs a weakly detected place: its country is named, and a
    town also follows a locative, lies in a named division, near a confident place, or is a city."""
    if entry.kind in ("country", "region"):
        return True
    if context.countries.get(entry.country, 0) < 1:
        return False
    if entry.kind == "admin1" or cued:
        return True
    return (
        context.admin1.get(entry.admin1, 0) >= 1
        or any(km(entry, a) < NEAR_KM for a in context.anchors)
        or entry.population >= WEAK_MIN_POPULATION
    )


def to_place(entry: Entry, text: str, start: int, end: int, demonym: bool = False) -> Place:
    kind = "demonym" if demonym else CONTRACT_KIND.get(entry.kind, "other")
    return Place(text=text, start=start, end=end, name=entry.name, kind=kind, country=entry.country or None,
                 lat=round(entry.lat, 5), lon=round(entry.lon, 5), geonames_id=entry.geonames_id or None)


def find_places(doc: Doc, offset: int = 0) -> list[Place]:
    """Geocoded places of a parsed document; offsets are shifted by `offset`."""
    gaz = load_gazetteer()
    mentions = collect_mentions(doc, gaz)
    places = []
    for mention, entry in zip(mentions, resolve_mentions(gaz, mentions), strict=True):
        if entry is not None:
            text = doc.text[mention.start : mention.end]
            places.append(to_place(entry, text, mention.start + offset, mention.end + offset, mention.demonym))
    return sorted(places, key=lambda p: p.start)


def country_of(name: str) -> str | None:
    """ISO alpha-3 of a country name, alias, code or demonym ("Iraqi" → "IRQ", "U.S." → "USA")."""
    gaz = load_gazetteer()
    if len(name) == 3 and name.isupper() and gaz.by_code(name) is not None:
        return name
    demonym = gaz.demonym(name)
    if demonym is not None:
        return demonym.code
    countries = [m.entry.code for m in gaz.lookup(name) if m.entry.kind == "country"]
    return countries[0] if countries else None


def geocode(name: str, context_countries: Sequence[str] = ()) -> Place | None:
    """The likeliest place for a bare name, preferring the given countries (ISO alpha-3)."""
    gaz = load_gazetteer()
    mention = Mention(0, len(name), name)
    demonym = gaz.demonym(name)
    if demonym is not None and not gaz.lookup(name):
        return to_place(demonym, name, 0, len(name), demonym=True)
    mention.candidates = _candidates(gaz, mention)
    best = _best(mention, Context(countries=dict.fromkeys(context_countries, 2.0)))
    return None if best is None else to_place(best[0].entry, name, 0, len(name))
