"""The DuckDB schema: one table per record kind, a version in `meta`, migrations.

Each table is declared once as a tuple of `Column`s; the DDL and the Arrow
schema used for bulk inserts are both derived from that declaration, so the two
cannot drift apart. Column names follow the contract, with nested objects
flattened as ``<object>_<field>`` (``actor_text``, ``trigger_start``, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

import duckdb
import pyarrow as pa

from eventwire import __version__
from eventwire.errors import ErrorCode, EventwireError

# Bump when a table changes, and add the step from the old number to MIGRATIONS.
# 1: the first release. 2: quotes.medium_* and quotes.relay_*, places.confidence.
SCHEMA_VERSION = 2

Migration = Callable[[duckdb.DuckDBPyConnection], None]


@dataclass(frozen=True)
class Column:
    name: str
    sql: str
    arrow: pa.DataType
    not_null: bool = False


def _text(name: str, not_null: bool = False) -> Column:
    return Column(name, "VARCHAR", pa.string(), not_null)


def _int(name: str, not_null: bool = False) -> Column:
    return Column(name, "BIGINT", pa.int64(), not_null)


def _float(name: str) -> Column:
    return Column(name, "DOUBLE", pa.float64())


def _texts(name: str) -> Column:
    return Column(name, "VARCHAR[]", pa.list_(pa.string()))


def _date(name: str) -> Column:
    return Column(name, "DATE", pa.date32())


def _participant(side: str) -> tuple[Column, ...]:
    return (_text(f"{side}_entity"), _text(f"{side}_text"), _text(f"{side}_country"),
            _texts(f"{side}_sectors"))


def _count(kind: str) -> tuple[Column, ...]:
    return (_int(f"{kind}_min"), _int(f"{kind}_max"), _text(f"{kind}_text"))


# `ordinal` is the record's position in its article's list: it keeps the
# contract's order for the round trip, and is the key of records without an id.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        _text("id", True),
        _text("url"),
        _text("title"),
        _text("outlet"),
        _text("published"),
        _text("language"),
        _text("text"),
    ),
    "entities": (
        _text("article_id", True),
        _text("id", True),
        _int("ordinal", True),
        _text("name"),
        _text("kind"),
        _text("country"),
        _texts("sectors"),
        _text("kb_id"),
    ),
    "mentions": (
        _text("article_id", True),
        _text("entity_id", True),
        _int("ordinal", True),
        _int("start"),
        _int("end"),
        _text("text"),
    ),
    "events": (
        _text("article_id", True),
        _text("id", True),
        _int("ordinal", True),
        _text("type"),
        _text("mode"),
        _texts("contexts"),
        _text("cameo"),
        _int("quad_class"),
        _float("goldstein"),
        *_participant("actor"),
        *_participant("recipient"),
        _text("trigger_text"),
        _int("trigger_start"),
        _int("trigger_end"),
        _int("sentence_index"),
        _int("sentence_start"),
        _int("sentence_end"),
        _text("date_value"),
        _text("date_precision"),
        _text("date_text"),
        _text("date_basis"),
        _text("location_name"),
        _text("location_text"),
        _text("location_country"),
        _text("location_admin1"),
        _float("location_lat"),
        _float("location_lon"),
        _int("location_geonames_id"),
        *_count("fatalities"),
        *_count("injured"),
        _text("status"),
        _text("reported_by"),
        _float("confidence"),
        # Derived, not in the contract: the days the event may fall on (from
        # date_value and its precision, else the article's published day), so
        # that date filters are plain indexed comparisons.
        _date("period_start"),
        _date("period_end"),
    ),
    "quotes": (
        _text("article_id", True),
        _text("id", True),
        _int("ordinal", True),
        _text("kind"),
        _text("text"),
        _int("start"),
        _int("end"),
        _text("speaker_entity"),
        _text("speaker_text"),
        _int("speaker_start"),
        _int("speaker_end"),
        _text("cue_text"),
        _int("cue_start"),
        _int("cue_end"),
        # Version 2. Columns a migration adds go last, so that a migrated store and a
        # new one have the same column order.
        _text("medium_text"),
        _int("medium_start"),
        _int("medium_end"),
        _text("relay_entity"),
        _text("relay_text"),
        _int("relay_start"),
        _int("relay_end"),
    ),
    "relations": (
        _text("article_id", True),
        _int("ordinal", True),
        _text("subject"),
        _text("predicate"),
        _text("object"),
        _int("start"),
        _int("end"),
        _text("text"),
    ),
    "places": (
        _text("article_id", True),
        _int("ordinal", True),
        _text("text"),
        _int("start"),
        _int("end"),
        _text("name"),
        _text("kind"),
        _text("country"),
        _float("lat"),
        _float("lon"),
        _int("geonames_id"),
        _float("confidence"),  # version 2
    ),
}

# Columns each version added, by table: the migration to that version adds them (NULL in
# the rows already stored: a v1 store knew no medium, relay or place confidence).
ADDED_IN: dict[int, dict[str, tuple[str, ...]]] = {
    2: {"quotes": ("medium_text", "medium_start", "medium_end", "relay_entity", "relay_text", "relay_start",
                   "relay_end"),
        "places": ("confidence",)},
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("id",),
    "entities": ("article_id", "id"),
    "mentions": ("article_id", "entity_id", "ordinal"),
    "events": ("article_id", "id"),
    "quotes": ("article_id", "id"),
    "relations": ("article_id", "ordinal"),
    "places": ("article_id", "ordinal"),
}

ARROW_SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([pa.field(c.name, c.arrow, nullable=not c.not_null) for c in columns])
    for table, columns in TABLES.items()
}


def _add_columns(version: int, con: duckdb.DuckDBPyConnection) -> None:
    """The migration to `version`: ALTER TABLE ADD COLUMN for each column it added."""
    for table, names in ADDED_IN[version].items():
        by_name = {c.name: c for c in TABLES[table]}
        for name in names:
            con.execute(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(name)} {by_name[name].sql}")


# MIGRATIONS[v] turns a version-v store into a version v+1 store; `ensure_schema` runs
# each step in its own transaction.
MIGRATIONS: Mapping[int, Migration] = {1: partial(_add_columns, 2)}


def quote(identifier: str) -> str:
    """Quote a column or table name (``end`` is an SQL keyword). Never for user values."""
    return '"' + identifier.replace('"', '""') + '"'


def column_list(table: str, prefix: str = "") -> str:
    return ", ".join(prefix + quote(c.name) for c in TABLES[table])


def columns_at(table: str, version: int = SCHEMA_VERSION) -> tuple[Column, ...]:
    """The table's columns as schema `version` had them (later additions left out)."""
    later = {name for v, added in ADDED_IN.items() if v > version for name in added.get(table, ())}
    return tuple(c for c in TABLES[table] if c.name not in later)


