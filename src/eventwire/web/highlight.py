"""An article's text with its records marked at their offsets, as safe HTML.

Spans may nest (a mention inside a quote) or cross (a place inside one
event's date text and another's trigger), so the text is cut at every span
boundary and each piece is marked with all the spans covering it; the piece
links to the smallest of them, whose record is listed beside the text. Every
piece of text is escaped here: article text is data, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # event|entity|quote|place|date|count|relation
    ref: str  # the record's anchor on the page, e.g. "ev-ev3"
    label: str  # what a tooltip says about it
    record: str | None = None  # the record it links to when not its own (a date links to its event)

    @property
    def length(self) -> int:
        return self.end - self.start


def event_ref(event_id: str) -> str:
    return f"ev-{event_id}"


def _find_in(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    """Where `needle` occurs inside text[start:end] (for fields the contract gives without offsets)."""
    if not needle or start < 0 or end > len(text) or start >= end:
        return None
    at = text.find(needle, start, end)
    return (at, at + len(needle)) if at >= 0 else None


def _place_label(place: dict[str, Any]) -> str:
    """"Idlib (admin1, 0.93)"; a name with no gazetteer match says so."""
    if place.get("lat") is None:
        return f"{place['name']} (not geocoded)"
    conf = place.get("confidence")
    return f"{place['name']} ({place['kind']}{f', {conf:.2f}' if isinstance(conf, (int, float)) else ''})"


def spans_of(result: dict[str, Any]) -> list[Span]:
    """Every highlightable span of a contract dict, with valid offsets only."""
    text = result["article"]["text"] or ""
    spans: list[Span] = []
    for ent in result["entities"]:
        for m in ent["mentions"]:
            spans.append(Span(m["start"], m["end"], "entity", f"ent-{ent['id']}", f"entity: {ent['name']}"))
    for ev in result["events"]:
        t, s = ev["trigger"], ev["sentence"]
        label = f"event: {ev['type']} {ev.get('cameo') or ''} ({ev['status']})".replace("  ", " ")
        spans.append(Span(t["start"], t["end"], "event", event_ref(ev["id"]), label))
        # Dates and counts carry their text but no offsets: look for the text in the event's sentence.
        date = ev.get("date") or {}
        found = _find_in(text, date.get("text"), s["start"], s["end"])
        if found:
            spans.append(Span(*found, "date", f"dt-{ev['id']}", f"date: {date['value']} ({date['precision']})",
                              event_ref(ev["id"])))
        for kind in ("fatalities", "injured"):
            count = ev.get(kind) or {}
            found = _find_in(text, count.get("text"), s["start"], s["end"])
            if found:
                spans.append(Span(*found, "count", f"ct-{kind}-{ev['id']}", f"{kind}: {count['text']}",
                                  event_ref(ev["id"])))
    for q in result["quotes"]:
        who = (q.get("speaker") or {}).get("text") or "unattributed"
        spans.append(Span(q["start"], q["end"], "quote", f"q-{q['id']}", f"quote ({q['kind']}) by {who}"))
    for i, p in enumerate(result["places"]):
        spans.append(Span(p["start"], p["end"], "place", f"pl-{i}", f"place: {_place_label(p)}"))
    for i, r in enumerate(result["relations"]):
        spans.append(Span(r["start"], r["end"], "relation", f"rel-{i}", f"relation: {r['predicate']}"))
    return [s for s in spans if isinstance(s.start, int) and isinstance(s.end, int)
            and 0 <= s.start < s.end <= len(text)]


def highlight(text: str, spans: list[Span]) -> Markup:
    """The text as HTML: pieces under spans become links with classes, the rest plain escaped text.

    The first piece of each span carries an empty anchor ``txt-<ref>`` so that
    other pages can link straight to the evidence of a record.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out: list[str] = []
    for a, b in pairwise(cuts):
        piece = escape(text[a:b])
        out += [f'<span class="anchor" id="txt-{escape(s.ref)}"></span>' for s in starting.get(a, [])]
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(str(piece))
            continue
        inner = min(covering, key=lambda s: (s.length, s.kind))
        classes = " ".join(["hl", *sorted({f"hl-{s.kind}" for s in covering})])
        title = "; ".join(dict.fromkeys(s.label for s in sorted(covering, key=lambda s: s.length)))
        target = escape(inner.record or inner.ref)
        out.append(f'<a class="{classes}" href="#rec-{target}" title="{escape(title)}">{piece}</a>')
    return Markup("".join(out))
