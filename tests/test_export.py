"""Exports: Parquet and CSV of each table, contract JSONL, GDELT 2.0, POLECAT and PLOVER.

Most run on the samples store (built once per session by the web tests' helper);
the GDELT acceptance test codes the seed article from ../shared and skips when
it is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from eventwire.export import FORMATS, export
from eventwire.export.columns import GDELT_EVENT_COLUMNS, POLECAT_COLUMNS
from eventwire.store import Store
from eventwire.store.filters import EventFilter
from eventwire.store.schema import TABLES
from tests.conftest import SHARED, shared_file
from tests.test_web import HOSTILE_ID, SQL, sample_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory)


@pytest.fixture(scope="module")
def counts(store_path: Path) -> dict[str, int]:
    with Store(store_path, read_only=True) as store:
        return store.counts()


@pytest.fixture(scope="module")
def seed_gdelt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article coded into its own store and exported as GDELT rows."""
    seed = shared_file("seeds", "000_a3b256fcb9815394.txt")
    from eventwire.batch import run_into_store

    d = tmp_path_factory.mktemp("seed")
    summary = run_into_store([seed], d / "seed.duckdb", published="2017-04-09")
    assert summary.added == 1
    out = d / "seed.gdelt.tsv"
    export(d / "seed.duckdb", "gdelt", out)
    return out


def _reference_columns(*parts: str) -> list[str]:
    lines = shared_file(*parts).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [r[1].strip() for r in rows if r[0].strip().isdigit()]


# -- column lists against the reference -------------------------------------------------

def test_gdelt_columns_match_the_codebook() -> None:
    assert len(GDELT_EVENT_COLUMNS) == 61
    assert list(GDELT_EVENT_COLUMNS) == _reference_columns("reference", "gdelt", "gdelt2_event_columns.tsv")


def test_polecat_columns_match_the_public_files() -> None:
    assert len(POLECAT_COLUMNS) == 40
    assert list(POLECAT_COLUMNS) == _reference_columns("reference", "polecat", "polecat_public_tsv_columns.txt")


# -- the seed in GDELT ---------------------------------------------------------------------

def test_seed_gdelt_export_loads_with_duckdb_and_has_the_right_codes(seed_gdelt: Path) -> None:
    con = duckdb.connect()
    # Plain auto-detection reads 61 columns ...
    sniffed = con.execute("SELECT * FROM read_csv(?, delim = '\t', header = false)", [str(seed_gdelt)])
    assert len(sniffed.description) == 61
    # ... and with GDELT's names (codes as text: '0241' keeps its zero) the rows say what happened.
    columns = {name: "VARCHAR" for name in GDELT_EVENT_COLUMNS}
    rows = con.execute("SELECT * FROM read_csv(?, delim = '\t', header = false, columns = ?)",
                       [str(seed_gdelt), columns]).fetchall()
    names = list(GDELT_EVENT_COLUMNS)
    events = [dict(zip(names, r, strict=True)) for r in rows]
    assert events
    assert all(len(r) == 61 for r in rows)

    call = [e for e in events if e["EventCode"] == "0241"]
    assert call, "Sadr's call on Assad to step down (REQUEST 0241) is missing"
    assert call[0]["Actor1CountryCode"] == "IRQ" and call[0]["Actor2CountryCode"] == "SYR"
    assert call[0]["Actor1Code"] == "IRQREL" and call[0]["Actor2Code"] == "SYRGOV"
    assert (call[0]["EventBaseCode"], call[0]["EventRootCode"], call[0]["QuadClass"]) == ("024", "02", "1")

    sarin = [e for e in events if e["EventCode"] == "2041"]
    assert sarin, "the chemical attack (ASSAULT 2041) is missing"
    assert any(e["Day"] == "20170404" for e in sarin)
    assert all((e["EventBaseCode"], e["EventRootCode"], e["QuadClass"]) == ("204", "20", "4") for e in sarin)

    for e in events:
        assert e["EventCode"].startswith(e["EventBaseCode"]) and e["EventBaseCode"].startswith(e["EventRootCode"])
        assert int(e["GlobalEventID"]) > 0
        assert e["SOURCEURL"]
    # "Sadr did not openly condemn Assad" is negated: GDELT has no column for that, so it is left out.
    assert not [e for e in events if e["EventCode"] == "111" and e["Actor2CountryCode"] == "SYR"
                and e["Actor1CountryCode"] == "IRQ" and "SADR" in (e["Actor1Name"] or "")]


