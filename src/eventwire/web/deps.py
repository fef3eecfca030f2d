"""FastAPI dependencies: a borrowed store per request."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import HTTPException, Request

from eventwire.store.browse import Browse
from eventwire.web.pool import PoolExhausted, StorePool


def browse(request: Request) -> Iterator[Browse]:
    """A `Browse` over a store borrowed from the app's pool for this request only."""
    pool: StorePool = request.app.state.pool
    try:
        with pool.borrow() as store:
            yield Browse(store)
    except PoolExhausted as exc:
        raise HTTPException(503, str(exc)) from exc
