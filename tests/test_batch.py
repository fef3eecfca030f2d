"""Many articles: the batch function, the local process pool, and crash-safe resume.

The crash test SIGKILLs a real `eventwire run` of 500 short articles (from the
bench generator, our own sentences) at a random moment, runs the same command
again, and compares the store with an uninterrupted run.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from bench.corpus import articles, write_jsonl

from eventwire.batch import CodedBatch, code_batch, run_into_store
from eventwire.engines.pool import WorkerPool
from eventwire.errors import ErrorCode, ItemError
from eventwire.ingest import article_from_text, read_sources
from eventwire.store import Store
from eventwire.store.schema import ARROW_SCHEMAS, TABLES, column_list

STORY = "Police arrested twelve protesters in Lagos on Monday after a march against fuel prices."
OTHER = "Kenyan farmers blocked the highway to Nairobi on Tuesday to protest against cheap imports."


def store_rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: two stores are equal when these are."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT {column_list(t)} FROM {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        con.close()


def square(n: int) -> int:  # module level, so spawned pool workers can import it
    return n * n


# -- the batch function ----------------------------------------------------------------


def test_code_batch_gives_results_errors_and_store_shaped_tables() -> None:
    bad = ItemError(ErrorCode.E002_EMPTY, "empty.txt", "input is empty")
    batch = code_batch([article_from_text(STORY, published="2021-03-01"), bad,
                        article_from_text(OTHER, published="2021-03-02")])
    assert [r.article.text for r in batch.results] == [STORY, OTHER]
    assert batch.errors == (bad,)
    tables = batch.tables()
    assert set(tables) == set(TABLES)
    for name, table in tables.items():
        assert table.schema.equals(ARROW_SCHEMAS[name]), name
    assert tables["articles"].column("id").to_pylist() == [r.article.id for r in batch.results]
    assert tables["events"].num_rows == sum(len(r.events) for r in batch.results) > 0
    assert CodedBatch((), ()).tables()["events"].num_rows == 0


# -- the model as eventwire loads it ---------------------------------------------------------

TRICKY = ("Y'all ain't gonna believe it. Let's go, I gotta say nuthin' is there. There is a man; there's hope. "
          "I don't know if it's true, but you'd think so.  Double   spaces and\ttabs. It was given to me. "
          "Do you have it? I did. Has he? That which is, is. These are those.\n\nWhatever.")


def test_tuned_model_annotates_exactly_like_stock_spacy() -> None:
    """numpy BLAS, the faster attribute-ruler matching and TextDoc change speed, never an annotation."""
    import numpy as np
    import spacy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, TAG

    from eventwire.nlp import MODEL_NAME, _can_parse_here, _lemma_cache, annotate_many, load_pipeline

    assert load_pipeline().get_pipe("attribute_ruler").match.__qualname__ == "FastRuleMatch.match"
    # The parser's and NER's loop run from Python, the lemmatizer once per distinct token (nlp.py).
    assert all(_can_parse_here(load_pipeline().get_pipe(name)) for name in ("parser", "ner"))
    assert _lemma_cache(load_pipeline().get_pipe("lemmatizer")) is not None
    texts = [TRICKY, STORY, OTHER] + [r["text"] for r in articles(4, target_words=300, seed=13)]
    stock = spacy.load(MODEL_NAME)
    attrs = [ORTH, NORM, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
    for text, mine, theirs in zip(texts, annotate_many(texts), stock.pipe(texts), strict=True):
        assert mine.text == theirs.text == text
        assert np.array_equal(mine.to_array(attrs), theirs.to_array(attrs)), text[:60]


# -- the pool --------------------------------------------------------------------------


def test_pool_codes_one_job_in_the_parent_and_starts_workers_only_for_more() -> None:
    with WorkerPool(square, workers=2) as pool:
        assert list(pool.submit(3)) == []  # held: maybe the only job
        assert list(pool.drain()) == [9]
        assert pool._executor is None  # no worker was started for it
    with WorkerPool(square, workers=2) as pool:
        got = [r for n in range(10) for r in pool.submit(n)]
        got += list(pool.drain())
        assert pool._executor is not None
    assert sorted(got) == [n * n for n in range(10)]


# -- runs into the store -----------------------------------------------------------------


def test_known_ids_answers_which_are_stored() -> None:
    result = code_batch([article_from_text(STORY)]).results[0]
    with Store(":memory:") as store:
        assert store.known_ids([]) == set()
        store.add([result])
        assert store.known_ids([result.article.id, "0123456789abcdef", result.article.id]) == {result.article.id}


def test_rerun_skips_stored_articles_before_coding_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(f'{{"text": "{STORY}"}}\n{{"text": "{OTHER}"}}\n{{"title": "no text"}}\n{{"text": "{STORY}"}}\n',
                   encoding="utf-8")
    db = tmp_path / "s.duckdb"
    first = run_into_store([src], db, published="2021-03-01", batch_size=2)
    assert (first.processed, first.added, first.skipped, first.failed) == (2, 2, 1, 1)  # the repeat is skipped
    coded: list[int] = []
    import eventwire.batch as batch_module

    real = batch_module.code_batch
    monkeypatch.setattr(batch_module, "code_batch", lambda items, kb=(): coded.append(len(items)) or real(items, kb))
    second = run_into_store([src], db, published="2021-03-01", batch_size=2)
    assert (second.processed, second.added, second.skipped, second.failed) == (0, 0, 3, 1)
    assert coded == []  # nothing was parsed again


def test_progress_reports_done_total_and_rate(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(f'{{"text": "{STORY}"}}\n{{"text": "{OTHER}"}}\n', encoding="utf-8")
    seen: list[tuple[int, int | None]] = []
    run_into_store([src], tmp_path / "s.duckdb", batch_size=1,
                   on_progress=lambda done, total, rate: seen.append((done, total)))
    assert seen[-1][0] == 2
    assert all(total is None or total >= done for done, total in seen)


def test_full_pipeline_stays_above_a_speed_floor() -> None:
    """A cheap CI guard under `make bench`: CPU seconds per 600-word article, with wide headroom.

    CPU time, not wall time, so a busy shared machine does not make it fail;
    about 0.2 s per article when this was written, the floor is 1 s.
    """
    items = [article_from_text(r["text"], title=r["title"], published=r["published"])
             for r in articles(8, target_words=600, seed=5)]
    code_batch(items[:1])  # model and knowledge loaded
    cpu = time.process_time()
    code_batch(items)
    per_article = (time.process_time() - cpu) / len(items)
    assert per_article < 1.0, f"{per_article:.2f} CPU s per article"


# -- kill -9 at a random moment, then the same command again ----------------------------------

CORPUS_SIZE = 500


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl", CORPUS_SIZE, target_words=25, seed=3)
    ids = [i.article.id for i in read_sources([path]) if not isinstance(i, ItemError)]
    assert len(set(ids)) == len(ids) == CORPUS_SIZE
    return path


def run_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "run", str(corpus), "--db", str(db), "--workers", "2",
            "--batch", "20"]


def test_killed_run_resumes_with_nothing_lost_or_doubled(corpus: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.duckdb"
    started = time.monotonic()
    done = subprocess.run(run_command(corpus, reference), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    duration = time.monotonic() - started

    rng = random.Random()
    seed = rng.randrange(1 << 30)
    delay = random.Random(seed).uniform(0.2, 0.9) * duration
    db = tmp_path / "killed.duckdb"
    # Its own session, so the kill takes the workers too: a whole machine going down.
    proc = subprocess.Popen(run_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    context = f"killed after {delay:.1f} s of a {duration:.1f} s run (seed {seed})"

    with Store(db) as store:  # a kill before the store existed is a valid moment too
        stored_before = store.counts()["articles"]

    again = subprocess.run(run_command(corpus, db), capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, f"{context}\n{again.stderr}"
    summary = re.search(r"(\d+) coded, (\d+) added, (\d+) already stored, (\d+) failed", again.stderr)
    assert summary, again.stderr
    coded, added, skipped, failed = map(int, summary.groups())
    # Only what the kill lost was coded again; the rest was skipped before parsing.
    assert (coded, added, skipped, failed) == (
        CORPUS_SIZE - stored_before, CORPUS_SIZE - stored_before, stored_before, 0), context

    got, want = store_rows(db), store_rows(reference)
    assert len(got["articles"]) == CORPUS_SIZE, context
    assert len({row[0] for row in got["articles"]}) == CORPUS_SIZE, context
    for table in TABLES:
        assert got[table] == want[table], f"{table} differs; {context}"
