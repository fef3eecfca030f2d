"""eventwire events as PETRARCH triples (source code, target code, event code).

PETRARCH writes one triple per actor pair and per half of a paired code, where
eventwire writes one event with one actor and one recipient. The mapping, in
PETRARCH's own conventions:

* a side's code is its KB actor's code on the record's date plus the sectors
  eventwire found around it ("minister"), or country + sectors for an actor the
  KB does not know, or "---" for a missing side; a KB code naming several
  actors ("ISL/IMN/FAR") gives one code each;
* coordinated names in a side ("Valdoria, Osricland and Kestria welcomed ...",
  "lawmakers in Valdoria and Osricland") give one code each, the side's sectors
  carried over to each: eventwire codes the first conjunct only (the expansion
  belongs in extract/events.py; see docs/kb.md);
* a paired code ``032:033`` (``raw_code`` of the lexicon entry) adds the reverse
  triple with the second code, and a ``%`` pattern (``reciprocal``) codes a
  compound actor without a recipient both ways between its members.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product
from typing import Any

from spacy.tokens import Doc, Token

from eventwire.extract.lexicon import Lexicon
from eventwire.extract.triggers import TriggerMatch, match_token
from eventwire.resolve.actors import ActorKb

Triple = tuple[str, str, str]
NULL = "---"
SUBTREE_LIMIT = 8  # tokens of a side's phrase searched for the name that carries its country
AGENT_WORDS = 5  # longest agent phrase looked for


def agent_codes(text: str, kb: ActorKb) -> tuple[list[str], list[str]]:
    """(prefix codes, suffix codes) of the agent phrases in a side's words, longest match first.

    eventwire keeps an agent's sector (GOV); PETRARCH writes its whole code ("foreign
    minister" ~GOVFRM, "MSF" NGO~), which the KB keeps for peers.
    """
    words = [w for w in (t.strip(".,;:\"()").lower() for t in text.replace("'s ", " ").split()) if w]
    prefixes: list[str] = []
    suffixes: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(AGENT_WORDS, len(words) - i), 0, -1):
            agent = kb.agent(" ".join(words[i:i + n]))
            if agent is not None and agent.code:
                code = agent.code.replace(" ", "").upper()
                (prefixes if code.endswith("~") else suffixes).append(code.strip("~"))
                i += n
                break
        else:
            i += 1
    return prefixes, suffixes


def side_parts(side: dict[str, Any], entities: dict[str, dict[str, Any]], kb: ActorKb, day: str | None
               ) -> tuple[list[str], list[str]]:
    """(base codes, suffix blocks) of a side: the KB actor's code on `day` (one per actor of
    "FRO/BIL/SAM") or its country, with agent prefixes ("NGO~"); and the agent suffixes
    ("~GOVFRM") or, without an agent word in its text, eventwire's sectors."""
    entity = entities.get(side.get("entity") or "", {})
    sectors = [s for s in (side.get("sectors") or entity.get("sectors") or []) if s]
    prefixes, suffixes = agent_codes(str(side.get("text") or ""), kb)
    actor = kb.actor(entity["kb_id"]) if entity.get("kb_id") else None
    code = (actor.code_on(day) if actor is not None else None) or side.get("country") or entity.get("country") or NULL
    bases = ["".join(prefixes) + part for part in code.split("/") if part] or [NULL]
    return bases, suffixes if prefixes or suffixes else sectors


def _join(base: str, suffixes: list[str]) -> str:
    """Base code plus the suffix blocks it does not have yet (HGWGOVMED + GOVMED stays HGWGOVMED)."""
    seen = {base[i:i + 3] for i in range(0, len(base), 3)}
    out = base
    for block in (s[i:i + 3] for s in suffixes for i in range(0, len(s), 3)):
        if block not in seen:
            seen.add(block)
            out += block
    return out


def side_code(side: dict[str, Any] | None, entities: dict[str, dict[str, Any]], kb: ActorKb,
              day: str | None) -> str:
    """The CAMEO actor code of one event side (several joined by "/"; see the module docstring)."""
    if not side:
        return NULL
    bases, suffixes = side_parts(side, entities, kb, day)
    return "/".join(_join(b, suffixes) for b in bases)


