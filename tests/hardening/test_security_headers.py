"""Security headers on every answer; auth answers never cached; no /docs in production."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.main import create_app


def production(settings: Settings, **extra: object) -> Settings:
    return Settings(
        env="production",
        database_url=settings.database_url,
        secret_keys="k1:a-real-production-secret",
        sms_gateway="http",
        sms_http_url="http://127.0.0.1:9/sms",
        email_gateway="smtp",
        jwt_private_keys="(not read by these tests)",
        public_url="https://dnevnik.example.ru",
        log_json=False,
        **extra,  # type: ignore[arg-type]
    )


async def _client(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], dist: Path | None = None
) -> AsyncClient:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    app.state.frontend_dist = dist
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    return AsyncClient(transport=transport, base_url="http://t")


@pytest.fixture
async def prod(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[AsyncClient]:
    async with await _client(production(settings), sessionmaker) as client:
        yield client


async def test_every_answer_carries_the_security_headers(client: AsyncClient) -> None:
    for response in (
        await client.get("/api/v1/health"),
        await client.get("/api/v1/no-such-route"),
        await client.post("/api/v1/auth/login", json={"login": "x", "password": "y"}),
    ):
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self';" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        # HSTS only in production: a developer's http://127.0.0.1 must keep working.
        assert "strict-transport-security" not in response.headers


async def test_auth_answers_are_never_cached(client: AsyncClient) -> None:
    refused = await client.post("/api/v1/auth/login", json={"login": "x", "password": "y"})
    invalid = await client.post("/api/v1/auth/refresh", json={})

    assert refused.status_code == 401
    assert refused.headers["cache-control"] == "no-store"
    assert invalid.headers["cache-control"] == "no-store"


async def test_production_adds_hsts_and_hides_the_docs(prod: AsyncClient) -> None:
    health = await prod.get("/api/v1/health")
    docs = await prod.get("/docs")
    redoc = await prod.get("/redoc")

    assert health.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert docs.status_code == 404
    assert redoc.status_code == 404


async def test_docs_can_be_enabled_in_production(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with await _client(production(settings, api_docs=True), sessionmaker) as client:
        docs = await client.get("/docs")

    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    # Swagger UI needs its CDN and an inline bootstrap: the SPA's policy would break it.
    assert "content-security-policy" not in docs.headers


async def test_docs_are_on_in_development(client: AsyncClient) -> None:
    assert (await client.get("/docs")).status_code == 200


def test_the_spa_page_has_no_inline_script() -> None:
    """The CSP forbids inline scripts: the page the browser gets must not need one."""
    index = Path(__file__).resolve().parents[2] / "frontend" / "index.html"
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", index.read_text(), re.S)

    assert scripts
    assert all("src=" in attrs and not body.strip() for attrs, body in scripts)


async def test_spa_pages_get_the_policy_too(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Дневник</title>")
    async with await _client(settings, sessionmaker, tmp_path) as client:
        page = await client.get("/students/1/diary")

    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-cache"
