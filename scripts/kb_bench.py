"""Measure the actor KB: load time, memory, and matching time per article.

    python scripts/kb_bench.py [ARTICLE.txt ...]   (default: the seed and samples/)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [ROOT.parent / "shared" / "seeds" / "000_a3b256fcb9815394.txt",
                                        *sorted((ROOT / "samples").glob("*"))]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths if p.is_file()]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    from eventwire.resolve.actors import load_kb

    kb = load_kb()
    load_s = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"KB load (import + build): {load_s:.3f} s; {len(kb.entries)} actors, {len(kb.index)} surfaces; "
          f"max RSS +{(rss1 - rss0) / 1024:.1f} MB")
    if not texts:
        return 0
    rounds = 20
    chars = sum(len(t) for t in texts)
    t1 = time.perf_counter()
    hits = 0
    for _ in range(rounds):
        for t in texts:
            hits += len(kb.find(t))
    per = (time.perf_counter() - t1) / (rounds * len(texts))
    print(f"matching: {per * 1000:.2f} ms per article ({len(texts)} articles, {chars / len(texts):.0f} chars avg, "
          f"{hits // rounds} matches per round)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
