"""``orgs`` / ``schools``: the client's own school (contract §4.3)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from api.oneroster.sql import SCHOOL, AnySelect
from api.oneroster.statements import Resource, common_keys
from api.schools.models import School
from api.statements import k, obj


def readable_orgs() -> AnySelect:
    return select(
        School.id.label("sourced_id"),
        k("active").label("status"),
        School.updated_at.label("modified"),
        School.short_name.label("name"),
        School.inn.label("identifier"),
        School.ogrn.label("ogrn"),
        School.region_code.label("region_code"),
    ).where(School.id == SCHOOL)


def body(row: Any) -> dict[str, ColumnElement[Any]]:
    return {
        **common_keys(row),
        "name": row.name,
        "type": k("school"),
        "identifier": row.identifier,
        "metadata": obj(**{"edudiary.ogrn": row.ogrn, "edudiary.regionCode": row.region_code}),
    }


ORGS = Resource(
    name="orgs",
    singular="org",
    readable=readable_orgs,
    body=body,
    keys=("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "metadata"),
    filterable={},
)
