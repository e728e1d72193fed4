"""Every error is problem+json: unknown routes, wrong methods, bad input, crashes."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Query
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.errors import Conflict, FieldError
from api.i18n import Text, negotiate
from api.main import create_app


async def test_unknown_route_is_problem_json_404_in_russian(client: AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "not_found"
    assert body["status"] == 404
    assert body["title"] == "Не найдено"
    assert body["type"] == "urn:edudiary:problem:not_found"
    assert body["request_id"] == response.headers["x-request-id"]


async def test_unknown_route_in_english_when_asked(client: AsyncClient) -> None:
    response = await client.get("/api/v1/no-such-thing", headers={"Accept-Language": "en-US,en"})

    assert response.json()["title"] == "Not found"
    assert response.headers["content-language"] == "en"


async def test_unknown_post_under_api_is_404_not_405(client: AsyncClient) -> None:
    response = await client.post("/api/v1/no-such-thing", json={})

    assert response.status_code == 404


async def test_wrong_method_is_problem_json_405(client: AsyncClient) -> None:
    response = await client.delete("/api/v1/health")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def _app_with_probe_routes(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncClient:
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    router = APIRouter(prefix="/api/v1/_probe", tags=["probe"])

    @router.get("/crash")
    async def crash() -> None:
        raise RuntimeError("boom with phone +7 999 123-45-67")

    @router.get("/conflict")
    async def conflict() -> None:
        raise Conflict(
            code="already_exists",
            detail=Text("Такая запись уже есть", "Already exists"),
            errors=[FieldError("snils", "snils_taken", Text("СНИЛС уже занят", "SNILS taken"))],
        )

    @router.get("/number")
    async def number(n: Annotated[int, Query(ge=1)]) -> int:
        return n

    app.include_router(router)
    return AsyncClient(
        transport=ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    )


async def test_crash_is_500_problem_without_traceback(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with _app_with_probe_routes(settings, sessionmaker) as client:
        response = await client.get("/api/v1/_probe/crash")

    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "internal_error"
    assert "boom" not in response.text
    assert "Traceback" not in response.text
    assert "номер запроса" in body["detail"]


async def test_app_error_carries_field_errors_in_both_languages(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with _app_with_probe_routes(settings, sessionmaker) as client:
        ru = await client.get("/api/v1/_probe/conflict")
        en = await client.get("/api/v1/_probe/conflict", headers={"Accept-Language": "en"})

    assert ru.status_code == 409
    assert ru.json()["errors"] == [
        {"field": "snils", "code": "snils_taken", "message": "СНИЛС уже занят"}
    ]
    assert en.json()["errors"][0]["message"] == "SNILS taken"
    assert en.json()["detail"] == "Already exists"


async def test_invalid_query_is_422_naming_the_field(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with _app_with_probe_routes(settings, sessionmaker) as client:
        bad = await client.get("/api/v1/_probe/number", params={"n": "abc"})
        missing = await client.get("/api/v1/_probe/number")

    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["code"] == "validation_failed"
    assert bad.json()["errors"][0]["field"] == "n"
    assert bad.json()["errors"][0]["message"] == "Ожидается целое число"
    assert missing.json()["errors"][0]["code"] == "missing"
    assert missing.json()["errors"][0]["message"] == "Обязательное поле"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "ru"),
        ("", "ru"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("en;q=0.5,ru;q=0.9", "ru"),
        ("de-DE", "ru"),
        ("en;q=abc", "ru"),
    ],
)
def test_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected
