"""The DuckDB store, driven with hand-built ArticleResults (no spaCy model)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from eventwire.errors import ErrorCode, EventwireError
from eventwire.model import (
    Article,
    ArticleResult,
    Count,
    Cue,
    Entity,
    Event,
    EventDate,
    Location,
    Medium,
    Mention,
    Participant,
    Place,
    Quote,
    Relation,
    Relay,
    SentenceRef,
    Speaker,
    Trigger,
)
from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store.core import Store as CoreStore
from eventwire.store.rows import period
from eventwire.store.schema import ensure_schema

HOSTILE = "'; DROP TABLE events; --"

SADR_TEXT = (
    "Muqtada al-Sadr called on Bashar al-Assad to step down after the attack in Khan Sheikhoun "
    "killed more than 80 people. “He must go,” Sadr said in a statement quoted by Reuters. Officials said the "
    "strike was planned."
)


def _span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def sadr_result() -> ArticleResult:
    """Every field of the contract used, optional objects both present and absent."""
    t = SADR_TEXT
    s_sadr, e_sadr = _span(t, "Muqtada al-Sadr")
    s_sadr2, e_sadr2 = _span(t, "Sadr", 1)
    s_assad, e_assad = _span(t, "Bashar al-Assad")
    s_khan, e_khan = _span(t, "Khan Sheikhoun")
    s_call, e_call = _span(t, "called on")
    s_kill, e_kill = _span(t, "killed")
    s_quote, e_quote = _span(t, "“He must go,”")
    s_said, e_said = _span(t, "said")
    sentence_end = t.index(".") + 1
    return ArticleResult(
        article=Article(id="sadr-1", text=t, title="Sadr calls on Assad to go", url="https://example.org/a",
                        outlet="Example News", published="2017-04-09", language="en"),
        entities=(
            Entity("e1", "Muqtada al-Sadr", "person", "IRQ", ("REL",), "Q380915",
                   (Mention(s_sadr, e_sadr, "Muqtada al-Sadr"), Mention(s_sadr2, e_sadr2, "Sadr"))),
            Entity("e2", "Bashar al-Assad", "person", "SYR", ("GOV", "ELI"), None,
                   (Mention(s_assad, e_assad, "Bashar al-Assad"),)),
            Entity("e3", "Syrian government officials", "organization"),
        ),
        events=(
            Event("ev1", "REQUEST", "change", (), "0241", 1, 0.0,
                  Participant("e1", "Muqtada al-Sadr", "IRQ", ("REL",)),
                  Participant("e2", "Bashar al-Assad", "SYR", ("GOV", "ELI")),
                  Trigger("called on", s_call, e_call), SentenceRef(0, 0, sentence_end),
                  EventDate("2017-04-08", "day", None, "published"),
                  status="asserted", reported_by=None, confidence=0.91),
            Event("ev2", "ASSAULT", "aerial", ("pro-government",), "195", 4, -10.0,
                  None,
                  Participant(None, "people", "SYR"),
                  Trigger("killed", s_kill, e_kill), SentenceRef(0, 0, sentence_end),
                  EventDate("2017-04", "month", "in April", "relative"),
                  Location("Khan Shaykhun", "Khan Sheikhoun", "SYR", "Idlib", 35.44, 36.65, 170017),
                  Count(80, None, "more than 80"), Count(None, None, "dozens"),
                  status="hypothetical", reported_by="e3", confidence=0.5),
            Event("ev3", "CONSULT", None, (), None, None, None,
                  Participant("e3", "Officials", None, ()), None,
                  Trigger("planned", *_span(t, "planned")), SentenceRef(2, sentence_end + 1, len(t)),
                  status="negated"),
        ),
        quotes=(
            Quote("q1", "direct", "“He must go,”", s_quote, e_quote,
                  Speaker("e1", "Sadr", s_sadr2, e_sadr2), Cue("said", s_said, e_said),
                  Medium("a statement", *_span(t, "a statement")), Relay(None, "Reuters", *_span(t, "Reuters"))),
            Quote("q2", "indirect", "the strike was planned", *_span(t, "the strike was planned"),
                  None, None),
        ),
        relations=(Relation("e3", "member_of", "e2", 0, len(t), t),),
        places=(
            Place("Khan Sheikhoun", s_khan, e_khan, "Khan Shaykhun", "city", "SYR", 35.44, 36.65, 170017, 0.93),
            Place("Syria", 0, 0, "Syria", "country"),
        ),
        captions=("a caption the contract does not export",),
    )


def simple_result(article_id: str, published: str | None, *events: Event, quotes: int = 0) -> ArticleResult:
    text = "Short text for " + article_id + "."
    return ArticleResult(
        article=Article(id=article_id, text=text, published=published),
        entities=(Entity("e1", "Taliban", "armed_group", "AFG", ("INS",), None, (Mention(0, 5, "Short"),)),),
        events=events,
        quotes=tuple(Quote(f"q{i}", "direct", "text", 0, 4, None, None) for i in range(quotes)),
    )


def simple_event(event_id: str, type_: str, actor: Participant | None, recipient: Participant | None = None,
                 value: str | None = None, precision: str = "day") -> Event:
    return Event(event_id, type_, None, (), None, None, None, actor, recipient,
                 Trigger("x", 0, 1), SentenceRef(0, 0, 5),
                 EventDate(value, precision, value, "explicit") if value else None)


def corpus() -> list[ArticleResult]:
    return [
        sadr_result(),
        simple_result(
            "afg-1", "2018-06-01",
            simple_event("ev1", "ASSAULT", Participant("e1", "the militants", "AFG", ("INS",)),
                         Participant(None, "US troops", "USA"), "2018-05-30"),
            simple_event("ev2", "REQUEST", Participant(None, "Kabul officials", "AFG"), None),
        ),
        simple_result("undated", None, simple_event("ev1", "ASSAULT", Participant(None, "gunmen", None))),
    ]


def ids(events: list[dict]) -> set[tuple[str, str]]:
    return {(e["article_id"], e["id"]) for e in events}


@pytest.fixture
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        s.add(corpus())
        yield s


# -- opening, schema, migrations ----------------------------------------------------------------------


def test_file_store_is_created_and_reopened(tmp_path: Path) -> None:
    path = tmp_path / "ew.duckdb"
    with Store(path) as s:
        s.add(corpus())
        first = s.counts()
    assert path.exists()
    with Store(path) as s:
        assert s.counts() == first
        assert s.get_result("sadr-1") == sadr_result().to_dict()
    assert first == {"articles": 3, "entities": 5, "mentions": 5, "events": 6, "quotes": 2,
                     "relations": 1, "places": 2}


def test_schema_version_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "ew.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    con.close()
    assert meta["schema_version"] == str(SCHEMA_VERSION) == "2"
    assert meta["created_by"].startswith("eventwire ")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ew.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(EventwireError) as caught:
        Store(path)
    assert caught.value.code is ErrorCode.E015_SCHEMA_VERSION
    assert "99" in str(caught.value) and "newer eventwire" in str(caught.value)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events (x INTEGER)")
    con.close()
    with pytest.raises(EventwireError) as caught:
        Store(path)
    assert caught.value.code is ErrorCode.E015_SCHEMA_VERSION


def test_migration_hook_runs_each_step_and_records_the_version() -> None:
    con = duckdb.connect(":memory:")
    ensure_schema(con, "mem")
    ran: list[int] = []
    now, next_ = SCHEMA_VERSION, SCHEMA_VERSION + 1

    def add_note(c: duckdb.DuckDBPyConnection) -> None:
        ran.append(1)
        c.execute("ALTER TABLE articles ADD COLUMN note VARCHAR")

    ensure_schema(con, "mem", version=next_, migrations={now: add_note})
    assert ran == [1]
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(next_),)
    assert "note" in [d[0] for d in con.execute("SELECT * FROM articles").description]
    with pytest.raises(EventwireError, match=f"no migration from version {next_} to {next_ + 1}"):
        ensure_schema(con, "mem", version=next_ + 1, migrations={now: add_note})


def test_failed_migration_leaves_the_old_version() -> None:
    con = duckdb.connect(":memory:")
    ensure_schema(con, "mem")

    def broken(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("ALTER TABLE articles ADD COLUMN note VARCHAR")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        ensure_schema(con, "mem", version=SCHEMA_VERSION + 1, migrations={SCHEMA_VERSION: broken})
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert "note" not in [d[0] for d in con.execute("SELECT * FROM articles").description]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [d[0] for d in con.execute(f'SELECT * FROM "{table}" LIMIT 0').description]


def test_version_1_store_upgrades_to_2_and_keeps_its_rows(tmp_path: Path) -> None:
    """A store file as eventwire 0.1.0 wrote it (version 1 DDL, rows in v1 columns) opens,
    migrates in place, keeps every row, and then takes v2 records beside the old ones."""
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con, str(path), version=1)
    assert "confidence" not in _columns(con, "places") and "relay_text" not in _columns(con, "quotes")
    con.execute("INSERT INTO articles (id, text, published) VALUES ('old', 'Ama Owusu said it in Accra.', "
                "'2016-05-01')")
    con.execute('INSERT INTO quotes (article_id, id, ordinal, kind, text, start, "end", speaker_text, '
                "speaker_start, speaker_end, cue_text, cue_start, cue_end) "
                "VALUES ('old', 'q1', 0, 'indirect', 'it', 14, 16, 'Ama Owusu', 0, 9, 'said', 10, 14)")
    con.execute('INSERT INTO places (article_id, ordinal, text, start, "end", name, kind, country, lat, lon, '
                "geonames_id) VALUES ('old', 0, 'Accra', 20, 25, 'Accra', 'city', 'GHA', 5.556, -0.1969, 2306104)")
    con.close()

    with Store(path) as s:
        old = s.get_result("old")
        s.add([sadr_result()])
        assert s.get_result("sadr-1") == sadr_result().to_dict()
        assert s.counts()["quotes"] == 3 and s.counts()["places"] == 3
    assert old["quotes"] == [{"id": "q1", "kind": "indirect", "text": "it", "start": 14, "end": 16,
                              "speaker": {"entity": None, "text": "Ama Owusu", "start": 0, "end": 9},
                              "cue": {"text": "said", "start": 10, "end": 14}, "medium": None, "relay": None}]
    assert old["places"] == [{"text": "Accra", "start": 20, "end": 25, "name": "Accra", "kind": "city",
                              "country": "GHA", "lat": 5.556, "lon": -0.1969, "geonames_id": 2306104,
                              "confidence": None}]

    con = duckdb.connect(str(path))
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    # A migrated store has the columns of a new one, in the same order.
    fresh = duckdb.connect(":memory:")
    ensure_schema(fresh, "mem")
    for table in ("quotes", "places", "events"):
        assert _columns(con, table) == _columns(fresh, table)
    con.close()


def test_parquet_dataset_written_before_version_2_loads_with_nulls(tmp_path: Path) -> None:
    """A cluster run's dataset from before the schema change lacks the v2 columns: it still loads."""
    from eventwire.batch import CodedBatch
    from eventwire.engines.dataset import PartitionState, load_dataset
    from eventwire.store.schema import ADDED_IN

    out = tmp_path / "dataset"
    tables = CodedBatch((sadr_result(),), ()).tables()
    old = {name: data.drop_columns(list(ADDED_IN[2].get(name, ()))) for name, data in tables.items()}
    assert "confidence" not in old["places"].column_names
    state = PartitionState(out, 0, ["input.jsonl"])
    state.commit_chunk(0, 1, old, [])
    state.finish(1)
    assert load_dataset(out, tmp_path / "ew.duckdb").added == 1
    with Store(tmp_path / "ew.duckdb") as s:
        got = s.get_result("sadr-1")
    want = sadr_result().to_dict()
    assert [q["medium"] for q in got["quotes"]] == [None, None]
    assert [p["confidence"] for p in got["places"]] == [None, None]
    assert [{k: v for k, v in q.items() if k not in ("medium", "relay")} for q in got["quotes"]] == \
        [{k: v for k, v in q.items() if k not in ("medium", "relay")} for q in want["quotes"]]


