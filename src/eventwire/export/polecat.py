"""POLECAT-style rows: the 40 columns of the public weekly TSV files, with a header.

Unknowns stay empty: Intensity (POLECAT's own PLOVER-based score, which
eventwire does not compute), COW codes, titles, districts. Sectors and
contexts are joined with ``;``. Only asserted events are written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from eventwire import __version__
from eventwire.export.columns import POLECAT_COLUMNS
from eventwire.export.events import StoryEntities
from eventwire.export.gdelt import clean

Row = dict[str, Any]

_WIKIDATA = re.compile(r"^Q\d+$")


def _side(r: Row, side: str) -> list[Any]:
    text = r[f"{side}_text"]
    if text is None:
        return [""] * 8
    sectors = list(r[f"{side}_sectors"] or [])
    kb_id = r.get(f"{side}_kb_id") or ""
    return [r[f"{side}_name"] or text, r[f"{side}_country"], "", sectors[0] if sectors else "", ";".join(sectors),
            "", text, kb_id if _WIKIDATA.match(kb_id) else ""]


def polecat_row(r: Row, story: dict[str, list[str]]) -> list[Any]:
    kind = r.get("location_kind")
    return [
        f"{r['article_id']}-{r['id']}", r["date_value"] or r["article_published"], r["type"], r["mode"], "",
        r["quad_class"], ";".join(r["contexts"] or []),
        *_side(r, "actor"), *_side(r, "recipient"),
        r["location_name"], r["location_name"] if kind == "city" else "", "", r["location_admin1"],
        r["location_country"], r["location_lat"], r["location_lon"], r["location_geonames_id"],
        r["location_text"], kind,
        r["article_outlet"], r["article_published"], ";".join(story["people"]), ";".join(story["organizations"]),
        ";".join(story["locations"]), r["article_language"], f"eventwire {__version__}",
    ]


def polecat_lines(rows: Iterable[Row], story: StoryEntities) -> Iterator[str]:
    yield "\t".join(POLECAT_COLUMNS) + "\n"
    for r in rows:
        if r["status"] != "asserted":
            continue
        yield "\t".join(clean(v) for v in polecat_row(r, story.of(r["article_id"]))) + "\n"


def write_polecat(rows: Iterable[Row], story: StoryEntities, out: TextIO) -> int:
    n = -1  # the header
    for line in polecat_lines(rows, story):
        out.write(line)
        n += 1
    return n
