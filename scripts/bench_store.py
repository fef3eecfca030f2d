"""Insert throughput of the DuckDB store on synthetic articles.

    .venv/bin/python scripts/bench_store.py --articles 2000 --events 10

Builds the ArticleResults first (not timed), then times `Store.add` into a
fresh file database, then a second `add` of the same input (all skipped: the
cost of idempotency), then `get_result` of a sample of articles and one
filtered `events` query.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from eventwire.model import (
    Article,
    ArticleResult,
    Count,
    Cue,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
    Participant,
    Place,
    Quote,
    Relation,
    SentenceRef,
    Speaker,
    Trigger,
)
from eventwire.store import Store

COUNTRIES = ("SYR", "IRQ", "AFG", "USA", "RUS", "UKR", "NGA", "MLI")
TYPES = ("ASSAULT", "REQUEST", "CONSULT", "PROTEST", "COERCE", "AID", "ACCUSE")


def synthetic(i: int, events: int, rng: random.Random) -> ArticleResult:
    """One article shaped like real output: 5 entities, `events` events, 2 quotes, 1 relation, 2 places."""
    text = f"Article {i}. " + "Officials said forces attacked the town and killed people. " * (events + 2)
    entities = tuple(
        Entity(f"e{k}", f"Actor {i}-{k}", "organization", rng.choice(COUNTRIES), ("GOV",), None,
               (Mention(10 + k, 19 + k, text[10 + k:19 + k]), Mention(40 + k, 49 + k, text[40 + k:49 + k])))
        for k in range(5)
    )
    evs = tuple(
        Event(
            f"ev{k}", rng.choice(TYPES), "change", ("political",), "0241", 1, -2.5,
            Participant(f"e{k % 5}", f"Actor {i}-{k % 5}", rng.choice(COUNTRIES), ("GOV",)),
            Participant(None, "people", rng.choice(COUNTRIES)) if k % 2 else None,
            Trigger("attacked", 30, 38), SentenceRef(k, 0, 60),
            EventDate(f"2020-{1 + k % 12:02d}-{1 + i % 28:02d}", "day", None, "explicit") if k % 3 else None,
            Location("Town", "the town", "SYR", "Idlib", 35.4, 36.6, 170017) if k % 4 == 0 else None,
            Count(3, 5, "three to five") if k % 5 == 0 else None,
            None, "asserted", "e0", 0.8,
        )
        for k in range(events)
    )
    quotes = tuple(
        Quote(f"q{k}", "indirect", "forces attacked the town", 30, 54,
              Speaker("e0", "Officials", 14, 23), Cue("said", 24, 28))
        for k in range(2)
    )
    return ArticleResult(
        article=Article(id=f"bench-{i:06d}", text=text, title=f"Title {i}", published="2020-06-01"),
        entities=entities, events=evs, quotes=quotes,
        relations=(Relation("e1", "member_of", "e2", 0, 60, text[:60]),),
        places=(Place("town", 48, 52, "Town", "city", "SYR", 35.4, 36.6, 1),
                Place("Syria", 0, 0, "Syria", "country", "SYR")),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--events", type=int, default=10, help="events per article")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--reads", type=int, default=200, help="articles to read back with get_result")
    parser.add_argument("--path", type=Path, default=None, help="database file (default: a temp file)")
    args = parser.parse_args()

    rng = random.Random(7)
    results = [synthetic(i, args.events, rng) for i in range(args.articles)]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.path or Path(tmp) / "bench.duckdb"
        with Store(path) as store:
            t0 = time.perf_counter()
            report = store.add(results, batch_size=args.batch_size)
            t_add = time.perf_counter() - t0

            t0 = time.perf_counter()
            again = store.add(results, batch_size=args.batch_size)
            t_again = time.perf_counter() - t0

            sample = rng.sample(results, min(args.reads, len(results)))
            t0 = time.perf_counter()
            for r in sample:
                store.get_result(r.article.id)
            t_read = time.perf_counter() - t0

            t0 = time.perf_counter()
            n_events = len(store.events(country="SYR", since="2020-03", until="2020-04"))
            t_query = time.perf_counter() - t0
            counts = store.counts()

    rows = sum(report.rows.values())
    print(f"added {report.added} articles, {rows} rows in {t_add:.2f}s, batch size {args.batch_size}")
    print(f"  {counts}")
    print(f"  {rows / t_add:,.0f} rows/s, {report.rows['events'] / t_add:,.0f} events/s, "
          f"{report.added / t_add:,.0f} articles/s")
    print(f"re-add (all {again.skipped} skipped): {t_again:.2f}s")
    print(f"get_result of {len(sample)} random articles: {t_read:.2f}s "
          f"({1000 * t_read / len(sample):.1f} ms each)")
    print(f"events(country='SYR', since='2020-03', until='2020-04'): {n_events} events in {t_query:.2f}s")


if __name__ == "__main__":
    main()
