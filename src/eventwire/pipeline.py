"""The walk of an article: parse, find entities, quotes, events; date, place and count them.

This is the one core every shell calls (CLI, Python API, batch runs, eval).
Knowledge (lexicon, actor KB, gazetteer) and the spaCy model load once per
process and are shared by every article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc

from eventwire.errors import ErrorCode, EventwireError, ItemError
from eventwire.extract.counts import find_counts
from eventwire.extract.events import Draft, anchor_trigger, extract_drafts
from eventwire.extract.lexicon import Lexicon, load_lexicon
from eventwire.extract.quotes import extract_quotes, find_quote_spans
from eventwire.extract.relations import extract_relations
from eventwire.extract.times import find_dates
from eventwire.ingest import IngestedItem, article_from_text
from eventwire.model import (
    Article,
    ArticleResult,
    Event,
    EventDate,
    Location,
    Place,
    SentenceRef,
    Trigger,
)
from eventwire.nlp import annotate_many, long_lived
from eventwire.resolve.actors import ActorKb, load_kb
from eventwire.resolve.entities import EntityResolver
from eventwire.resolve.places import admin1_of, country_of, find_places
from eventwire.resolve.toponyms import relabel_places
from eventwire.sentences import sentence_index


@dataclass(frozen=True)
class Knowledge:
    lexicon: Lexicon
    kb: ActorKb


def _knowledge_built() -> int:
    return load_lexicon.cache_info().misses + load_kb.cache_info().misses


def load_knowledge(extra_kb: tuple[Path, ...] = (), extra_lexicon: tuple[Path, ...] = ()) -> Knowledge:
    built = _knowledge_built()
    with long_lived(lambda: _knowledge_built() > built):  # the KB is most of a cold start's objects
        return Knowledge(lexicon=load_lexicon(extra_lexicon), kb=load_kb(extra_kb))


def _token_at(doc: Doc, char: int) -> int | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def _head_of(doc: Doc, start: int, end: int) -> int | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def _confidence(d: Draft) -> float:
    """Evidence strength, 0-1: a lexicon match, its sides, and how specific the code is.

    0.4 for the trigger; +0.25 with an actor, +0.15 with a recipient (or +0.15 when the
    type needs none); +0.1 for a code narrowed by its complement; +0.1 for a verb
    (nouns are more often mentions of earlier events); x0.8 when reported by someone.
    """
    score = 0.4
    score += 0.25 if d.actor is not None else 0.0
    score += 0.15 if d.recipient is not None or d.match.entry.recipient == "none" else 0.0
    score += 0.1 if d.match.coding.refined else 0.0
    score += 0.1 if d.match.entry.pos == "verb" else 0.0
    if d.reported_by:
        score *= 0.8
    return round(min(score, 1.0), 2)


def _attach(doc: Doc, drafts: list[Draft], published: str | None, places: list[Place]) -> list[Event]:
    """Dates, places and counts go to the event whose trigger governs them."""
    if not drafts:
        return []  # nothing to date, place or count: the text is not scanned for them
    by_token = {d.token.i: d for d in drafts}
    stop = {i for d in drafts for i in d.side_tokens}
    dates: dict[int, EventDate] = {}
    for dm in find_dates(doc.text, published):
        head = _head_of(doc, dm.start, dm.end)
        target = anchor_trigger(doc[head], by_token, stop) if head is not None else None
        if target is not None and target.token.i not in dates:
            dates[target.token.i] = EventDate(dm.value, dm.precision, dm.text, dm.basis)
    locations: dict[int, Location] = {}
    for p in places:
        if p.kind == "demonym" or p.lat is None:
            continue  # a nationality locates nothing; an unmatched name has no point to give
        head = _head_of(doc, p.start, p.end)
        if head is not None and p.kind == "country" and doc[head].dep_ in ("compound", "amod", "poss") \
                and doc[head].head.i in by_token:
            continue  # "U.S. strikes", "America's invasion": who acted, not where
        target = anchor_trigger(doc[head], by_token, stop) if head is not None else None
        if target is not None and target.token.i not in locations:
            locations[target.token.i] = Location(
                name=p.name, text=p.text, country=p.country, admin1=admin1_of(p),
                lat=p.lat, lon=p.lon, geonames_id=p.geonames_id,
            )
    counts: dict[tuple[int, str], object] = {}
    # Counts go to attacks alone: a text with none is not scanned for them.
    assaults = any(d.match.coding.type == "ASSAULT" for d in drafts)
    for cm in find_counts(doc.text) if assaults else ():
        tok = _token_at(doc, cm.start)
        target = anchor_trigger(doc[tok], by_token, set()) if tok is not None else None
        if target is None:
            sent_drafts = [d for d in drafts if d.sentence.start_char <= cm.start < d.sentence.end_char
                           and d.match.coding.type == "ASSAULT"]
            target = sent_drafts[0] if sent_drafts else None
        if target is not None and target.match.coding.type == "ASSAULT":
            counts.setdefault((target.token.i, cm.kind), cm.count)
    events: list[Event] = []
    for n, d in enumerate(drafts, 1):
        m = d.match
        date = dates.get(d.token.i)
        if date is None and published:
            date = EventDate(published, "day", None, "published")
        sent = d.sentence
        location = locations.get(d.token.i)
        events.append(Event(
            id=f"ev{n}", type=m.coding.type, mode=m.coding.mode, contexts=m.coding.contexts,
            cameo=m.coding.cameo, quad_class=m.coding.quad_class, goldstein=m.coding.goldstein,
            actor=d.actor, recipient=d.recipient,
            trigger=Trigger(doc.text[m.start:m.end], m.start, m.end),
            sentence=SentenceRef(sentence_index(d.token), sent.start_char, sent.end_char),
            date=date, location=location,
            fatalities=counts.get((d.token.i, "fatalities")),  # type: ignore[arg-type]
            injured=counts.get((d.token.i, "injured")),  # type: ignore[arg-type]
            status=d.status, reported_by=d.reported_by, confidence=_confidence(d),
        ))
    return events


def _merge_repeats(events: list[Event]) -> list[Event]:
    """One event per happening: a later mention with the same type and the same named
    sides (and no conflicting date) adds what it knows to the first and is dropped."""
    kept: list[Event] = []
    for ev in events:
        key = _repeat_key(ev)
        twin = next((k for k in kept if key is not None and _repeat_key(k) == key
                     and _dates_agree(k.date, ev.date)), None)
        if twin is None:
            kept.append(ev)
            continue
        merged = replace(
            twin,
            date=twin.date if twin.date and twin.date.basis != "published" else ev.date or twin.date,
            location=twin.location or ev.location,
            fatalities=twin.fatalities or ev.fatalities,
            injured=twin.injured or ev.injured,
            confidence=max(twin.confidence, ev.confidence),
        )
        kept[kept.index(twin)] = merged
    return [replace(ev, id=f"ev{n}") for n, ev in enumerate(kept, 1)]


def _repeat_key(ev: Event) -> tuple[str, str, str, str] | None:
    actor = ev.actor.entity if ev.actor else None
    if actor is None:
        return None
    recipient = ev.recipient.entity if ev.recipient and ev.recipient.entity else "-"
    return (ev.type, ev.status, actor, recipient)


def _dates_agree(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None or a.basis == "published" or b.basis == "published":
        return True
    return a.value == b.value


def _locate_entities(resolver: EntityResolver, places: list[Place]) -> None:
    """A named place used as an actor ("Baghdad said") takes its country from the gazetteer."""
    for ent in resolver._list:
        if ent.country is not None or ent.kind not in ("location", "organization"):
            continue
        for m in ent.mentions:
            hit = next((p for p in places if p.start <= m.start < p.end and p.country), None)
            if hit is not None:
                ent.country = hit.country
                break


def analyse(item: IngestedItem, doc: Doc, knowledge: Knowledge) -> ArticleResult:
    """Everything eventwire finds in one parsed article."""
    article = item.article
    relabel_places(doc)
    quote_spans = find_quote_spans(article.text)
    resolver = EntityResolver(doc, knowledge.kb, country_of, article.published,
                              [(q.start, q.end) for q in quote_spans])
    places = find_places(doc)
    _locate_entities(resolver, places)
    drafts = extract_drafts(doc, knowledge.lexicon, resolver)
    quotes = extract_quotes(doc, resolver, quote_spans)
    for d in drafts:
        if d.reported_by is None:
            inside = next((q for q in quotes if q.kind != "indirect" and q.start <= d.match.start < q.end), None)
            if inside is not None and inside.speaker is not None:
                d.reported_by = inside.speaker.entity
    events = _merge_repeats(_attach(doc, drafts, article.published, places))
    return ArticleResult(
        article=article,
        entities=resolver.entities(),
        events=tuple(events),
        quotes=tuple(quotes),
        relations=tuple(extract_relations(doc, resolver)),
        places=tuple(places),
        captions=item.captions,
    )


def process(items: Iterable[IngestedItem | ItemError], knowledge: Knowledge | None = None
            ) -> Iterator[ArticleResult | ItemError]:
    """Results in input order; a bad item becomes an ItemError and the run goes on."""
    knowledge = knowledge or load_knowledge()
    pending: list[IngestedItem | ItemError] = list(items)
    good = [i for i in pending if isinstance(i, IngestedItem)]
    docs = annotate_many(i.article.text for i in good)
    for item in pending:
        if isinstance(item, ItemError):
            yield item
            continue
        doc = next(docs)
        try:
            yield analyse(item, doc, knowledge)
        except Exception as exc:
            yield EventwireError(ErrorCode.E013_PIPELINE, item.source, detail=repr(exc)).as_item()


def extract(text: str, published: str | None = None, title: str | None = None, url: str | None = None,
            outlet: str | None = None) -> ArticleResult:
    """Code one article given as text (the body; pass the title separately)."""
    item = article_from_text(text, title=title, url=url, outlet=outlet, published=published)
    result = next(process([item]))
    if isinstance(result, ItemError):
        raise EventwireError(result.code, result.source, detail=result.message)
    return result


def predict_record(record: dict[str, object]) -> dict[str, object]:
    """Contract dict for a gold record's text (module-level so eval workers can pickle it)."""
    text = str(record.get("text") or "")
    published = record.get("published")
    title = record.get("title")
    try:
        item = article_from_text(text, title=str(title) if title else None,
                                 published=str(published) if published else None)
    except EventwireError:
        return {"article": {"text": text}, "entities": [], "events": [], "quotes": [], "relations": [],
                "places": []}
    # Offsets must point into the gold text: code it as given, not re-cleaned.
    if item.article.text != text:
        item = replace(item, article=replace(item.article, text=text))
    result = next(process([item]))
    if isinstance(result, ItemError):
        return {"article": {"text": text}, "entities": [], "events": [], "quotes": [], "relations": [],
                "places": []}
    return result.to_dict()


__all__ = ["Article", "ArticleResult", "Knowledge", "analyse", "extract", "load_knowledge", "process"]
