"""``demographics``: a pupil's birth date only (scope roster-demographics, contract §4.4)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from api.diary.structure.models import Student, on_roster
from api.oneroster.sql import SCHOOL, AnySelect, date_text
from api.oneroster.statements import Resource, common_keys
from api.statements import k


def readable_demographics() -> AnySelect:
    return select(
        Student.id.label("sourced_id"),
        k("active").label("status"),
        Student.updated_at.label("modified"),
        Student.birth_date.label("birth_date"),
    ).where(Student.school_id == SCHOOL, on_roster())


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {**common_keys(row), "birthDate": date_text(row.birth_date)}


DEMOGRAPHICS = Resource(
    name="demographics",
    singular="demographics",
    readable=readable_demographics,
    body=body,
    keys=("sourcedId", "status", "dateLastModified", "birthDate"),
    filterable={},
    tombstones="demographics",
)
