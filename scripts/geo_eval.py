"""Score place detection and geocoding on gold JSONL files (EVAL.md "places").

    .venv/bin/python scripts/geo_eval.py ../shared/eval/geo_gwn.dev.jsonl ../shared/eval/geo_lgl.dev.jsonl
        [--limit N] [--errors errors.tsv] [--cache DIR]
    .venv/bin/python scripts/geo_eval.py --gazetteer-load    # load time and memory, each way

Places are found exactly as the pipeline finds them (`relabel_places`, then
`find_places`) and scored with `eventwire.evaluate`'s one-to-one span matching, so
the figures equal the places line of `eventwire eval`. Detection P/R/F1 count span
overlaps; acc@161 is over all gold places (a missing place counts as wrong); the
median error is over matched places.

``--cache DIR`` keeps the spaCy parses (DocBin) between runs: parsing is most of the
run time and does not change while the geocoder is tuned. Also printed: the time per
article spent in geocoding (``find_places``) and in dates (``find_dates``), parsing
excluded. ``by_confidence`` splits the predicted places by their `confidence`: how many,
the share that match a gold place, and of those with gold coordinates the share within 161 km.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from eventwire.evaluate import haversine_km, match_places
from eventwire.extract.times import find_dates
from eventwire.nlp import annotate_many, load_pipeline
from eventwire.resolve.gazetteer import load_gazetteer
from eventwire.resolve.places import find_places
from eventwire.resolve.toponyms import relabel_places


def parsed(texts: list[str], cache: Path | None) -> Iterator[Doc]:
    """Parses of the texts, from the cache when it holds these very texts."""
    if cache is None:
        yield from annotate_many(texts)
        return
    digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache / f"{digest}.spacy"
    nlp = load_pipeline()
    if not path.exists():
        docs = list(annotate_many(texts))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    yield from DocBin().from_disk(path).get_docs(nlp.vocab)


def score_file(path: Path, limit: int | None, errors: list[str], cache: Path | None) -> dict[str, Any]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    records = records[:limit] if limit else records
    load_gazetteer()  # loaded once per process; not charged to the first article
    n_gold = n_pred = n_match = within = 0
    dists: list[float] = []
    geo_seconds = date_seconds = 0.0
    bands: dict[str, list[int]] = {band: [0, 0, 0, 0] for band, _ in CONFIDENCE_BANDS}  # pred, matched, judged, right
    for record, doc in zip(records, parsed([r["text"] for r in records], cache), strict=True):
        started = time.perf_counter()
        predicted = [asdict(p) for p in find_places(relabel_places(doc))]
        geo_seconds += time.perf_counter() - started
        started = time.perf_counter()
        find_dates(record["text"], record.get("published"))
        date_seconds += time.perf_counter() - started
        gold = record["places"]
        matching = match_places(gold, predicted)
        n_gold += len(gold)
        n_pred += len(predicted)
        n_match += len(matching)
        for p in predicted:
            bands[_band(p["confidence"])][0] += 1
        for g, place in enumerate(gold):
            if g not in matching:
                errors.append(f"{record['id']}\tMISS\t{place['text']}\t\t")
                continue
            match = predicted[matching[g]]
            band = bands[_band(match["confidence"])]
            band[1] += 1
            band[2] += 1
            if match["lat"] is None:
                errors.append(f"{record['id']}\tUNMATCHED\t{place['text']}\t\t")
                continue
            dist = haversine_km(place["lat"], place["lon"], match["lat"], match["lon"])
            dists.append(dist)
            within += dist < 161
            band[3] += dist < 161
            if dist >= 161:
                errors.append(f"{record['id']}\tFAR\t{place['text']}\t{match['name']} {match['kind']} "
                              f"{match['country']}\t{dist:.0f}")
        for i, p in enumerate(predicted):
            if i not in matching.values():
                errors.append(f"{record['id']}\tFP\t{p['text']}\t{p['name']} {p['kind']} {p['country']}\t")
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "n_gold": n_gold,
            "n_pred": n_pred, "acc161": round(within / n_gold, 3) if n_gold else None,
            "median_km": round(statistics.median(dists), 1) if dists else None,
            "geocode_ms_per_doc": round(1000 * geo_seconds / len(records), 2),
            "dates_ms_per_doc": round(1000 * date_seconds / len(records), 3),
            "by_confidence": {band: {"pred": n, "p": round(m / n, 3) if n else None,
                                     "acc161": round(r / j, 3) if j else None}
                              for band, (n, m, j, r) in bands.items()}}


# Upper bounds (inclusive) of the confidence bands reported by `score_file`.
CONFIDENCE_BANDS = (("0", 0.0), ("<0.5", 0.4999), ("0.5-0.8", 0.7999), ("0.8-0.95", 0.9499), (">=0.95", 1.0))


def _band(value: float | None) -> str:
    value = 0.0 if value is None else value
    return next(name for name, top in CONFIDENCE_BANDS if value <= top)


# Run in a fresh interpreter so that neither the model nor an earlier load is counted.
_LOAD_PROBE = """
import json, sys, time


def peak_mb():
    # VmHWM, not ru_maxrss: a child's ru_maxrss can carry its parent's peak across fork.
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return round(int(line.split()[1]) / 1024)


started = time.perf_counter()
from eventwire.resolve import gazetteer
imported = time.perf_counter()
gaz = gazetteer.load_in_memory() if sys.argv[1] == "memory" else gazetteer.load_gazetteer()
loaded = time.perf_counter()
for name in ["Paris", "Khan Sheikhoun", "Springfield", "Idlib", "Texas", "Zqxv"] * 100:
    gaz.lookup(name)
looked = time.perf_counter()
print(json.dumps({"mode": sys.argv[1], "import_s": round(imported - started, 3), "load_s": round(loaded - imported, 3),
                  "lookup_us": round(1e6 * (looked - loaded) / 600, 1),
                  "peak_rss_mb": peak_mb()}))
"""


def gazetteer_load() -> None:
    """Load time, lookup time and peak memory of the gazetteer, SQLite-backed and in memory."""
    for mode in ("sqlite", "sqlite", "memory"):  # the first SQLite run may build the cache file
        subprocess.run([sys.executable, "-c", _LOAD_PROBE, mode], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--gazetteer-load", action="store_true", help="measure the gazetteer's load, then stop")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--errors", type=Path, default=None, help="write misses/far/false positives as TSV")
    parser.add_argument("--cache", type=Path, default=None, help="folder for cached spaCy parses")
    args = parser.parse_args(argv)
    if args.gazetteer_load:
        gazetteer_load()
        return 0
    errors: list[str] = []
    for path in args.files:
        result = score_file(path, args.limit, errors, args.cache)
        print(f"{path.name}: {json.dumps(result)}")
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
