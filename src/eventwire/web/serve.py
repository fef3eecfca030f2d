"""`serve`: run the app with uvicorn, refusing to listen beyond loopback without a token."""

from __future__ import annotations

import ipaddress
from pathlib import Path


class TokenRequired(ValueError):
    """Listening on a non-loopback address without a token would open the store to the network."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost: could be any interface


def check_binding(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise TokenRequired(f"binding {host} (not loopback) needs --token or EVENTWIRE_TOKEN: every request "
                            "will then have to carry it")


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          log_level: str = "info") -> None:
    """Serve the store at `db` until interrupted."""
    import uvicorn

    from eventwire.web.app import create_app

    check_binding(host, token)
    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level == "debug")
