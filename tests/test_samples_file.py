"""Sanity checks for the demo corpus in samples/articles.jsonl (fast, no spaCy model)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"

PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)

REQUIRED_KEYS = {"title", "text", "published", "outlet", "url", "expected_event_types"}


def _load() -> list[dict[str, Any]]:
    records = []
    with SAMPLES.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            assert isinstance(record, dict), f"line {lineno} is not a JSON object"
            records.append(record)
    return records


RECORDS = _load()


def _ids() -> list[str]:
    return [str(r.get("title", i))[:40] for i, r in enumerate(RECORDS)]


def test_enough_records() -> None:
    assert len(RECORDS) >= 12


def test_titles_unique() -> None:
    titles = [r["title"] for r in RECORDS]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("record", RECORDS, ids=_ids())
def test_record_shape(record: dict[str, Any]) -> None:
    assert set(record) == REQUIRED_KEYS
    assert isinstance(record["title"], str) and record["title"].strip()
    assert isinstance(record["text"], str) and record["text"].strip()
    assert record["url"] is None or isinstance(record["url"], str)
    assert record["outlet"] == "eventwire samples"

    published = record["published"]
    assert isinstance(published, str)
    assert len(published) == 10, published  # strictly YYYY-MM-DD
    dt.date.fromisoformat(published)

    words = len(record["text"].split())
    assert 100 <= words <= 400, f"{words} words"
    assert not record["text"].startswith(record["title"]), "text must not repeat the title"

    types = record["expected_event_types"]
    assert isinstance(types, list)
    assert 1 <= len(types) <= 3
    assert all(isinstance(t, str) for t in types)
    assert len(set(types)) == len(types)
    assert set(types) <= PLOVER_TYPES, set(types) - PLOVER_TYPES


def test_type_coverage() -> None:
    seen = {t for r in RECORDS for t in r["expected_event_types"]}
    assert len(seen) >= 8, sorted(seen)
