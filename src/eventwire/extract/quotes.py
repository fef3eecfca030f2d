"""Who said what: direct, indirect and mixed quotes with their speakers.

The steps, each in its own module:

1. `quote_marks`: the spans between quotation marks (any convention, quotes
   running over paragraphs).
2. `attribution`: cues in the parse and the content they govern ("X said
   that ...", "according to X", "X called on Y to ..."); the cue words and
   their frames are data (knowledge/quotes.yaml).
3. Here: a claim whose content is all quotation is a direct quote, one that
   holds quoted words among its own is mixed, the rest indirect.
4. `direct_quotes`: quotations no claim covers find their attribution beside
   them (after, after a dash, a colon lead-in, a transcript label).
5. Here: the pieces of one quotation split by its attribution ("A," he said,
   "B.") become one quote spanning both, as do paragraphs of one running quote;
   a claim inside another one's content is dropped (reported speech is coded at
   its outermost level).
6. `quote_speakers`: the speaker resolved to an entity, and the medium and
   relay of the words ("in a statement quoted by Reuters").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from eventwire.extract.attribution import AttributionFinder, Claim
from eventwire.extract.direct_quotes import DirectAttributor, Nearby, speaker_near_verb
from eventwire.extract.quote_lexicon import QuoteLexicon, load_quote_lexicon
from eventwire.extract.quote_marks import QuoteSpan, find_quote_spans
from eventwire.extract.quote_speakers import Provenance, provenance, speaker_of
from eventwire.model import Cue, Quote
from eventwire.resolve.entities import EntityResolver

# An unattributed quotation shorter than this is a title, a term or a scare quote ("super PACs").
MIN_UNATTRIBUTED_WORDS = 6

__all__ = ["Attribution", "QuoteSpan", "extract_quotes", "find_attributions", "find_quote_spans"]


@dataclass(frozen=True)
class Attribution:
    """A quote of the contract plus how it was found (its medium and relay are also in the quote)."""

    quote: Quote
    provenance: Provenance
    frame: str  # how it was found: clause, object, source_phrase, after, dash, colon, ...


@dataclass
class _Draft:
    start: int
    end: int
    kind: str
    cue: Token | None
    cue_start: int | None
    cue_end: int | None
    source: Token | None
    frame: str
    spans: list[QuoteSpan] = field(default_factory=list)

    @property
    def quoted(self) -> bool:
        return bool(self.spans)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _from_claim(claim: Claim, spans: list[QuoteSpan], text: str) -> _Draft:
    inner = [s for s in spans if _overlaps(s.start, s.end, claim.start, claim.end)]
    draft = _Draft(claim.start, claim.end, "indirect", claim.cue, claim.cue_start, claim.cue_end,
                   claim.source, claim.frame, inner)
    if not inner:
        return draft
    outside = [text[claim.start:inner[0].start]]
    outside += [text[a.end:b.start] for a, b in itertools.pairwise(inner)]
    outside.append(text[inner[-1].end:claim.end])
    source = claim.source
    if source is None or any(s.start <= source.idx < s.end for s in inner):
        # The parser took a word of the quotation, or nothing, for the subject of "said".
        draft.source = speaker_near_verb(claim.cue, inner[0].start, inner[-1].end)
    if not any(ch.isalnum() for part in outside for ch in part):
        draft.kind, draft.start, draft.end = "direct", inner[0].start, inner[-1].end
    else:
        draft.kind = "mixed"
        draft.start, draft.end = min(claim.start, inner[0].start), max(claim.end, inner[-1].end)
    return draft


def _from_nearby(span: QuoteSpan, near: Nearby | None) -> _Draft:
    if near is None:
        return _Draft(span.start, span.end, "direct", None, None, None, None, "unattributed", [span])
    return _Draft(near.content_start, span.end, "direct", near.cue, near.cue_start, near.cue_end,
                  near.source, near.frame, [span])


def _same_cue(a: _Draft, b: _Draft) -> bool:
    return a.cue is not None and b.cue is not None and a.cue.i == b.cue.i


def _runs_on(a: _Draft, gap: str) -> bool:
    """a's quotation was left open at its paragraph's end and the gap is only that break."""
    return a.quoted and a.spans[-1].continued and gap.count("\n") <= 2 and not gap.strip(" \n\"“„'`”")


def _joinable(a: _Draft, b: _Draft, text: str) -> bool:
    """Is b the rest of a's quotation (split by its attribution, or run over paragraphs)?"""
    if not b.quoted or b.kind == "indirect":
        return False
    gap = text[a.end:b.start]
    if a.cue is None:
        # An unattributed paragraph of a quotation whose attribution comes in the next one.
        return _runs_on(a, gap)
    if b.cue is not None and not _same_cue(a, b):
        return False
    if b.cue is None and not a.quoted:
        return False
    return "\n" not in gap or _runs_on(a, gap)


