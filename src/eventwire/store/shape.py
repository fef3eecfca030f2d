"""Flat rows read back from DuckDB -> the contract's nested dicts.

The inverse of `rows.py`: the shapes and key order here are those of
`ArticleResult.to_dict()`, so a stored article reads back equal to what was added.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Row = dict[str, Any]


def article(r: Row) -> Row:
    return {"id": r["id"], "text": r["text"], "title": r["title"], "url": r["url"],
            "outlet": r["outlet"], "published": r["published"], "language": r["language"]}


def entity(r: Row, mentions: Sequence[Row]) -> Row:
    return {"id": r["id"], "name": r["name"], "kind": r["kind"], "country": r["country"],
            "sectors": list(r["sectors"] or []), "kb_id": r["kb_id"],
            "mentions": [{"start": m["start"], "end": m["end"], "text": m["text"]} for m in mentions]}


def _participant(r: Row, side: str) -> Row | None:
    if r[f"{side}_text"] is None:
        return None
    return {"entity": r[f"{side}_entity"], "text": r[f"{side}_text"], "country": r[f"{side}_country"],
            "sectors": list(r[f"{side}_sectors"] or [])}


def _count(r: Row, kind: str) -> Row | None:
    if r[f"{kind}_text"] is None:
        return None
    return {"min": r[f"{kind}_min"], "max": r[f"{kind}_max"], "text": r[f"{kind}_text"]}


def event(r: Row) -> Row:
    date = None if r["date_value"] is None else {
        "value": r["date_value"], "precision": r["date_precision"], "text": r["date_text"],
        "basis": r["date_basis"]}
    location = None if r["location_name"] is None else {
        "name": r["location_name"], "text": r["location_text"], "country": r["location_country"],
        "admin1": r["location_admin1"], "lat": r["location_lat"], "lon": r["location_lon"],
        "geonames_id": r["location_geonames_id"]}
    return {
        "id": r["id"], "type": r["type"], "mode": r["mode"], "contexts": list(r["contexts"] or []),
        "cameo": r["cameo"], "quad_class": r["quad_class"], "goldstein": r["goldstein"],
        "actor": _participant(r, "actor"), "recipient": _participant(r, "recipient"),
        "trigger": {"text": r["trigger_text"], "start": r["trigger_start"], "end": r["trigger_end"]},
        "sentence": {"index": r["sentence_index"], "start": r["sentence_start"], "end": r["sentence_end"]},
        "date": date, "location": location,
        "fatalities": _count(r, "fatalities"), "injured": _count(r, "injured"),
        "status": r["status"], "reported_by": r["reported_by"], "confidence": r["confidence"],
    }


def quote(r: Row) -> Row:
    speaker = None if r["speaker_text"] is None else {
        "entity": r["speaker_entity"], "text": r["speaker_text"], "start": r["speaker_start"],
        "end": r["speaker_end"]}
    cue = None if r["cue_text"] is None else {
        "text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"]}
    medium = None if r["medium_text"] is None else {
        "text": r["medium_text"], "start": r["medium_start"], "end": r["medium_end"]}
    relay = None if r["relay_text"] is None else {
        "entity": r["relay_entity"], "text": r["relay_text"], "start": r["relay_start"], "end": r["relay_end"]}
    return {"id": r["id"], "kind": r["kind"], "text": r["text"], "start": r["start"], "end": r["end"],
            "speaker": speaker, "cue": cue, "medium": medium, "relay": relay}


def relation(r: Row) -> Row:
    return {"subject": r["subject"], "predicate": r["predicate"], "object": r["object"],
            "start": r["start"], "end": r["end"], "text": r["text"]}


def place(r: Row) -> Row:
    return {"text": r["text"], "start": r["start"], "end": r["end"], "name": r["name"], "kind": r["kind"],
            "country": r["country"], "lat": r["lat"], "lon": r["lon"], "geonames_id": r["geonames_id"],
            "confidence": r["confidence"]}
