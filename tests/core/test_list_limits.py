"""One list-limit rule for every router (api/pagination.py, docs/api.md «Lists»)."""

from __future__ import annotations

from typing import Any

from api.openapi import build_schema
from api.pagination import MAX_LIMIT, MAX_OFFSET


def _query_params(name: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, operations in build_schema()["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                if param["in"] == "query" and param["name"] == name:
                    found.append((f"{method.upper()} {path}", param["schema"]))
    return found


def test_every_list_takes_limit_1_to_200() -> None:
    limits = _query_params("limit")

    assert len(limits) > 15  # the rule is checked on the real lists, not on none
    wrong = {op: (s.get("minimum"), s.get("maximum")) for op, s in limits}
    # OneRoster keeps its binding's rule: 1..1000, a larger limit clamped (no maximum).
    house = {op: bounds for op, bounds in wrong.items() if " /ims/" not in op}
    binding = {op: bounds for op, bounds in wrong.items() if " /ims/" in op}
    assert {op: bounds for op, bounds in house.items() if bounds != (1, MAX_LIMIT)} == {}
    assert len(binding) > 20
    assert {op: bounds for op, bounds in binding.items() if bounds != (1, None)} == {}


def test_every_list_takes_offset_up_to_100_000() -> None:
    offsets = _query_params("offset")

    wrong = {op: (s.get("minimum"), s.get("maximum")) for op, s in offsets}
    assert {op: bounds for op, bounds in wrong.items() if bounds != (0, MAX_OFFSET)} == {}
