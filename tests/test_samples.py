"""Every shipped sample gives at least one event of a type a reader would code for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
RECORDS = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("record", RECORDS, ids=[r["title"][:40] for r in RECORDS])
def test_sample_has_an_expected_event(code, record):
    result = code(record["text"], record["published"])
    types = {e.type for e in result.events if e.status == "asserted"}
    assert types & set(record["expected_event_types"]), (record["expected_event_types"], types)