def _merge_runs(drafts: list[_Draft], text: str) -> list[_Draft]:
    """Join the pieces of one quotation; claims lying in the gap (its attribution) are passed over."""
    out: list[_Draft] = []
    for d in sorted(drafts, key=lambda d: d.start):
        target = None
        for j in range(len(out) - 1, -1, -1):
            prev = out[j]
            if prev.end <= d.start and _joinable(prev, d, text):
                target = j
                break
            if prev.start < d.start and "\n" not in text[prev.start:d.start] and not prev.quoted:
                continue  # an unquoted claim inside the attribution ("said X, speaking of Y")
            break
        if target is None:
            out.append(d)
            continue
        prev = out[target]
        kind = "direct" if prev.kind == d.kind == "direct" else "mixed"
        said = prev if prev.cue is not None else d  # the attribution of the whole run
        out[target] = replace(prev, end=max(prev.end, d.end), kind=kind, spans=prev.spans + d.spans,
                              cue=said.cue, cue_start=said.cue_start, cue_end=said.cue_end,
                              source=said.source, frame=said.frame)
    return out


def _outermost(drafts: list[_Draft]) -> list[_Draft]:
    """Drop claims reported inside another claim's content: PolNeAR-style coding keeps the outer one."""
    kept: list[_Draft] = []
    for d in sorted(drafts, key=lambda d: (-(d.end - d.start), d.start)):
        inside = False
        for k in kept:
            cue_in = d.cue_start is not None and k.start <= d.cue_start < k.end
            shared = min(k.end, d.end) - max(k.start, d.start)
            if cue_in or shared * 2 > d.end - d.start:
                inside = True
                break
        if not inside:
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def _starts_paragraph(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return not text[line_start:at].strip(" \t\"“„«'`”")


def _continued(drafts: list[_Draft], text: str) -> list[_Draft]:
    """A quotation standing alone as a paragraph goes on with the speaker of the paragraph before;
    a short one that nobody is said to have said is a title or a scare quote, not speech."""
    out: list[_Draft] = []
    for d in drafts:
        if d.frame != "unattributed":
            out.append(d)
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.quoted and prev.source is not None and _starts_paragraph(text, d.start) \
                and text.count("\n", prev.end, d.start) <= 2 and "\n" not in text[prev.start:prev.end].strip():
            out.append(replace(d, source=prev.source, cue=prev.cue, cue_start=prev.cue_start,
                               cue_end=prev.cue_end, frame="continued"))
        elif len(text[d.start:d.end].split()) >= MIN_UNATTRIBUTED_WORDS:
            out.append(d)
    return out


def _direct_drafts(doc: Doc, lex: QuoteLexicon, spans: list[QuoteSpan], taken: set[int]) -> list[_Draft]:
    attributor = DirectAttributor(doc, lex)
    drafts: list[_Draft] = []
    for i, span in enumerate(spans):
        if i in taken:
            continue
        prev_end = spans[i - 1].end if i > 0 else 0
        next_start = spans[i + 1].start if i + 1 < len(spans) else len(doc.text)
        drafts.append(_from_nearby(span, attributor.attribute(span, prev_end, next_start)))
    return drafts


def find_attributions(doc: Doc, resolver: EntityResolver, spans: list[QuoteSpan] | None = None,
                      lexicon: QuoteLexicon | None = None) -> list[Attribution]:
    """Every quote of the document with its medium and relay, in text order."""
    lex = lexicon or load_quote_lexicon()
    text = doc.text
    spans = spans if spans is not None else find_quote_spans(text)
    claims = [c for c in AttributionFinder(lex).find(doc)
              if not any(s.start <= c.cue_start < s.end for s in spans)]  # speech inside a quotation
    # A claim with no one to say it ("assuming that ...", "ask whether ...") is the writer's own
    # voice, unless it is a quotation whose speaker the parse lost.
    drafts = [d for d in (_from_claim(c, spans, text) for c in claims) if d.source is not None or d.quoted]
    taken = {i for i, s in enumerate(spans) for d in drafts if s in d.spans}
    drafts += _direct_drafts(doc, lex, spans, taken)
    drafts = _continued(_outermost(_merge_runs(_outermost(drafts), text)), text)
    out: list[Attribution] = []
    for n, d in enumerate(drafts, 1):
        speaker = speaker_of(d.source, d.cue, resolver) if d.source is not None else None
        cue = Cue(text[d.cue_start:d.cue_end], d.cue_start, d.cue_end) if d.cue_start is not None \
            and d.cue_end is not None else None
        found = provenance(d.cue, speaker, lex, resolver)
        quote = Quote(id=f"q{n}", kind=d.kind, text=text[d.start:d.end], start=d.start, end=d.end,
                      speaker=speaker, cue=cue, medium=found.medium_record(), relay=found.relay_record())
        out.append(Attribution(quote, found, d.frame))
    return out


def extract_quotes(doc: Doc, resolver: EntityResolver, spans: list[QuoteSpan] | None = None) -> list[Quote]:
    """All quotes in the document, in text order (the contract's part of `find_attributions`)."""
    return [a.quote for a in find_attributions(doc, resolver, spans)]