def test_version_1_store_opened_read_only_is_refused_not_half_read(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con, str(path), version=1)
    con.close()
    with pytest.raises(EventwireError, match="needs a migration"):
        Store(path, read_only=True)


def test_read_only_store_reads(tmp_path: Path) -> None:
    path = tmp_path / "ew.duckdb"
    with Store(path) as s:
        s.add(corpus())
    with Store(path, read_only=True) as s:
        assert s.counts()["events"] == 6
        with pytest.raises(EventwireError):
            s.add([simple_result("new", "2020-01-01")])


# -- writing ---------------------------------------------------------------------------------------------


def test_adding_twice_changes_nothing() -> None:
    with Store(":memory:") as s:
        first = s.add(corpus())
        before = s.counts()
        second = s.add(corpus())
        assert s.counts() == before
    assert (first.added, first.skipped) == (3, 0)
    assert (second.added, second.skipped) == (0, 3)
    assert first.rows["events"] == 6 and second.rows["events"] == 0


def test_repeated_id_within_one_call_is_stored_once() -> None:
    with Store(":memory:") as s:
        report = s.add([sadr_result(), sadr_result(), simple_result("b", None)], batch_size=2)
        assert (report.added, report.skipped) == (2, 1)
        assert s.counts()["events"] == 3


