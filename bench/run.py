"""`make bench`: how fast eventwire codes news, against the parser alone, on this machine.

    python -m bench.run [--articles 2000] [--sample 300] [--scale 400] [--workers N] [--out bench/results.json]

Generates the corpus (bench/corpus.py, ~600-word articles), then measures, each
in a fresh process:

- bare spaCy: stock `spacy.load` + `nlp.pipe` over the cleaned texts (`--sample` articles)
- tuned spaCy: the same model as eventwire loads it (numpy BLAS, faster attribute ruler)
- full pipeline: `code_batch` over the same articles: articles/s and words/s per core
- scaling: `run_into_store` with 1 and with N workers (`--scale` articles), wall clock
- peak memory of each worker in the N-worker run
- cold start: `eventwire extract` on one article, a new process each time

Writes every figure to --out and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_jsonl

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"articles_per_s_per_core": 10.0, "ratio_to_bare": 0.8, "scaling": 1.7, "peak_worker_mb": 1024,
           "cold_start_s": 3.0}
# One BLAS thread per measuring process, as in the worker pool: per-core figures stay per core.
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def measure(*args: object) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-m", "bench.measure", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench.measure {args[0]} failed:\n{proc.stderr}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def cold_start(article: Path, runs: int = 3) -> list[float]:
    exe = Path(sys.executable).with_name("eventwire")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([str(exe), "extract", str(article), "--published", "2020-01-01"], capture_output=True,
                       check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    return times


def rates(m: dict[str, Any]) -> dict[str, float]:
    return {"articles_per_s_wall": m["articles"] / m["wall_s"], "articles_per_s_cpu": m["articles"] / m["cpu_s"],
            "words_per_s_wall": m["words"] / m["wall_s"], "words_per_s_cpu": m["words"] / m["cpu_s"]}


def one_article(corpus: Path, folder: Path) -> Path:
    record = json.loads(corpus.open(encoding="utf-8").readline())
    path = folder / "one.txt"
    path.write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
    return path


def collect(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    corpus = write_jsonl(folder / "corpus.jsonl", args.articles, target_words=600)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    words = [len(json.loads(x)["text"].split()) for x in lines]
    load_before = os.getloadavg()
    started = time.perf_counter()
    print(f"corpus: {len(lines)} articles, {statistics.mean(words):.0f} words on average -> {corpus}", flush=True)
    print(f"measuring bare spaCy on {args.sample} articles...", flush=True)
    bare = measure("bare", corpus, args.sample)
    print("measuring tuned spaCy...", flush=True)
    tuned = measure("tuned", corpus, args.sample)
    print("measuring the full pipeline...", flush=True)
    full = measure("full", corpus, args.sample)
    print(f"scaling: {args.scale} articles on 1 worker, then on {args.workers}...", flush=True)
    one = measure("run", corpus, args.scale, 1, folder / "w1.duckdb")
    many = measure("run", corpus, args.scale, args.workers, folder / f"w{args.workers}.duckdb")
    print("cold start of `eventwire extract`...", flush=True)
    cold = cold_start(one_article(corpus, folder))
    full_rates = rates(full)
    return {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "load_average_before": load_before, "load_average_after": os.getloadavg()},
        "corpus": {"articles": len(lines), "mean_words": statistics.mean(words), "sample": args.sample,
                   "scale_articles": args.scale},
        "bare_spacy": {**bare, **rates(bare)},
        "tuned_spacy": {**tuned, **rates(tuned)},
        "full_pipeline": {**full, **full_rates},
        "ratio_full_to_bare_words_per_s_cpu": full_rates["words_per_s_cpu"] / rates(bare)["words_per_s_cpu"],
        "ratio_full_to_bare_words_per_s_wall": full_rates["words_per_s_wall"] / rates(bare)["words_per_s_wall"],
        "scaling": {"workers_1": one, f"workers_{args.workers}": many,
                    "speedup": one["wall_s"] / many["wall_s"],
                    "steady_speedup": many["steady_articles_per_s"] / one["steady_articles_per_s"]
                    if one["steady_articles_per_s"] else None,
                    # CPU seconds per article with N workers against 1: the cost of
                    # parallelism itself, whatever else runs on the machine.
                    "cpu_per_article_ratio": (many["cpu_s"] / many["articles"]) / (one["cpu_s"] / one["articles"]),
                    "articles_per_s_1": one["articles"] / one["wall_s"],
                    f"articles_per_s_{args.workers}": many["articles"] / many["wall_s"]},
        "peak_worker_rss_mb": max(many["worker_peak_rss_mb"] or [many["children_max_rss_mb"]]),
        "cold_start_s": {"runs": cold, "median": statistics.median(cold)},
        "targets": TARGETS,
        "seconds": time.perf_counter() - started,
    }


def table(r: dict[str, Any], workers: int) -> str:
    full, bare, tuned = r["full_pipeline"], r["bare_spacy"], r["tuned_spacy"]
    rows = [
        ("bare spaCy nlp.pipe (stock)", f"{bare['words_per_s_cpu']:,.0f} words/s per core "
                                        f"({bare['words_per_s_wall']:,.0f} wall)", ""),
        ("spaCy as eventwire loads it", f"{tuned['words_per_s_cpu']:,.0f} words/s per core "
                                        f"({tuned['words_per_s_wall']:,.0f} wall)", ""),
        ("full pipeline, per core", f"{full['articles_per_s_cpu']:.2f} articles/s, "
                                    f"{full['words_per_s_cpu']:,.0f} words/s", "≥ 10 articles/s"),
        ("full pipeline, wall (1 process)", f"{full['articles_per_s_wall']:.2f} articles/s, "
                                            f"{full['words_per_s_wall']:,.0f} words/s", ""),
        ("full / bare words/s", f"{r['ratio_full_to_bare_words_per_s_cpu']:.2f} per core "
                                f"({r['ratio_full_to_bare_words_per_s_wall']:.2f} wall)", "≥ 0.8"),
        (f"scaling 1 → {workers} workers", f"{r['scaling']['speedup']:.2f}× "
                                           f"({r['scaling']['articles_per_s_1']:.2f} → "
                                           f"{r['scaling'][f'articles_per_s_{workers}']:.2f} articles/s)", "≥ 1.7×"),
        ("  same, once workers are up", f"{r['scaling']['steady_speedup'] or 0:.2f}× (start-up excluded)", ""),
        ("  cores the runs got", f"{r['scaling']['workers_1']['cores_used']:.2f} → "
                                f"{r['scaling'][f'workers_{workers}']['cores_used']:.2f} (others' work meanwhile: "
                                f"{r['scaling'][f'workers_{workers}']['other_work_cores']:.2f} cores)", ""),
        ("  CPU per article, N vs 1", f"{r['scaling']['cpu_per_article_ratio']:.2f}× (1.00 = no parallel overhead)",
         ""),
        ("peak memory per worker", f"{r['peak_worker_rss_mb']} MB", "≤ 1024 MB"),
        ("cold start, eventwire extract", f"{r['cold_start_s']['median']:.2f} s (median of "
                                          f"{len(r['cold_start_s']['runs'])})", "≤ 3 s"),
        ("load average before / after", f"{r['machine']['load_average_before'][0]:.1f} / "
                                         f"{r['machine']['load_average_after'][0]:.1f} on "
                                         f"{r['machine']['cpus']} CPUs", ""),
    ]
    width = max(len(a) for a, _, _ in rows)
    value_width = max(len(b) for _, b, _ in rows)
    lines = [f"{'figure':<{width}}  {'measured':<{value_width}}  target", "-" * (width + value_width + 12)]
    lines += [f"{a:<{width}}  {b:<{value_width}}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000, help="articles in the generated corpus")
    parser.add_argument("--sample", type=int, default=300, help="articles for the bare/full throughput figures")
    parser.add_argument("--scale", type=int, default=400, help="articles for each scaling run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N of the 1 → N scaling run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        results = collect(args, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results, args.workers))
    print(f"\nwritten to {args.out} ({results['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
