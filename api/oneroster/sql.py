"""SQL building blocks shared by the OneRoster resources: sourcedIds, references, times."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    Text,
    Uuid,
    bindparam,
    cast,
    func,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSON

from api.statements import k, obj

AnySelect: TypeAlias = Select[*tuple[Any, ...]]
"""A select of any columns (the resources' rows)."""

ROSTERING = "/ims/oneroster/rostering/v1p2"
GRADEBOOK = "/ims/oneroster/gradebook/v1p2"

SCHOOL = bindparam("school", type_=Uuid)
# The request's scheme://host (no trailing slash): references carry absolute hrefs.
ORIGIN = bindparam("origin", type_=Text)
# What the caller's scopes let a users list include.
GUARDIANS = bindparam("guardians", type_=Boolean)
ADMINS = bindparam("admins", type_=Boolean)
LINK = bindparam("link", type_=Uuid)
# The second id of a doubly nested path (``/classes/{id}/students/{sid}/results``).
LINK2 = bindparam("link2", type_=Uuid)


def text_of(value: Any) -> ColumnElement[str]:
    return cast(value, Text)


def uuid5(*parts: Any) -> ColumnElement[Any]:
    """The contract's UUIDv5 of a name such as ``course:{subject_id}:{grade}``; string parts
    are constants of the SQL text, the rest are expressions."""
    pieces = [k(p) if isinstance(p, str) else text_of(p) for p in parts]
    return type_coerce(func.oneroster_uuid5(func.concat(*pieces)), Uuid)


def modified_text(ts: Any) -> ColumnElement[str]:
    """``dateLastModified``: UTC with milliseconds and ``Z``."""
    return func.to_char(func.timezone(k("UTC"), ts), k('YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))


def date_text(day: Any) -> ColumnElement[str]:
    return func.to_char(day, k("YYYY-MM-DD"))


def ref(kind: str, path: str, sourced_id: Any, *, base: str = ROSTERING) -> ColumnElement[Any]:
    """``{href, sourcedId, type}`` (``path`` like ``classes``)."""
    return obj(
        href=func.concat(ORIGIN, k(f"{base}/{path}/"), text_of(sourced_id)),
        sourcedId=sourced_id,
        type=k(kind),
    )


def school_ref() -> ColumnElement[Any]:
    return ref("org", "orgs", SCHOOL)


def grade_code(grade: Any) -> ColumnElement[str]:
    """``09`` (CEDS grade levels are two digits)."""
    return func.lpad(text_of(grade), 2, k("0"))


def json_array(*items: Any) -> ColumnElement[Any]:
    return func.json_build_array(*items)


def empty_json() -> ColumnElement[Any]:
    return type_coerce(k("[]"), JSON)
