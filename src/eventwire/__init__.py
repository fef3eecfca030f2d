"""eventwire: political event data from news text, with sources.

    import eventwire
    result = eventwire.extract(text, published="2017-04-09")
    with eventwire.Store("eventwire.duckdb") as store:
        store.add([result])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The `extract` subpackage shares its name with the `extract` function below. Importing it
# here, before the function is defined, makes the function the name that stays: Python binds
# a subpackage onto its parent only when it is first imported.
import eventwire.extract as _extract_subpackage  # noqa: F401

__version__ = "0.1.0"

if TYPE_CHECKING:
    from eventwire.model import ArticleResult
    from eventwire.store import Store


def extract(text: str, published: str | None = None, title: str | None = None, url: str | None = None,
            outlet: str | None = None) -> ArticleResult:
    """Code one article (its body text) and return the contract's records."""
    from eventwire.pipeline import extract as _extract

    return _extract(text, published=published, title=title, url=url, outlet=outlet)


def __getattr__(name: str) -> Any:
    # Store is imported lazily so that `import eventwire` stays fast for the CLI.
    if name == "Store":
        from eventwire.store import Store

        return Store
    raise AttributeError(name)


__all__ = ["Store", "__version__", "extract"]
