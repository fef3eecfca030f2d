"""`create_app`: the FastAPI app over one store file: JSON API, web explorer, static assets."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import __version__
from eventwire.errors import ErrorCode, EventwireError
from eventwire.store.browse import Browse
from eventwire.web import charts, docs_page, event_pages, extract_api, record_pages
from eventwire.web.pool import StorePool
from eventwire.web.security import SecurityMiddleware
from eventwire.web.twins import json_response, render


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or request.method != "GET" or "text/html" not in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str, detail: object = None) -> Response:
    if _wants_json(request):
        body: dict[str, object] = {"status": status, "message": message}
        if detail is not None:
            body["detail"] = detail
        return json_response({"error": body}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def create_app(db_path: str | Path, token: str | None = None, *, pool_size: int = 8,
               max_extract_bytes: int = extract_api.DEFAULT_MAX_BYTES) -> FastAPI:
    """The app over the DuckDB store at `db_path`, opened read-only.

    With a `token`, every request must carry it (``Authorization: Bearer``,
    the ``X-Eventwire-Token`` header, or ``?token=`` once, which sets a cookie).
    """
    path = Path(db_path)
    if not path.exists():
        raise EventwireError(ErrorCode.E001_NOT_FOUND, str(path))
    pool = StorePool(path, size=pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Political events coded from news text, with the evidence for every field. "
                  "Every HTML page has a JSON twin at the same path plus `.json`.")
    app.state.pool = pool
    with pool.borrow() as store:
        app.state.event_types = Browse(store).types()
    app.state.max_extract_bytes = max_extract_bytes
    # One coding at a time per app: the spaCy pipeline is shared, and a burst of
    # large posts should queue rather than pile up in memory.
    app.state.extract_lock = threading.Lock()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")}
                    for e in exc.errors()]
        message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
        return _error(request, 422, message, problems)

    @app.get("/", include_in_schema=False)
    def root(request: Request) -> Response:
        with pool.borrow() as store:
            return render(request, "home.html", record_pages.home_page(request, Browse(store)))

    @app.get("/types.css", include_in_schema=False)
    def type_colours() -> Response:
        # Generated from the one palette the SVG pictures use, so badges and bars agree.
        return Response(charts.palette_css(), media_type="text/css",
                        headers={"cache-control": "public, max-age=3600"})

    for module in (event_pages, record_pages, extract_api, docs_page):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("eventwire.web", "static")]), name="static")
    # Outermost, so that refused requests and error pages get the security headers too.
    app.add_middleware(SecurityMiddleware, token=token)
    return app
