"""The DuckDB store: schema, migrations, idempotent bulk writes, queries.

A package rather than one module because the table declarations, the
flattening of the contract into rows and its rebuilding from rows are each a
screen of code of their own:

- `schema`: tables, version, migrations
- `rows`: ArticleResult -> Arrow tables
- `shape`: rows -> contract dicts
- `core`: `Store` and `AddReport`
"""

from __future__ import annotations

from eventwire.store.core import AddReport, Store
from eventwire.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "AddReport", "Store"]
