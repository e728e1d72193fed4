"""Security headers on every answer. Pure ASGI (no BaseHTTPMiddleware).

* ``Content-Security-Policy``: scripts, styles and connections from our own origin only —
  no inline script (the built SPA has none: Vite emits module files), no framing
  (``frame-ancestors 'none'``, with ``X-Frame-Options: DENY`` for old browsers).
  ``/docs`` and ``/redoc`` load Swagger UI/ReDoc from a CDN with an inline bootstrap, so
  they get no CSP; they are off in production unless ``EDUDIARY_API_DOCS=true``.
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (secret calendar
  URLs and ids must not leak to other sites through links).
* ``Strict-Transport-Security`` in production only (a developer's http://127.0.0.1 must
  keep working).
* ``Cache-Control: no-store`` on every ``/api/v1/auth/`` answer (tokens, codes, errors
  alike) and on any other API answer that does not choose its own caching: the API serves
  personal data, which no shared or browser cache should keep.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
_DOCS_PREFIXES = ("/docs", "/redoc")
_AUTH_PREFIX = "/api/v1/auth/"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        fixed: list[tuple[bytes, bytes]] = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]
        if not path.startswith(_DOCS_PREFIXES):
            fixed.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
        if self.hsts:
            fixed.append((b"strict-transport-security", HSTS.encode()))
        is_auth = path.startswith(_AUTH_PREFIX)
        is_api = path.startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                added = [(n, v) for n, v in fixed if n not in names]
                if is_auth:
                    # Tokens and codes: nothing may keep them, whatever the route said.
                    headers = [(n, v) for n, v in headers if n.lower() != b"cache-control"]
                    added.append((b"cache-control", b"no-store"))
                elif is_api and b"cache-control" not in names:
                    added.append((b"cache-control", b"no-store"))
                message["headers"] = headers + added
            await send(message)

        await self.app(scope, receive, send_with_headers)
