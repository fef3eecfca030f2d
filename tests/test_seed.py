"""The Required items of ../shared/seeds/EXPECTED.md, one test each, through the real CLI."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys

import pytest

from tests.conftest import SEED, shared_file


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))


KHAN = (35.44, 36.65)


@pytest.fixture(scope="module")
def seed() -> dict:
    shared_file("seeds", SEED.name)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "eventwire.cli",
            "extract",
            str(SEED),
            "--published",
            "2017-04-09",
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def _names(doc: dict, side: dict | None) -> str:
    if not side:
        return ""
    ents = {e["id"]: e for e in doc["entities"]}
    e = ents.get(side.get("entity")) or {}
    return " | ".join(
        [side.get("text") or "", e.get("name") or "", *[m["text"] for m in e.get("mentions", [])]]
    )


def _asserted(ev: dict) -> bool:
    return ev["status"] == "asserted"


def _chem(doc: dict) -> list[dict]:
    return [
        e
        for e in doc["events"]
        if e["type"] == "ASSAULT"
        and re.search(r"unconv|cbrn|2041", " ".join([e["mode"] or "", *e["contexts"], e["cameo"] or ""]))
    ]


def _requests(doc: dict) -> list[dict]:
    return [
        e
        for e in doc["events"]
        if e["type"] == "REQUEST"
        and _asserted(e)
        and re.search("sadr", _names(doc, e["actor"]), re.I)
        and e["actor"]["country"] == "IRQ"
        and re.search("assad", _names(doc, e["recipient"]), re.I)
        and e["recipient"]["country"] == "SYR"
    ]


def test_contract_shape(seed):
    assert set(seed) == {"article", "entities", "events", "quotes", "relations", "places"}
    assert set(seed["article"]) == {"id", "url", "title", "outlet", "published", "language", "text"}
    assert seed["article"]["published"] == "2017-04-09"
    text = seed["article"]["text"]
    for ev in seed["events"]:
        t = ev["trigger"]
        assert text[t["start"] : t["end"]] == t["text"]
    for q in seed["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    for e in seed["entities"]:
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_1_sadr_calls_on_assad(seed):
    assert _requests(seed)


def test_1_call_not_dated_by_the_caption(seed):
    assert all(not (e["date"] or {}).get("value", "").startswith("2016-09-23") for e in _requests(seed))


def test_2_chemical_assault(seed):
    assert _chem(seed)


def test_2_chemical_attack_dated(seed):
    assert any((e["date"] or {}).get("value", "").startswith("2017-04-04") for e in _chem(seed))


def test_2_chemical_attack_fatalities(seed):
    assert any(((e["fatalities"] or {}).get("min") or 0) >= 80 for e in _chem(seed))


def test_2_chemical_attack_located(seed):
    assert any(
        e["location"]
        and e["location"]["lat"] is not None
        and _km(e["location"]["lat"], e["location"]["lon"], *KHAN) <= 25
        for e in _chem(seed)
    )


def test_4_iraq_accuses(seed):
    assert any(
        e["type"] == "ACCUSE" and _asserted(e) and (e["actor"] or {}).get("country") == "IRQ"
        for e in seed["events"]
    )


def test_7_us_strikes(seed):
    us = [e for e in seed["events"] if e["type"] == "ASSAULT" and (e["actor"] or {}).get("country") == "USA"]
    assert us
    assert any((e["date"] or {}).get("value") in ("2017-04-06", "2017-04-07") for e in us)


def test_no_asserted_accuse_sadr_assad(seed):
    assert not any(
        e["type"] == "ACCUSE"
        and _asserted(e)
        and re.search("sadr", _names(seed, e["actor"]), re.I)
        and re.search("assad", _names(seed, e["recipient"]), re.I)
        for e in seed["events"]
    )


def test_no_event_from_read_more_line(seed):
    text = seed["article"]["text"]
    assert "Read More" not in text
    for e in seed["events"]:
        s = e["sentence"]
        assert not re.search(r"pilgrims|twin bombs", text[s["start"] : s["end"]], re.I)


@pytest.mark.parametrize("pattern", [r"I think it would be fair", r"drag the region to war"])
def test_quotes_attributed_to_sadr(seed, pattern):
    ents = {e["id"]: e for e in seed["entities"]}
    found = [q for q in seed["quotes"] if re.search(pattern, q["text"])]
    assert found
    assert any(
        re.search("sadr", (ents.get((q["speaker"] or {}).get("entity")) or {}).get("name", ""), re.I)
        for q in found
    )


@pytest.mark.parametrize(
    ("full", "short", "country", "sector"),
    [("Muqtada", "Sadr", "IRQ", "REL"), ("Bashar", "Assad", "SYR", "GOV")],
)
def test_entities_merged_and_coded(seed, full, short, country, sector):
    ents = [e for e in seed["entities"] if any(full in m["text"] for m in e["mentions"])]
    assert len(ents) == 1
    e = ents[0]
    assert short in [m["text"] for m in e["mentions"]]
    assert e["country"] == country and sector in e["sectors"]


def test_khan_sheikhoun_geocoded(seed):
    assert any(
        re.search("khan", p["text"], re.I) and p["lat"] is not None and _km(p["lat"], p["lon"], *KHAN) <= 25
        for p in seed["places"]
    )
