"""The Python API named in the README: `eventwire.extract` and `eventwire.Store`."""

from __future__ import annotations

import importlib


def test_extract_stays_the_function_after_the_extract_subpackage_is_imported():
    import eventwire

    first = eventwire.extract("France condemned Russia on Monday.", published="2020-06-15")
    # Importing a module of the subpackage of the same name must not replace the function.
    importlib.import_module("eventwire.extract.events")
    second = eventwire.extract("France condemned Russia on Monday.", published="2020-06-15")
    assert callable(eventwire.extract)
    assert [e.type for e in first.events] == [e.type for e in second.events] == ["ACCUSE"]


def test_store_is_importable_from_the_package(tmp_path):
    import eventwire

    result = eventwire.extract("Kenya expelled two Ugandan diplomats on Friday.", published="2020-06-15")
    with eventwire.Store(str(tmp_path / "api.duckdb")) as store:
        store.add([result])
        assert store.known_ids([result.article.id]) == {result.article.id}
