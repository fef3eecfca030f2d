"""Score place detection and geocoding on gold JSONL files (EVAL.md "places").

    .venv/bin/python scripts/geo_eval.py ../shared/eval/geo_gwn.dev.jsonl ../shared/eval/geo_lgl.dev.jsonl
        [--limit N] [--errors errors.tsv]

For each gold place the predicted place whose span overlaps it is its match.
Detection P/R/F1 count span overlaps; acc@161 is over all gold places (a missing
place counts as wrong); the median error is over matched places.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from eventwire.model import Place
from eventwire.nlp import load_pipeline
from eventwire.resolve.places import find_places


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def score_file(path: Path, limit: int | None, errors: list[str]) -> dict[str, Any]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    records = records[:limit] if limit else records
    nlp = load_pipeline()
    n_gold = n_pred = pred_hit = gold_hit = within = 0
    dists: list[float] = []
    started = time.perf_counter()
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        predicted: list[Place] = find_places(doc)
        gold = record["places"]
        n_gold += len(gold)
        n_pred += len(predicted)
        pred_hit += sum(any(p.start < g["end"] and g["start"] < p.end for g in gold) for p in predicted)
        for g in gold:
            match = next((p for p in predicted if p.start < g["end"] and g["start"] < p.end), None)
            if match is None or match.lat is None or match.lon is None:
                errors.append(f"{record['id']}\tMISS\t{g['text']}\t\t")
                continue
            gold_hit += 1
            dist = haversine_km(g["lat"], g["lon"], match.lat, match.lon)
            dists.append(dist)
            within += dist < 161
            if dist >= 161:
                errors.append(f"{record['id']}\tFAR\t{g['text']}\t{match.name} {match.kind} {match.country}\t"
                              f"{dist:.0f}")
        for p in predicted:
            if not any(p.start < g["end"] and g["start"] < p.end for g in gold):
                errors.append(f"{record['id']}\tFP\t{p.text}\t{p.name} {p.kind} {p.country}\t")
    precision = pred_hit / n_pred if n_pred else 0.0
    recall = gold_hit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "n_gold": n_gold,
            "n_pred": n_pred, "acc161": round(within / n_gold, 3) if n_gold else None,
            "median_km": round(statistics.median(dists), 1) if dists else None,
            "docs_per_s": round(len(records) / (time.perf_counter() - started), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--errors", type=Path, default=None, help="write misses/far/false positives as TSV")
    args = parser.parse_args(argv)
    errors: list[str] = []
    for path in args.files:
        result = score_file(path, args.limit, errors)
        print(f"{path.name}: {json.dumps(result)}")
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