def _entity_at(entities: dict[str, dict[str, Any]], start: int, end: int) -> str | None:
    for eid, ent in entities.items():
        if any(m["start"] <= start and end <= m["end"] for m in ent.get("mentions", [])):
            return eid
    return None


def _side_tokens(side: dict[str, Any], event: dict[str, Any], entities: dict[str, dict[str, Any]],
                 doc: Doc) -> Token | None:
    """The head token of the side's mention in the event's sentence, nearest to the trigger."""
    sent = event.get("sentence") or {}
    lo, hi = sent.get("start", 0), sent.get("end", len(doc.text))
    anchor = (event.get("trigger") or {}).get("start", lo)
    spans: list[tuple[int, int]] = []
    ent = entities.get(side.get("entity") or "")
    if ent is not None:
        mentions = [m for m in ent.get("mentions", []) if lo <= m["start"] < hi]
        # The side's own words, not a pronoun that refers back to it ("Valdoria ... welcomed their ...").
        same = [m for m in mentions if m["text"] == side.get("text")] or mentions
        spans = [(m["start"], m["end"]) for m in same]
    if not spans and side.get("text"):
        at = doc.text.find(side["text"], lo, hi)
        spans = [(at, at + len(side["text"]))] if at >= 0 else []
    if not spans:
        return None
    start, end = min(spans, key=lambda s: abs(s[0] - anchor))
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def members(tok: Token) -> list[Token]:
    """A token and those coordinated with it, including a list the parser took for an apposition
    ("Valdoria, the Isles, Osricland and Kestria": "Isles" appos, the others its conjuncts)."""
    out = [tok, *tok.conjuncts]
    for t in list(out):
        for c in t.children:
            if c.dep_ == "appos" and (len(out) > 1 or any(g.dep_ == "conj" for g in c.children)):
                out += [c, *c.conjuncts]
    return list({t.i: t for t in out}.values())


def _named(tok: Token, entities: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], Token] | None:
    """The KB or country entity a token names, or one its modifiers name ("the European Union (EU)")."""
    for t in [tok, *(c for c in tok.children if c.dep_ in ("compound", "nmod", "amod"))]:
        ent = entities.get(_entity_at(entities, t.idx, t.idx + len(t.text)) or "", {})
        if ent.get("kb_id") or ent.get("country"):
            return ent, t
    return None


def _mention_text(ent: dict[str, Any], tok: Token) -> str:
    return next((m["text"] for m in ent.get("mentions", []) if m["start"] <= tok.idx < m["end"]), tok.text)


def _agent_suffix(tok: Token, kb: ActorKb) -> list[str] | None:
    agent = kb.agent(tok.lower_) or kb.agent(tok.lemma_.lower())
    if agent is None:
        return None
    code = (agent.code or "~" + agent.sector).replace(" ", "").upper()
    return [code.strip("~")] if not code.endswith("~") else []


