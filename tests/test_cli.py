"""The command line, end to end: real files, a real DuckDB store, per-item errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

GOOD = (
    "Protest in Lagos\n\nThousands of Nigerian students protested in Lagos on Monday against fee increases.\n"
)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "entities", "events", "quotes", "places")
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("inputs")
    (d / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (d / "b_empty.txt").write_text("", encoding="utf-8")
    (d / "c_binary.txt").write_bytes(b"\x00\x01\x02PNG\x00\xff" * 50)
    (d / "d_latin1.txt").write_bytes("Título\n\nEl presidente habló en Bogotá.".encode("latin-1"))
    (d / "e_broken.html").write_text("<html><body><div></div></body></html>", encoding="utf-8")
    (d / "f_lines.jsonl").write_text(
        '{"text": "Iranian troops were deployed to the border on Friday.", "published": "2021-03-05"}\n'
        '{"text": broken json\n'
        '{"title": "no text here"}\n'
        '{"text": 42}\n',
        encoding="utf-8",
    )
    with (d / "g_huge.txt").open("w", encoding="utf-8") as fh:
        line = "Rebels attacked the town again. " * 32 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    return d


def test_extract_prints_one_contract_object_per_article(tmp_path):
    f = tmp_path / "one.txt"
    f.write_text(GOOD, encoding="utf-8")
    proc = cli("extract", str(f), "--published", "2021-03-01", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(docs) == 1
    assert docs[0]["article"]["title"] == "Protest in Lagos"
    assert docs[0]["article"]["published"] == "2021-03-01"
    assert any(e["type"] == "PROTEST" for e in docs[0]["events"])


def test_extract_carries_jsonl_fields(tmp_path):
    f = tmp_path / "items.jsonl"
    f.write_text(
        json.dumps(
            {
                "text": "Police arrested six activists in Minsk.",
                "title": "Arrests",
                "url": "https://example.org/a",
                "published": "2020-09-01",
                "outlet": "Example News",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    doc = json.loads(cli("extract", str(f)).stdout)
    assert (doc["article"]["url"], doc["article"]["outlet"], doc["article"]["published"]) == (
        "https://example.org/a",
        "Example News",
        "2020-09-01",
    )


def test_bad_inputs_give_one_numbered_error_each_and_the_run_goes_on(bad_inputs, tmp_path):
    db = tmp_path / "store.duckdb"
    proc = cli("run", str(bad_inputs), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    errors = re.findall(r"E(\d{3}) \S*?([a-g]_\w+\.\w+)", proc.stderr)
    by_file = dict((name, code) for code, name in errors if not name.endswith(".jsonl"))
    assert by_file["b_empty.txt"] == "002"
    assert by_file["c_binary.txt"] == "003"
    assert by_file["d_latin1.txt"] == "004"
    assert by_file["e_broken.html"] == "009"
    assert by_file["g_huge.txt"] == "005"
    jsonl_codes = sorted(code for code, name in errors if name == "f_lines.jsonl")
    assert jsonl_codes == ["006", "007", "007"]
    assert len(errors) == 8
    # The two good items were coded and stored.
    assert counts(db)["articles"] == 2


def test_running_twice_leaves_the_same_rows(tmp_path):
    db = tmp_path / "samples.duckdb"
    first = cli("run", str(SAMPLES), "--db", str(db))
    assert first.returncode == 0, first.stderr
    before = counts(db)
    assert before["articles"] >= 12 and before["events"] > 0
    second = cli("run", str(SAMPLES), "--db", str(db))
    assert second.returncode == 0
    assert "0 added" in second.stderr
    assert counts(db) == before


def test_events_command_filters_and_formats(tmp_path):
    db = tmp_path / "samples.duckdb"
    assert cli("run", str(SAMPLES), "--db", str(db)).returncode == 0
    rows = [
        json.loads(x)
        for x in cli("events", "--db", str(db), "--type", "ASSAULT", "--format", "jsonl").stdout.splitlines()
    ]
    assert rows and all(r["type"] == "ASSAULT" for r in rows)
    csv_out = cli("events", "--db", str(db), "--country", "USA", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("article_id,date,type")
    assert len(csv_out.splitlines()) > 1
    table = cli("events", "--db", str(db), "--since", "2020-01-01", "--until", "2020-12-31").stdout
    assert "2020-01-03" in table and "2015-01-07" not in table


def test_run_with_nothing_processable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = cli("run", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.duckdb"))
    assert proc.returncode == 1
    assert "E002" in proc.stderr


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("extract", "run", "events", "eval", "entities", "relations", "quotes"):
        assert f"eventwire {command}" in readme


def test_entities_are_one_identity_across_articles_and_relations_are_listed(tmp_path):
    items = tmp_path / "two.jsonl"
    items.write_text(
        json.dumps({"text": "Muqtada al-Sadr called on the government to resign.", "published": "2017-04-09"}) + "\n"
        + json.dumps({"text": "Sadr founded the Mahdi Army in 2003. The Mahdi Army later attacked U.S. troops.",
                      "published": "2017-05-01"}) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "two.duckdb"
    assert cli("run", str(items), "--db", str(db)).returncode == 0
    rows = [json.loads(x) for x in cli("entities", "--db", str(db), "--name", "sadr", "--format", "jsonl")
            .stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["articles"] == 2 and rows[0]["country"] == "IRQ"
    rels = [json.loads(x) for x in cli("relations", "--db", str(db), "--format", "jsonl").stdout.splitlines()]
    assert any(r["predicate"] == "created_by" and r["subject_name"] == "Mahdi Army" for r in rels)


def test_unknown_actors_match_across_articles_by_normalised_name(tmp_path):
    items = tmp_path / "names.jsonl"
    items.write_text(
        json.dumps({"text": "The Iraqi Army attacked a checkpoint near Mosul.", "published": "2016-02-01"})
        + "\n"
        + json.dumps({"text": "Later the Iraqi army shelled the outskirts of Mosul.", "published": "2016-02-03"})
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "names.duckdb"
    assert cli("run", str(items), "--db", str(db)).returncode == 0
    rows = [json.loads(x) for x in cli("entities", "--db", str(db), "--name", "iraqi army", "--format", "jsonl")
            .stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["articles"] == 2, rows