def create_statements(version: int = SCHEMA_VERSION) -> list[str]:
    """DDL of a new store at `version` (an older one only to build test stores)."""
    statements = ["CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"]
    for table in TABLES:
        columns = columns_at(table, version)
        cols = [f"{quote(c.name)} {c.sql}{' NOT NULL' if c.not_null else ''}" for c in columns]
        cols.append(f"PRIMARY KEY ({', '.join(quote(k) for k in PRIMARY_KEYS[table])})")
        statements.append(f"CREATE TABLE {quote(table)} ({', '.join(cols)})")
        if table != "articles":
            # DuckDB's planner only turns single-column ART indexes into index
            # scans, so the composite key does not serve `WHERE article_id = ?`;
            # without this, get_result scans whole tables (14 ms at 1M rows, 1 ms with it).
            statements.append(f"CREATE INDEX {quote(table + '_article_id')} ON {quote(table)} (article_id)")
    return statements


def _existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {name for (name,) in rows}


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The schema version written in `meta`, or None for a database without one."""
    if "meta" not in _existing_tables(con):
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return None if row is None else int(row[0])


def ensure_schema(
    con: duckdb.DuckDBPyConnection,
    source: str,
    *,
    read_only: bool = False,
    version: int = SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
) -> None:
    """Create the schema in an empty database, or bring an older one up to `version`.

    Refuses (E015) a store written by a newer eventwire, a store with no
    migration path, and a database that holds other tables but no `meta`
    (someone else's file: writing into it would mix two schemas).
    """
    found = stored_version(con)
    if found is None:
        clash = _existing_tables(con) & ({"meta"} | set(TABLES))
        if clash:
            raise EventwireError(
                ErrorCode.E015_SCHEMA_VERSION, source, found="none", supported=version,
                detail=f"tables {sorted(clash)} exist but no schema_version is recorded",
            )
        if read_only:
            raise EventwireError(
                ErrorCode.E015_SCHEMA_VERSION, source, found="none", supported=version,
                detail="the database is empty and was opened read-only",
            )
        _in_transaction(con, partial(_create, con, version))
        return
    if found > version:
        raise EventwireError(
            ErrorCode.E015_SCHEMA_VERSION, source, found=found, supported=version,
            detail="it was written by a newer eventwire; upgrade eventwire to open it",
        )
    if found < version and read_only:
        raise EventwireError(
            ErrorCode.E015_SCHEMA_VERSION, source, found=found, supported=version,
            detail="it needs a migration, which a read-only store cannot run",
        )
    for step in range(found, version):
        migrate = migrations.get(step)
        if migrate is None:
            raise EventwireError(
                ErrorCode.E015_SCHEMA_VERSION, source, found=found, supported=version,
                detail=f"no migration from version {step} to {step + 1}",
            )
        # One transaction per step: a failed step leaves the store at the
        # previous, consistent version rather than half-migrated.
        _in_transaction(con, partial(_migrate_step, con, migrate, step + 1))


def _create(con: duckdb.DuckDBPyConnection, version: int) -> None:
    for statement in create_statements(min(version, SCHEMA_VERSION)):
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_by', ?)",
                [str(version), f"eventwire {__version__}"])


def _migrate_step(con: duckdb.DuckDBPyConnection, migrate: Migration, version: int) -> None:
    migrate(con)
    _set_version(con, version)


def _set_version(con: duckdb.DuckDBPyConnection, version: int) -> None:
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])


def _in_transaction(con: duckdb.DuckDBPyConnection, work: Callable[[], object]) -> None:
    con.begin()
    try:
        work()
    except BaseException:
        con.rollback()
        raise
    con.commit()
