"""The access token check and the security headers, as one plain ASGI middleware.

Plain ASGI rather than Starlette's BaseHTTPMiddleware: it adds no task per
request and leaves streaming responses alone.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "eventwire_token"

# Pages load only their own stylesheet and images; no script runs anywhere except
# on /docs, which draws its page from the OpenAPI schema with no script either.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def token_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so response timing tells nothing about the token."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _presented(scope: Scope) -> tuple[str | None, bool]:
    """The token the request carries, and whether it came in the query string."""
    auth = _header(scope, b"authorization")
    if auth and auth[:7].lower() == "bearer ":
        return auth[7:].strip(), False
    header = _header(scope, b"x-eventwire-token")
    if header:
        return header, False
    cookie = _header(scope, b"cookie")
    if cookie:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(cookie)
        except Exception:  # a malformed Cookie header is just no cookie
            jar = SimpleCookie()
        if COOKIE in jar:
            return jar[COOKIE].value, False
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == "token":
            return value, True
    return None, False


class SecurityMiddleware:
    """Adds the security headers; with a token, refuses requests that do not carry it.

    A browser can present the token once as ``?token=...``: the reply sets it as
    an HttpOnly cookie and redirects to the same URL without it, so the token
    does not stay in the address bar or the history.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.token is not None:
            given, in_query = _presented(scope)
            if not token_matches(given, self.token):
                await _refuse(send)
                return
            if in_query and scope.get("method") in ("GET", "HEAD"):
                await _redirect_with_cookie(scope, send, self.token)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {bytes(k).lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in HEADERS if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send) -> None:
    body = json.dumps({"error": {"status": 401, "message": "a valid token is required: send "
                                 "'Authorization: Bearer TOKEN', or open any page once with ?token=TOKEN"}})
    await send({"type": "http.response.start", "status": 401,
                "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer"),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": body.encode()})


async def _redirect_with_cookie(scope: Scope, send: Send, token: str) -> None:
    kept = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            if k != "token"]
    location = quote(scope.get("root_path", "") + scope["path"]) + (("?" + urlencode(kept)) if kept else "")
    jar: SimpleCookie = SimpleCookie()
    jar[COOKIE] = token
    jar[COOKIE]["httponly"] = True
    jar[COOKIE]["samesite"] = "Strict"
    jar[COOKIE]["path"] = "/"
    cookie = jar[COOKIE].OutputString()
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("utf-8")), (b"set-cookie", cookie.encode("latin-1")),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": b""})
