"""The HTTP API and web explorer: `create_app(db_path, token=None)` and `serve(...)`."""

from __future__ import annotations

from eventwire.web.app import create_app
from eventwire.web.serve import serve

__all__ = ["create_app", "serve"]