def side_codes(side: dict[str, Any] | None, event: dict[str, Any], entities: dict[str, dict[str, Any]],
               kb: ActorKb, day: str | None, doc: Doc | None) -> list[str]:
    """Every code a side stands for: its own, and one per coordinated name or agent word
    ("clerics and lawmakers": ---REL, ---LEG; "lawmakers in Valdoria and Osricland": VLDLEG, OSRLEG)."""
    if not side:
        return [NULL]
    head = _side_tokens(side, event, entities, doc) if doc is not None else None
    if head is not None:
        # Agent words modifying the name ("relief group Valdoria") count as the side's words too.
        text = str(side.get("text") or "")
        mods = " ".join(c.text for c in head.lefts if c.dep_ in ("compound", "amod", "nmod") and c.text not in text)
        side = {**side, "text": f"{mods} {text}".strip()}
    bases, suffixes = side_parts(side, entities, kb, day)
    suffix_options = [suffixes]
    if head is not None:
        for m in members(head)[1:]:
            named = _named(m, entities)
            agent = _agent_suffix(m, kb)
            if named is not None:
                ent, tok = named
                conj = {"entity": ent["id"], "country": ent.get("country"), "text": _mention_text(ent, tok),
                        "sectors": ent.get("sectors") or []}
                more, own = side_parts(conj, entities, kb, day)
                bases += [_join(b, own) for b in more]
            elif agent is not None:
                suffix_options.append(agent)
        # Names inside the side's phrase: "the envoys of Valdoria, Osricland and Kestria".
        for tok in list(head.subtree)[:SUBTREE_LIMIT]:
            eid = _entity_at(entities, tok.idx, tok.idx + len(tok.text))
            group = members(tok) if tok is not head and eid is not None else []
            if len(group) < 2:
                continue
            for m in group:
                ent = entities.get(_entity_at(entities, m.idx, m.idx + len(m.text)) or "", {})
                if ent.get("kb_id") or ent.get("country"):
                    conj = {"entity": ent["id"], "country": ent.get("country"), "text": _mention_text(ent, m)}
                    bases += side_parts(conj, entities, kb, day)[0]
            break
    codes = [_join(b, sfx) for b in dict.fromkeys(bases) for sfx in suffix_options]
    return list(dict.fromkeys(codes))


def trigger_match(event: dict[str, Any], doc: Doc, lexicon: Lexicon) -> TriggerMatch | None:
    """The lexicon match that made an event, found again on its trigger tokens."""
    trig = event.get("trigger") or {}
    span = doc.char_span(trig.get("start", 0), trig.get("end", 0), alignment_mode="expand")
    for tok in span or ():
        m = match_token(tok, lexicon)
        if m is not None:
            return m
    return None


def event_triples(event: dict[str, Any], entities: dict[str, dict[str, Any]], kb: ActorKb, day: str | None,
                  doc: Doc | None = None, raw: dict[str, Any] | None = None, code: str | None = None
                  ) -> list[Triple]:
    """The PETRARCH triples of one event; `raw` is the YAML of the entry that fired (raw_code,
    reciprocal), `code` the event code to write (default: the event's own)."""
    code = code or str(event["cameo"])
    sources = side_codes(event.get("actor"), event, entities, kb, day, doc)
    targets = side_codes(event.get("recipient"), event, entities, kb, day, doc)
    out: list[Triple] = [(s, t, code) for s, t in product(sources, targets)]
    raw = raw or {}
    first, _, second = str(raw.get("raw_code") or "").partition(":")
    if second and first == code:
        out += [(t, s, second) for s, t in product(sources, targets)]
    if raw.get("reciprocal") and targets == [NULL] and len(sources) > 1:
        out += [(a, b, code) for a, b in product(sources, sources) if a != b]
    return list(dict.fromkeys(out))


def result_triples(result: dict[str, Any], kb: ActorKb, day: str | None, doc: Doc | None = None,
                   lexicon: Lexicon | None = None, raw_entries: dict[int, dict[str, Any]] | None = None,
                   statuses: Iterable[str] = ("asserted", "negated", "hypothetical"),
                   dictionary_codes: bool = True) -> list[Triple]:
    """Triples of every event of a contract dict whose status is in `statuses`.

    PETRARCH has neither status nor intentions: "will not wire tap" is coded by a pattern
    with NOT, and "will abandon ties" with the verb's code. So the peer comparison takes
    negated and supposed events too, and with `dictionary_codes` writes the code the
    dictionary gave the trigger where eventwire recoded a future act as a promise or a
    threat (PLOVER's reading, 036/138); `dictionary_codes=False` writes eventwire's code.
    """
    keep = set(statuses)
    entities = {e["id"]: e for e in result.get("entities", [])}
    out: list[Triple] = []
    for ev in result.get("events", []):
        if ev.get("status", "asserted") not in keep or not ev.get("cameo"):
            continue
        m = trigger_match(ev, doc, lexicon) if doc is not None and lexicon is not None else None
        raw = (raw_entries or {}).get(id(m.entry)) if m is not None else None
        code = m.coding.cameo if m is not None and dictionary_codes else None
        out += event_triples(ev, entities, kb, day, doc, raw, code)
    return out
