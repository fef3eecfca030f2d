"""Accuracy gates: `eventwire eval` on the shared dev sets must stay at or above pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import shared_file

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))
GATES = [(name, key, floor) for name, keys in FLOORS.items() if not name.startswith("_")
         for key, floor in keys.items()]


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    return {}


def _report(reports: dict[str, dict], name: str) -> dict:
    if name not in reports:
        from eventwire import evaluate
        from eventwire.pipeline import predict_record

        gold = shared_file("eval", name)
        reports[name] = evaluate.evaluate(evaluate.load_gold(gold), predict_record).to_json()
    return reports[name]


@pytest.mark.parametrize(("name", "key", "floor"), GATES, ids=[f"{n}:{k}" for n, k, _ in GATES])
def test_score_at_or_above_floor(reports, name, key, floor):
    report = _report(reports, name)
    kind, _, field = key.partition(".")
    value = report[kind][field]
    assert value >= floor, f"{name} {key} = {value:.3f} fell below its floor {floor}"
