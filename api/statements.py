"""Single statements that answer with JSON built by PostgreSQL, run on asyncpg.

Why: for a hot read, building SQLAlchemy expressions, checking ORM objects out and
validating response models cost several times what PostgreSQL spends on the query. A
statement here is built once from the models, compiled once for asyncpg (prepared once per
connection by asyncpg's statement cache) and executed with positional arguments; its JSON
text goes to the client as it is. Features build their statements from these blocks
(``api/diary/sql.py``, ``api/identity/statements.py``); the caller's session is checked
inside the statement with ``api.identity.statements``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import Response
from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    ColumnElement,
    Float,
    Integer,
    Select,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_DIALECT = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]


class Row(Protocol):
    """A row read by name: an ``asyncpg.Record`` or a dict with the same keys (the ORM
    path of a view that also maps a single statement's rows)."""

    def __getitem__(self, key: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class Compiled:
    """A statement compiled for asyncpg: SQL with $n and the names of its parameters."""

    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]

    @classmethod
    def of(cls, statement: ClauseElement) -> Compiled:
        compiled = statement.compile(dialect=_DIALECT)
        assert isinstance(compiled, SQLCompiler)
        return cls(compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params))

    def args(self, **values: Any) -> list[Any]:
        return [values[n] if n in values else self.defaults[n] for n in self.names]


def k(name: str) -> ColumnElement[str]:
    """A constant SQL string (JSON keys and the like): part of the text, not a parameter."""
    return literal_column("'" + name.replace("'", "''") + "'")


def obj(**fields: Any) -> ColumnElement[Any]:
    parts: list[Any] = []
    for key, value in fields.items():
        parts += [k(key), value]
    return func.json_build_object(*parts)


NULL_JSON: ColumnElement[Any] = literal_column("NULL::json")
"""A JSON null, for a ``case`` whose other branch builds an object."""


def class_name(school_class: Any) -> ColumnElement[str]:
    """As ``SchoolClass.name``: «9-Б»."""
    return func.concat(school_class.grade, k("-"), school_class.letter)


def full_name(last: Any, first: Any, middle: Any) -> ColumnElement[str]:
    """As ``api.diary.schemas.person_name`` and ``messaging.service.full_name``: the
    non-empty parts, space-separated."""
    return func.concat_ws(k(" "), *(func.nullif(part, k("")) for part in (last, first, middle)))


def person(account: Any) -> ColumnElement[Any]:
    """As ``api.diary.schemas.account_ref``: ``{id, name}``."""
    name = full_name(account.last_name, account.first_name, account.middle_name)
    return obj(id=account.id, name=name)


def utc_text(ts: Any) -> ColumnElement[str]:
    """As ``api.diary.schemas.utc_text``: ``2026-11-23T05:30:00Z``."""
    return func.to_char(func.timezone(k("UTC"), ts), k('YYYY-MM-DD"T"HH24:MI:SS"Z"'))


def datetime_text(ts: Any) -> ColumnElement[str]:
    """As Pydantic writes a plain ``datetime`` field read from PostgreSQL (aware, UTC):
    ``2026-11-23T05:30:00.123456Z``, the fraction only when it is not zero. For the
    responses whose schemas did not adopt ``Instant`` (messaging): their format is part
    of the contract clients already parse."""
    utc = func.timezone(k("UTC"), ts)
    fraction = case(
        (func.date_trunc(k("second"), ts) == ts, k("")), else_=func.to_char(utc, k(".US"))
    )
    text = func.concat(func.to_char(utc, k('YYYY-MM-DD"T"HH24:MI:SS')), fraction, k("Z"))
    # concat() skips a NULL argument: without this a null time would read "Z".
    return case((ts.is_(None), None), else_=text)


def float_json(value: Any) -> ColumnElement[Any]:
    """A numeric column as a response model's ``float`` writes it: ``92.0``, ``92.5``
    (PostgreSQL's float8 text is the same shortest form, without the ``.0`` of a whole
    number)."""
    number = cast(value, Float)
    whole = func.trunc(number) == number
    text = func.concat(cast(number, Text), case((whole, k(".0"))))
    return case((value.is_(None), NULL_JSON), else_=cast(text, JSON))


def json_list(expression: Any, *order: Any) -> ColumnElement[Any]:
    return func.coalesce(
        func.json_agg(aggregate_order_by(expression, *order)), literal_column("'[]'::json")
    )


def page_of(items: Any, total: Any) -> ColumnElement[Any]:
    """The list envelope ``{items, total, limit, offset}`` (ARCHITECTURE §5), with the
    statement's ``limit`` and ``offset`` parameters."""
    return obj(
        items=items,
        total=total,
        limit=bindparam("limit", type_=Integer),
        offset=bindparam("offset", type_=Integer),
    )


def answer(caller: Any, body: Any, **found: Any) -> Select[Any]:
    """The read's row: whether the caller's session holds (``authed``), the caller's roles
    and school (what a route may still need to decide: a staff role, whether to audit the
    read) and the body. ``found`` adds named boolean columns, for routes that tell apart
    which of the objects in their path is missing (404 ``term_not_found`` or
    ``class_not_found``) without a second round trip."""
    authed = select(func.count()).select_from(caller).scalar_subquery()
    roles = select(caller.c.roles).scalar_subquery()
    school = select(caller.c.school_id).scalar_subquery()
    return select(
        authed.label("authed"),
        roles.label("roles"),
        school.label("school_id"),
        cast(body.scalar_subquery(), Text).label("body"),
        *(value.label(name) for name, value in found.items()),
    )


def model_response(model: BaseModel) -> Response:
    """A response model's JSON as the route's ``response_model`` would write it (by alias),
    for reads that map ``lean_rows`` in Python: FastAPI would validate the model a second
    time on the way out."""
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")
