"""``POST /extract``: code posted text with the pipeline and return the contract JSON, storing nothing."""

from __future__ import annotations

import json
import threading
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from eventwire.errors import EventwireError
from eventwire.web.twins import json_response

router = APIRouter()

DEFAULT_MAX_BYTES = 1_000_000
FIELDS = ("text", "published", "title", "url", "outlet")

REQUEST_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {
                "type": "object", "required": ["text"],
                "properties": {
                    "text": {"type": "string", "description": "the article body"},
                    "published": {"type": "string", "description": "YYYY-MM-DD, anchors relative dates"},
                    "title": {"type": "string"}, "url": {"type": "string"}, "outlet": {"type": "string"},
                }}},
            "text/plain": {"schema": {"type": "string", "description": "the article body alone"}},
        },
    }
}


async def _read_limited(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes (Content-Length or not)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPException(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise HTTPException(413, f"body of {declared} bytes is over the limit of {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"body is over the limit of {limit} bytes")
    return bytes(body)


def _fields(body: bytes, content_type: str) -> dict[str, str | None]:
    """The coding inputs from a JSON object or a plain-text body (400/415 when neither)."""
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "body is not valid UTF-8") from exc
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "text/plain":
        return {"text": decoded}
    if media not in ("application/json", ""):
        raise HTTPException(415, f"send application/json or text/plain, not {media!r}")
    try:
        payload = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise HTTPException(400, f"body is not valid JSON: {exc.msg} at character {exc.pos}") from exc
    if not isinstance(payload, dict):
        raise HTTPException(400, "body must be a JSON object with a 'text' field")
    unknown = sorted(set(payload) - set(FIELDS))
    if unknown:
        raise HTTPException(400, f"unknown fields {unknown}; allowed: {list(FIELDS)}")
    for name in FIELDS:
        value = payload.get(name)
        if value is not None and not isinstance(value, str):
            raise HTTPException(400, f"field {name!r} must be a string")
    if not isinstance(payload.get("text"), str):
        raise HTTPException(400, "field 'text' is required")
    return {name: payload.get(name) for name in FIELDS}


def _code(fields: dict[str, str | None], lock: threading.Lock) -> dict[str, Any]:
    from eventwire.pipeline import extract

    with lock:
        result = extract(fields["text"] or "", published=fields.get("published"), title=fields.get("title"),
                         url=fields.get("url"), outlet=fields.get("outlet"))
    return result.to_dict()


@router.post("/extract", summary="Code posted text (not stored)", openapi_extra=REQUEST_SCHEMA,
             response_class=Response)
async def extract_endpoint(request: Request) -> Response:
    """Runs the pipeline on the posted article and returns one object in the output contract's shape.
    Nothing is stored. 413 over the size limit, 400 for a malformed body, 415 for another media type,
    422 when the text cannot be coded (empty after cleaning, a bad `published` date, ...)."""
    limit: int = request.app.state.max_extract_bytes
    body = await _read_limited(request, limit)
    fields = _fields(body, request.headers.get("content-type", ""))
    try:
        coded = await run_in_threadpool(_code, fields, request.app.state.extract_lock)
    except EventwireError as exc:
        return json_response({"error": {"status": 422, "code": f"E{exc.code.number:03d}",
                                        "message": exc.message}}, status_code=422)
    return json_response(coded)
