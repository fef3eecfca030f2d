"""Correct the tagger where a place name was tagged as a person.

The small English model often tags an unfamiliar place ("the rebel-held town of
Khan Sheikhoun") as PERSON. A PERSON span that the gazetteer knows as a place
and that stands where places stand (after "town of", "in", "near") is relabelled
GPE before anything reads the entities, so places and actors both see a place.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.resolve.gazetteer import Gazetteer, load_gazetteer

# Nouns that name a kind of place: "the town of X", "X province".
PLACE_NOUNS = {"town", "city", "village", "province", "district", "region", "governorate", "state",
               "county", "capital", "port", "camp", "area", "suburb", "neighbourhood", "neighborhood",
               "municipality", "island", "valley", "border", "outskirts"}
LOCATIVE_PREPS = {"in", "near", "at", "outside", "from", "into", "around", "across", "toward", "towards"}


def _locative(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ == "of" and span.start > 1 \
            and doc[span.start - 2].lemma_.lower() in PLACE_NOUNS:
        return True
    if after is not None and after.lemma_.lower() in PLACE_NOUNS:
        return True
    return before is not None and before.lower_ in LOCATIVE_PREPS


def relabel_places(doc: Doc, gazetteer: Gazetteer | None = None) -> Doc:
    """Relabel PERSON spans that are gazetteer places in a locative context as GPE."""
    gaz = gazetteer or load_gazetteer()
    changed = False
    ents = list(doc.ents)
    for i, span in enumerate(ents):
        if span.label_ == "PERSON" and _locative(span) and gaz.lookup(span.text):
            ents[i] = Span(doc, span.start, span.end, label="GPE")
            changed = True
    if changed:
        doc.ents = ents
    return doc