# -- the samples store in every format ---------------------------------------------------------

def test_parquet_and_csv_hold_each_table(store_path: Path, counts: dict[str, int], tmp_path: Path) -> None:
    con = duckdb.connect()
    for fmt, reader in (("parquet", "read_parquet(?)"), ("csv", "read_csv(?, header = true)")):
        written = export(store_path, fmt, tmp_path / fmt)
        assert written == counts
        for table in TABLES:
            path = tmp_path / fmt / f"{table}.{fmt}"
            assert path.exists()
            if counts[table]:
                got = con.execute(f"SELECT count(*) FROM {reader}", [str(path)]).fetchone()
                assert got == (counts[table],), (fmt, table)
    names = [d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 0",
                                       [str(tmp_path / "parquet" / "events.parquet")]).description]
    assert names == [c.name for c in TABLES["events"]]


def test_filters_restrict_events_and_keep_their_articles(store_path: Path, tmp_path: Path) -> None:
    written = export(store_path, "parquet", tmp_path, EventFilter(type="ASSAULT"))
    con = duckdb.connect()
    types = con.execute("SELECT DISTINCT type FROM read_parquet(?)", [str(tmp_path / "events.parquet")]).fetchall()
    assert types == [("ASSAULT",)]
    orphan = con.execute(
        "SELECT count(*) FROM read_parquet(?) e WHERE e.article_id NOT IN (SELECT id FROM read_parquet(?))",
        [str(tmp_path / "events.parquet"), str(tmp_path / "articles.parquet")]).fetchone()
    assert orphan == (0,)
    assert 0 < written["articles"] < 15


def test_jsonl_is_the_contract_per_article(store_path: Path, counts: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert export(store_path, "jsonl", out) == {"articles": counts["articles"]}
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with Store(store_path, read_only=True) as store:
        for doc in docs:
            assert doc == json.loads(json.dumps(store.get_result(doc["article"]["id"])))


def test_polecat_rows(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.polecat.tsv"
    n = export(store_path, "polecat", out)["events"]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(POLECAT_COLUMNS)
    assert len(lines) == n + 1 and n > 0
    assert all(len(line.split("\t")) == 40 for line in lines)
    got = duckdb.connect().execute("SELECT * FROM read_csv(?, delim = '\t', header = true)", [str(out)])
    assert [d[0] for d in got.description] == list(POLECAT_COLUMNS)


def test_plover_json_fields(store_path: Path, counts: dict[str, int], tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    assert export(store_path, "plover", out) == {"events": counts["events"]}
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for r in records:
        assert {"id", "date", "actor", "event"} <= set(r)  # PLOVER's required fields
        assert isinstance(r["actor"], list) and isinstance(r["event"], list)
    negated = [r for r in records if r["status"] == "negated"]
    assert negated and all("negation" in r["context"] for r in negated)


def test_hostile_text_stays_one_field(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "hostile.gdelt.tsv"
    export(store_path, "gdelt", out, EventFilter(article=HOSTILE_ID), header=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 61 for line in lines)
    assert SQL.upper().replace('"', "'") in lines[1]


def test_unknown_format_is_refused(store_path: Path) -> None:
    assert set(FORMATS) == {"parquet", "csv", "jsonl", "gdelt", "polecat", "plover"}
    with pytest.raises(ValueError, match="format"):
        export(store_path, "xml")


def test_cli_export(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.gdelt.tsv"
    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "export", "--format", "gdelt", "--db",
                           str(store_path), "--out", str(out), "--type", "ASSAULT"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(r[28] == "19" or r[28] == "20" for r in rows)  # EventRootCode of ASSAULT
    bad = subprocess.run([sys.executable, "-m", "eventwire.cli", "export", "--format", "xml", "--db",
                          str(store_path)], capture_output=True, text=True)
    assert bad.returncode == 2 and "format" in bad.stderr


def test_shared_folder_is_not_needed_at_run_time() -> None:
    # The column lists are the package's own; nothing under src/ reads ../shared.
    src = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "export"
    for path in src.glob("*.py"):
        assert "shared" not in path.read_text(encoding="utf-8"), path
    assert SHARED.name == "shared"
