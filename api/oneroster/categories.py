"""``categories``: the school's work types (``Контрольная работа``, weight 2.0) (contract §4.3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from api.diary.grades.models import WorkType
from api.oneroster.sql import SCHOOL, AnySelect
from api.oneroster.statements import Resource, common_keys
from api.statements import k


def readable_categories() -> AnySelect:
    return select(
        WorkType.id.label("sourced_id"),
        k("active").label("status"),
        WorkType.updated_at.label("modified"),
        WorkType.name.label("title"),
        WorkType.weight.label("weight"),
    ).where(WorkType.school_id == SCHOOL)


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {**common_keys(row), "title": row.title, "weight": row.weight}


CATEGORIES = Resource(
    name="categories",
    singular="category",
    readable=readable_categories,
    body=body,
    keys=("sourcedId", "status", "dateLastModified", "title", "weight"),
    filterable={},
)
