"""Reading ``openapi.json`` for the generated tests: operations, path parameters, and a
minimal valid body for any JSON schema (the schema's own examples first).

A body must be valid: row-level access is checked after validation, so an invalid body
would answer 422 and hide whether the caller could have reached someone else's row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from api.config import Settings
from api.main import create_app

SCHEMA: dict[str, Any] = create_app(Settings(env="test"), manage_database=False).openapi()
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    route: str
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.route}"

    @property
    def path_parameters(self) -> list[str]:
        return [p["name"] for p in self.spec.get("parameters", []) if p["in"] == "path"]

    @property
    def public(self) -> bool:
        """No security requirement declared: anyone may call it."""
        return not self.spec.get("security")

    def json_schema(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return None if schema is None else dict(schema)

    def multipart(self) -> bool:
        return "multipart/form-data" in self.spec.get("requestBody", {}).get("content", {})


def operations() -> Iterator[Operation]:
    for route, item in SCHEMA["paths"].items():
        for method in METHODS:
            if method in item:
                yield Operation(method, route, item[method])


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


Ids = Callable[[str], str | None]


def example(schema: dict[str, Any], ids: Ids, name: str = "", depth: int = 0) -> Any:
    """A minimal value the schema accepts: required properties (and those named like a
    known id), examples first, uuid properties named like a known id (``student_id``)
    given that id."""
    schema = resolve(schema)
    if depth > 8:
        return None
    if "examples" in schema:
        return schema["examples"][0]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        options = [o for o in schema.get(key, []) if resolve(o).get("type") != "null"]
        if options:
            return example(options[0], ids, name, depth + 1)
    if "allOf" in schema:
        return example(schema["allOf"][0], ids, name, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        # Optional ids too (``term_id``): «one of term or dates» rules need one given.
        return {
            prop: example(sub, ids, prop, depth + 1)
            for prop, sub in schema.get("properties", {}).items()
            if prop in schema.get("required", []) or ids(prop) is not None
        }
    if kind == "array":
        count = max(1, schema.get("minItems", 0))
        return [example(schema.get("items", {}), ids, name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "uuid":
            return ids(name) or "00000000-0000-4000-8000-000000000000"
        if fmt == "date":
            return "2026-11-24"
        if fmt == "date-time":
            return "2026-11-24T09:00:00Z"
        text = "Проверка доступа"
        low, high = schema.get("minLength", 1), schema.get("maxLength", 200)
        return (text * (1 + low // len(text)))[: max(low, min(high, len(text)))]
    return None
