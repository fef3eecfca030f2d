"""``/docs``: the API described from its OpenAPI schema, as a plain page.

FastAPI's own /docs loads Swagger UI from a CDN; the explorer must work
offline, so this page renders the same schema (also at ``/openapi.json``)
on the server instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from eventwire.web.twins import json_response, render

router = APIRouter()


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema's operations as a list, for the page and its JSON twin."""
    operations = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, op in methods.items():
            params = [{"name": p.get("name"), "in": p.get("in"), "required": bool(p.get("required")),
                       "description": p.get("description") or "",
                       "type": (p.get("schema") or {}).get("type")
                       or " | ".join(str(s.get("type")) for s in (p.get("schema") or {}).get("anyOf", []))}
                      for p in op.get("parameters", [])]
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary") or "",
                               "description": op.get("description") or "", "parameters": params})
    return {"title": schema.get("info", {}).get("title"), "version": schema.get("info", {}).get("version"),
            "operations": operations}


@router.get("/docs", include_in_schema=False)
def docs_html(request: Request) -> Response:
    return render(request, "docs.html", describe(request.app.openapi()))


@router.get("/docs.json", include_in_schema=False)
def docs_json(request: Request) -> Response:
    return json_response(describe(request.app.openapi()))
