"""PLOVER JSON: one event per line with PLOVER's field names (PLOVER manual, v2 draft).

Negated and hypothetical events are kept, with PLOVER's auxiliary modes
``negation`` and ``hypothetical`` added to their ``context`` as the manual
suggests; eventwire's own extras (``cameo``, ``goldstein``, ``status``,
``confidence``, ``date_precision``) ride along as additional named fields,
which PLOVER allows. The article text is not copied in (``text`` is for those
who hold its rights).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire import __version__

Row = dict[str, Any]

CODEBOOK = "PLOVER 2.0 draft; CAMEO 1.1b3"
_AUXILIARY = {"negated": "negation", "hypothetical": "hypothetical"}


def _entity(r: Row, side: str) -> list[Row]:
    text = r[f"{side}_text"]
    if text is None:
        return []
    sectors = list(r[f"{side}_sectors"] or [])
    return [{"code": r[f"{side}_country"], "sector": sectors[0] if sectors else None, "sectors": sectors,
             "entity_text": text, "identifier_id": r.get(f"{side}_kb_id"), "identifier_text": r[f"{side}_name"]}]


def plover_event(r: Row) -> Row:
    contexts = list(r["contexts"] or [])
    if r["status"] in _AUXILIARY:
        contexts.append(_AUXILIARY[r["status"]])
    record: Row = {
        "id": f"{r['article_id']}-{r['id']}",
        "has_event": True,
        "date": r["date_value"] or r["article_published"],
        "date_precision": r["date_precision"] or ("day" if r["article_published"] else None),
        "actor": _entity(r, "actor"),
        "recipient": _entity(r, "recipient"),
        "event": [r["type"]],
        "mode": [r["mode"]] if r["mode"] else [],
        "context": contexts,
        "quad_code": r["quad_class"],
        "event_text": [r["trigger_text"]],
        "text_info": {"sequence": r["sentence_index"], "start": r["sentence_start"], "end": r["sentence_end"]},
        "cite_info": {"corpus": "eventwire", "citation": r["article_id"], "url": r["article_url"],
                      "title": r["article_title"], "language": r["article_language"],
                      "publication": r["article_outlet"], "coder": f"eventwire {__version__}",
                      "codebook": CODEBOOK},
        "cameo": r["cameo"], "goldstein": r["goldstein"], "status": r["status"], "confidence": r["confidence"],
    }
    if r["location_name"] is not None:
        record["event_loc"] = {"extracted_place": r["location_text"], "resolved_place": r["location_name"],
                               "geonameid": r["location_geonames_id"], "lat": r["location_lat"],
                               "lon": r["location_lon"], "province": r["location_admin1"],
                               "country_code": r["location_country"], "resolution": r.get("location_kind")}
    # PLOVER wants one number: the lower bound when the text gives one ("more than 80" -> 80).
    size = {k: lo if lo is not None else hi for k, lo, hi in (
        ("dead", r["fatalities_min"], r["fatalities_max"]), ("injured", r["injured_min"], r["injured_max"]))
        if lo is not None or hi is not None}
    if size:
        record["size_info"] = size
    return record


def write_plover(rows: Iterable[Row], out: TextIO) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps(plover_event(r), ensure_ascii=False) + "\n")
        n += 1
    return n
