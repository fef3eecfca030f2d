"""Every page twice: HTML for people, ``.json`` for programs, from one function.

A page function takes the request and its query parameters and returns plain
data; `twin` registers it at ``PATH.json`` (JSON, listed in the OpenAPI schema)
and at ``PATH`` (rendered with a Jinja template). The JSON is exactly the data
the template saw, so the HTML shows nothing the API cannot give.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from eventwire import __version__
from eventwire.store.browse import Page
from eventwire.web import charts, worldmap

PageFn = Callable[..., dict[str, Any]]


def _plain(value: Any) -> Any:
    if isinstance(value, Page):
        return dataclasses.asdict(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(data: Any, status_code: int = 200) -> Response:
    # Dumped directly: FastAPI's jsonable_encoder walks every value first and
    # costs more than the query on a page of events.
    body = json.dumps(data, ensure_ascii=False, default=_plain, separators=(",", ":"))
    return Response(body, status_code=status_code, media_type="application/json")


def url(path: str, params: Mapping[str, Any] | None = None, **more: Any) -> str:
    """`path` with the non-empty parameters as a query string (both escaped for a URL)."""
    merged = {**(params or {}), **more}
    kept = [(k, v) for k, v in merged.items() if v is not None and v != ""]
    return quote(path, safe="/%") + (("?" + urlencode(kept)) if kept else "")


def article_url(article_id: str, anchor: str | None = None) -> str:
    return "/articles/" + quote(article_id, safe="") + (("#" + quote(anchor, safe="-_")) if anchor else "")


def page_links(request: Request, page: Page) -> dict[str, Any]:
    """A page's items with its paging and links to the neighbouring pages (same path, same filters)."""
    params = dict(request.query_params)

    def at(offset: int) -> str:
        return url(request.url.path, {**params, "offset": offset or None, "limit": page.limit})

    nxt = page.offset + page.limit
    prev = max(0, page.offset - page.limit)
    return {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset,
            "next": at(nxt) if nxt < page.total else None,
            "prev": at(prev) if page.offset > 0 else None}


@functools.cache
def templates() -> Environment:
    """The Jinja environment: autoescape on for every template, so every value is escaped."""
    env = Environment(loader=PackageLoader("eventwire.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=url, article_url=article_url, version=__version__, type_colour=charts.type_colour,
                       TYPES=charts.PLOVER_TYPES, outlines=worldmap.outlines)
    return env


def render(request: Request, template: str, data: Mapping[str, Any], status_code: int = 200,
           view: Mapping[str, Any] | None = None) -> HTMLResponse:
    """`template` with the page's data, and `view`: what only the HTML needs (highlighted text, ...)."""
    path = request.url.path
    twin_url = url(path + ".json", dict(request.query_params))
    html = templates().get_template(template).render(data=data, view=view or {}, request_path=path,
                                                    json_url=twin_url, query=dict(request.query_params))
    return HTMLResponse(html, status_code=status_code)


def twin(router: APIRouter, path: str, template: str, summary: str,
         view: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Callable[[PageFn], PageFn]:
    """Register `fn` at ``path + '.json'`` and at `path` (the JSON route first, so that a
    path parameter in `path` does not swallow the ``.json`` suffix)."""

    def register(fn: PageFn) -> PageFn:
        # Resolved annotations: FastAPI would otherwise look the string annotations
        # up in this module's globals instead of the page module's.
        signature = inspect.signature(fn, eval_str=True)

        @functools.wraps(fn)
        def as_json(*args: Any, **kwargs: Any) -> Response:
            return json_response(fn(*args, **kwargs))

        @functools.wraps(fn)
        def as_html(*args: Any, **kwargs: Any) -> Response:
            data = fn(*args, **kwargs)
            return render(kwargs["request"], template, data, view=view(data) if view else None)

        for endpoint in (as_json, as_html):
            endpoint.__signature__ = signature  # type: ignore[attr-defined]
        router.add_api_route(path + ".json", as_json, methods=["GET"], summary=summary,
                             description=inspect.getdoc(fn) or "", response_class=Response)
        router.add_api_route(path, as_html, methods=["GET"], include_in_schema=False, response_class=HTMLResponse)
        return fn

    return register
