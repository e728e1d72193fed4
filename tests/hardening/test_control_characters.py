"""No free text with control characters gets in, and none gives a server error.

The walk below reads ``openapi.json``: every string field of every JSON body (nested
objects and lists included) and every string query parameter is sent a NUL, so a field
or route added later is covered without anyone remembering to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.config import Settings
from api.main import create_app

SCHEMA = create_app(Settings(env="test"), manage_database=False).openapi()
# Each is something PostgreSQL or UTF-8 cannot take, or that no one types into a form.
NASTY = ["a\x00b", "\x1b[31mred", "\ud800", "bell\x07", "c1\x85"]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _string_paths(schema: dict[str, Any], depth: int = 0) -> Iterator[tuple[list[str], Any]]:
    """(path to a string, a document holding ``None`` there to fill in)."""
    schema = _resolve(schema)
    if depth > 6:
        return
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        yield from _string_paths(option, depth + 1)
    kind = schema.get("type")
    if (
        kind == "string"
        and "enum" not in schema
        and schema.get("format")
        not in (
            "uuid",
            "date",
            "date-time",
            "binary",
            "email",
        )
    ):
        yield [], None
    elif kind == "object":
        for name, child in schema.get("properties", {}).items():
            for path, _ in _string_paths(child, depth + 1):
                yield [name, *path], None
    elif kind == "array" and "items" in schema:
        for path, _ in _string_paths(schema["items"], depth + 1):
            yield ["0", *path], None


def _document(path: list[str], value: str) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == "0":
        return [_document(rest, value)]
    return {head: _document(rest, value)}


def _body_cases() -> Iterator[Any]:
    for route, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            seen = set()
            for path, _ in _string_paths(content["application/json"]["schema"]):
                field = ".".join(path)
                if field not in seen:
                    seen.add(field)
                    yield pytest.param(method, route, path, id=f"{method} {route} {field}")


def _query_cases() -> Iterator[Any]:
    for route, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and list(_string_paths(parameter["schema"])):
                    name = parameter["name"]
                    yield pytest.param(method, route, name, id=f"{method} {route} ?{name}")


BODY_CASES = list(_body_cases())
QUERY_CASES = list(_query_cases())


def _concrete(route: str) -> str:
    # Path parameters get a well-formed id: the request must get as far as it can.
    return re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", route)


def test_the_walk_finds_the_fields_the_audit_named() -> None:
    fields = {(case.values[1], ".".join(case.values[2])) for case in BODY_CASES}
    assert ("/api/v1/lessons/{lesson_id}/grades", "0.comment") in fields
    assert ("/api/v1/lessons/{lesson_id}", "topic") in fields
    assert ("/api/v1/subjects", "name") in fields
    assert ("/api/v1/lessons/{lesson_id}/homework", "text") in fields
    assert len(BODY_CASES) > 80
    assert ("get", "/api/v1/dev/outbox", "to") in {case.values for case in QUERY_CASES}


@pytest.mark.parametrize(("method", "route", "path"), BODY_CASES)
async def test_control_characters_in_a_body_field_are_a_field_error(
    client: AsyncClient, method: str, route: str, path: list[str]
) -> None:
    for value in NASTY:
        response = await client.request(
            method.upper(),
            _concrete(route),
            # ASCII-escaped JSON, as a browser's JSON.stringify sends a lone surrogate.
            content=json.dumps(_document(path, value)),
            headers={"Content-Type": "application/json"},
        )

        assert response.status_code == 422, (value, response.text)
        problem = response.json()
        assert problem["code"] == "validation_failed"
        mine = [e for e in problem["errors"] if e["field"] == ".".join(path)]
        assert mine, (value, problem["errors"])
        assert mine[0]["code"] == "control_characters"
        assert "управляющие символы" in mine[0]["message"]


@pytest.mark.parametrize(("method", "route", "name"), QUERY_CASES)
async def test_control_characters_in_a_query_parameter_are_a_field_error(
    client: AsyncClient, method: str, route: str, name: str
) -> None:
    response = await client.request(method.upper(), _concrete(route), params={name: "a\x00b"})

    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": name,
        "code": "control_characters",
        "message": "Текст содержит недопустимые управляющие символы (например, нулевой байт)",
    }


async def test_dev_outbox_with_nul_in_to_is_422_in_development(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    app = create_app(settings.model_copy(update={"env": "development"}), manage_database=False)
    app.state.sessionmaker = sessionmaker
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/api/v1/dev/outbox?to=a%00b")
        fine = await client.get("/api/v1/dev/outbox?to=%2B79031112233")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "to"
    assert fine.status_code == 200


async def test_a_nul_in_a_file_name_is_404_not_a_crash(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Дневник</title>")
    app = create_app(settings, manage_database=False)
    app.state.sessionmaker = sessionmaker
    app.state.frontend_dist = tmp_path
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/index.html%00.png")
        deep_link = await client.get("/students/1/diary")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert deep_link.status_code == 200
    assert "Дневник" in deep_link.text


async def test_single_line_text_refuses_a_line_break_multi_line_keeps_it(
    client: AsyncClient,
) -> None:
    from pydantic import TypeAdapter, ValidationError

    from api.text import MultiLineText, SingleLineText

    assert TypeAdapter(MultiLineText).validate_python("строка 1\nстрока 2\tи\r\n") == (
        "строка 1\nстрока 2\tи\r\n"
    )
    with pytest.raises(ValidationError) as refused:
        TypeAdapter(SingleLineText).validate_python("Иванов\nПетров")
    error = refused.value.errors()[0]
    assert error["type"] == "control_characters"
    assert error["ctx"]["ru"] == "Значение должно быть одной строкой без управляющих символов"