def test_unstorable_article_is_reported_and_the_rest_stored() -> None:
    twice = simple_event("ev1", "ASSAULT", None)
    bad = simple_result("bad", "2020-01-01", twice, twice)
    with Store(":memory:") as s:
        report = s.add([bad, simple_result("good", "2020-01-01")])
        assert [a["id"] for a in s.articles()] == ["good"]
    assert report.added == 1
    assert len(report.errors) == 1
    assert report.errors[0].code is ErrorCode.E014_STORE and report.errors[0].source == "bad"
    assert "duplicate event ids" in report.errors[0].message


def test_failing_batch_keeps_earlier_batches_and_no_partial_article(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [simple_result(f"a{i}", "2020-01-01", simple_event("ev1", "ASSAULT", None), quotes=1)
                for i in range(4)]
    real_insert = CoreStore._insert
    quote_inserts = 0

    def fail_on_second_batch_quotes(self: CoreStore, table: str, data: pa.Table) -> None:
        nonlocal quote_inserts
        # Articles, entities, mentions and events of the batch are already in
        # when this raises: the rollback must remove them.
        if table == "quotes":
            quote_inserts += 1
            if quote_inserts == 2:
                raise RuntimeError("disk on fire")
        real_insert(self, table, data)

    with Store(":memory:") as s:
        monkeypatch.setattr(CoreStore, "_insert", fail_on_second_batch_quotes)
        with pytest.raises(EventwireError) as caught:
            s.add(articles, batch_size=2)
        assert caught.value.code is ErrorCode.E014_STORE and "disk on fire" in str(caught.value)
        assert s.counts() == {"articles": 2, "entities": 2, "mentions": 2, "events": 2, "quotes": 2,
                              "relations": 0, "places": 0}
        assert [a["id"] for a in s.articles()] == ["a0", "a1"]
        with pytest.raises(EventwireError):
            s.get_result("a2")

        monkeypatch.setattr(CoreStore, "_insert", real_insert)
        resumed = s.add(articles, batch_size=2)
        assert (resumed.added, resumed.skipped) == (2, 2)
        assert s.counts()["events"] == 4


def test_crash_mid_batch_keeps_committed_batches(tmp_path: Path) -> None:
    """A real crash (the process dies inside a transaction), then a fresh process reads the file."""
    path = tmp_path / "crash.duckdb"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import simple_event, simple_result
        from eventwire.store.core import Store
        real = Store._insert
        def die_on_second_events(self, table, data, calls=[]):
            if table == "events":
                calls.append(1)
                if len(calls) == 2:
                    os._exit(3)
            real(self, table, data)
        Store._insert = die_on_second_events
        s = Store({str(path)!r})
        s.add([simple_result(f"a{{i}}", "2020-01-01", simple_event("ev1", "ASSAULT", None))
               for i in range(4)], batch_size=2)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    with Store(path) as s:
        assert s.counts() == {"articles": 2, "entities": 2, "mentions": 2, "events": 2, "quotes": 0,
                              "relations": 0, "places": 0}


# -- reading ---------------------------------------------------------------------------------------------


def test_round_trip_equals_to_dict() -> None:
    with Store(":memory:") as s:
        s.add(corpus())
        for result in corpus():
            assert s.get_result(result.article.id) == result.to_dict()


def test_round_trip_keeps_offsets_pointing_at_the_text() -> None:
    with Store(":memory:") as s:
        s.add([sadr_result()])
        got = s.get_result("sadr-1")
    text = got["article"]["text"]
    for entity in got["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for event in got["events"]:
        assert text[event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"]
    quote = got["quotes"][0]
    assert text[quote["start"]:quote["end"]] == quote["text"] == "“He must go,”"
    assert text[quote["cue"]["start"]:quote["cue"]["end"]] == "said"


def test_missing_article_is_e016(store: Store) -> None:
    with pytest.raises(EventwireError) as caught:
        store.get_result("nope")
    assert caught.value.code is ErrorCode.E016_NOT_STORED


def test_articles_and_counts(store: Store) -> None:
    assert [a["id"] for a in store.articles()] == ["sadr-1", "afg-1", "undated"]
    assert store.articles()[0] == sadr_result().to_dict()["article"]
    assert [a["id"] for a in store.articles(limit=1)] == ["sadr-1"]
    assert store.counts()["events"] == 6


def test_events_unfiltered_are_contract_events_plus_article_id(store: Store) -> None:
    got = store.events()
    assert len(got) == 6
    first = next(e for e in got if (e["article_id"], e["id"]) == ("sadr-1", "ev2"))
    assert {k: v for k, v in first.items() if k != "article_id"} == sadr_result().to_dict()["events"][1]


def test_filter_by_type(store: Store) -> None:
    assert ids(store.events(type="ASSAULT")) == {("sadr-1", "ev2"), ("afg-1", "ev1"), ("undated", "ev1")}
    assert ids(store.events(type="request")) == {("sadr-1", "ev1"), ("afg-1", "ev2")}


def test_filter_by_actor_text_or_entity_name(store: Store) -> None:
    assert ids(store.events(actor="SADR")) == {("sadr-1", "ev1")}
    # "the militants" names no Taliban; its entity e1 does.
    assert ids(store.events(actor="taliban")) == {("afg-1", "ev1")}
    assert ids(store.events(actor="officials")) == {("sadr-1", "ev3"), ("afg-1", "ev2")}


def test_filter_by_country_of_either_side(store: Store) -> None:
    assert ids(store.events(country="SYR")) == {("sadr-1", "ev1"), ("sadr-1", "ev2")}
    assert ids(store.events(country="usa")) == {("afg-1", "ev1")}
    assert ids(store.events(country="AFG")) == {("afg-1", "ev1"), ("afg-1", "ev2")}


def test_filter_by_dates_with_precision_and_published_fallback(store: Store) -> None:
    # sadr ev1 2017-04-08; ev2 April 2017 (month); ev3 undated -> published 2017-04-09;
    # afg ev1 2018-05-30; ev2 undated -> published 2018-06-01; "undated" has no date at all.
    assert ids(store.events(since="2017-04-09", until="2017-04-09")) == {("sadr-1", "ev2"), ("sadr-1", "ev3")}
    assert ids(store.events(since="2018-06-01")) == {("afg-1", "ev2")}
    assert ids(store.events(until=date(2017, 4, 8))) == {("sadr-1", "ev1"), ("sadr-1", "ev2")}
    assert ids(store.events(since="2018-05")) == {("afg-1", "ev1"), ("afg-1", "ev2")}
    assert ids(store.events(since="2017-04-30", until="2018-05-29")) == {("sadr-1", "ev2")}


def test_filters_combine_and_limit(store: Store) -> None:
    assert ids(store.events(type="ASSAULT", country="AFG", since="2018")) == {("afg-1", "ev1")}
    assert len(store.events(limit=2)) == 2
    assert store.events(limit=0) == []
    with pytest.raises(ValueError):
        store.events(limit=-1)
    with pytest.raises(ValueError):
        store.events(since="last tuesday")


def test_hostile_filter_values_are_data_not_sql(store: Store) -> None:
    before = store.counts()
    assert store.events(actor=HOSTILE) == []
    assert store.events(type=HOSTILE) == []
    assert store.events(country=HOSTILE) == []
    with pytest.raises(EventwireError):
        store.get_result(HOSTILE)
    assert store.counts() == before
    # A wildcard is a character to find, not a pattern.
    assert store.events(actor="%") == []
    # And the same string, stored as an actor, is found as itself.
    hostile = simple_result(HOSTILE, "2021-01-01",
                            simple_event("ev1", "THREATEN", Participant(None, "x" + HOSTILE, None)))
    store.add([hostile])
    assert ids(store.events(actor=HOSTILE)) == {(HOSTILE, "ev1")}
    assert store.get_result(HOSTILE) == hostile.to_dict()


@pytest.mark.parametrize(("value", "precision", "published", "expected"), [
    ("2017-04-08", "day", None, (date(2017, 4, 8), date(2017, 4, 8))),
    ("2017-04", "month", None, (date(2017, 4, 1), date(2017, 4, 30))),
    ("2016-02-01", "month", None, (date(2016, 2, 1), date(2016, 2, 29))),
    ("2017", "year", "2017-05-01", (date(2017, 1, 1), date(2017, 12, 31))),
    (None, None, "2017-04-09", (date(2017, 4, 9), date(2017, 4, 9))),
    ("soon", "day", "2017-04-09", (date(2017, 4, 9), date(2017, 4, 9))),
    (None, None, None, (None, None)),
])
def test_period(value: str | None, precision: str | None, published: str | None,
                expected: tuple[date | None, date | None]) -> None:
    assert period(value, precision, published) == expected
