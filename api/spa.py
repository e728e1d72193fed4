"""Serves the built SPA at ``/`` with history fallback, so deep links survive a reload.

It is not a route: a catch-all GET route would turn ``POST /api/v1/unknown`` into a 405.
Instead the 404 handler asks ``spa_response`` first, for GET/HEAD outside the API.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import FileResponse

# Paths that belong to the API: an unknown one is a problem+json 404, never index.html.
_API_PREFIXES = ("/api/", "/.well-known/", "/oauth/", "/ims/", "/docs", "/redoc", "/openapi.json")


def spa_response(request: Request) -> FileResponse | None:
    dist: Path | None = getattr(request.app.state, "frontend_dist", None)
    path = request.url.path
    if dist is None or request.method not in ("GET", "HEAD"):
        return None
    if path == "/api" or path.startswith(_API_PREFIXES):
        return None
    index = dist / "index.html"
    if not index.is_file():
        return None
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return None  # no file has such a name (``/index.html%00.png``): a 404, not a crash
    try:
        candidate = (dist / path.lstrip("/")).resolve()
    except (OSError, ValueError):
        return None
    if candidate.is_file() and candidate.is_relative_to(dist.resolve()):
        # Hashed assets never change; everything else is revalidated on every load.
        immutable = path.startswith("/assets/")
        cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return FileResponse(candidate, headers={"Cache-Control": cache})
    return FileResponse(index, headers={"Cache-Control": "no-cache"})
