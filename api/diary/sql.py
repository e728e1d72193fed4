"""The diary's single statements — the week diary, the grade list (``reading/statements.py``)
and the bulk grade post (``grades/statements.py``) — and their building blocks.

Why: measured on 2 cores, FastAPI + ORM objects + response models served these reads at
a fifth of what the same SQL does behind a bare asyncpg handler, with second-long p99
tails (``bench/diary_load.py``). So:

* statements are built once from the same SQLAlchemy models and the same access
  predicates as the ORM code (``api/diary/structure/viewer.py``), compiled once for
  asyncpg, and executed on the driver connection with positional arguments (prepared
  once per connection by asyncpg's statement cache);
* PostgreSQL builds the response JSON (``json_build_object``/``json_agg``); Python only
  passes the bytes on, so there is no model validation on the way out;
* the reads check the access token's session and scope the rows *in the same statement*
  (the ``caller`` CTE is ``api.identity.deps.caller_select``, the select
  ``current_principal`` runs), so a read is one round trip with no transaction around it,
  on the hot pool's connection (``api.db.HotConnection``);
* the grade post is two statements inside the request's transaction: a context read
  (lesson taught by the caller, roster, work types) and one data-modifying statement that
  upserts the grades, writes their history and the families' notifications.

Routes call their statement by name (``statements.week_diary``, ``statements.grade_list``).
An ORM reference of the same reads lives in ``tests/diary/reference.py``; the tests hold
the two equal. Response schemas stay declared on the routes (``response_model``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    Uuid,
    any_,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import driver_of
from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, sees_student, sees_student_fully
from api.identity import clock, tokens
from api.identity.deps import caller_select
from api.identity.models import Account, Role
from api.schools.models import School, SchoolClass

_DIALECT = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]


# --- Compiled statements -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compiled:
    """A statement compiled for asyncpg: SQL with $n and the names of its parameters."""

    sql: str
    names: tuple[str, ...]
    defaults: dict[str, Any]

    @classmethod
    def of(cls, statement: Select[Any]) -> Compiled:
        compiled = statement.compile(dialect=_DIALECT)
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


def utc_text(ts: Any) -> ColumnElement[str]:
    """As ``api.diary.schemas.utc_text``: ``2026-11-23T05:30:00Z``."""
    return func.to_char(func.timezone(k("UTC"), ts), k('YYYY-MM-DD"T"HH24:MI:SS"Z"'))


def local_text(ts: Any, zone: Any) -> ColumnElement[str]:
    """As ``api.diary.schemas.local_text``: ``2026-11-23T08:30:00+10:00`` in ``zone``."""
    local = func.timezone(zone, ts)
    offset = local - func.timezone(k("UTC"), ts)
    sign = case(
        (
            offset < literal_column("interval '0'"),
            func.concat(k("-"), func.to_char(-offset, k("HH24:MI"))),
        ),
        else_=func.concat(k("+"), func.to_char(offset, k("HH24:MI"))),
    )
    return func.concat(func.to_char(local, k('YYYY-MM-DD"T"HH24:MI:SS')), sign)


def person(account: Any) -> ColumnElement[Any]:
    name = func.concat_ws(k(" "), account.last_name, account.first_name, account.middle_name)
    return obj(id=account.id, name=name)


def grade_value(score: Any, passed: Any) -> ColumnElement[Any]:
    return case(
        (score.is_not(None), func.to_json(score)),
        else_=func.to_json(case((passed, k("pass")), else_=k("fail"))),
    )


def work_type_json(work_type: Any) -> ColumnElement[Any]:
    return obj(code=work_type.code, name=work_type.name, weight=work_type.weight)


def json_list(expression: Any, *order: Any) -> ColumnElement[Any]:
    return func.coalesce(
        func.json_agg(aggregate_order_by(expression, *order)), literal_column("'[]'::json")
    )


def caller_cte() -> Any:
    """The access token's account, if it is active and its session still open: the select
    ``current_principal`` runs (``api.identity.deps.caller_select``), embedded so that a
    read checks the session in its own round trip."""
    return (
        caller_select(
            bindparam("account_id", type_=Uuid),
            bindparam("session_id", type_=Uuid),
            bindparam("now", type_=postgresql.TIMESTAMP(timezone=True)),
        )
        .add_columns(
            (k(Role.school_admin) == any_(Account.roles)).label("is_admin"),
            Account.roles.overlap(
                literal_column(f"'{{{Role.teacher},{Role.class_teacher}}}'::varchar[]")
            ).label("is_teacher"),
        )
        .cte("caller")
    )


def viewer_of(caller: Any) -> Viewer:
    return Viewer(caller.c.account_id, caller.c.school_id, caller.c.is_admin)


def student_cte(caller: Any, viewer: Viewer) -> Any:
    return (
        select(
            Student.id,
            Student.class_id,
            Student.last_name,
            Student.first_name,
            Student.middle_name,
            SchoolClass.grade,
            SchoolClass.letter,
            School.id.label("school_id"),
            School.short_name,
            School.timezone,
            sees_student_fully(viewer).label("full"),
            caller.c.account_id.label("viewer_id"),
            caller.c.school_id.label("viewer_school_id"),
            caller.c.is_admin.label("viewer_is_admin"),
        )
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(School, School.id == Student.school_id)
        .join(caller, true())
        .where(Student.id == bindparam("student_id", type_=Uuid), sees_student(viewer))
        .cte("st")
    )


def viewer_in(st: Any) -> Viewer:
    """The caller inside the body: rows exist only if the ``caller`` CTE found the session
    (``st`` joins it), so the token's account id can be used as the bound parameter."""
    return Viewer(bindparam("account_id", type_=Uuid), st.c.viewer_school_id, st.c.viewer_is_admin)


def answer(caller: Any, body: Any) -> Select[Any]:
    authed = select(func.count()).select_from(caller).scalar_subquery()
    return select(authed.label("authed"), cast(body.scalar_subquery(), Text).label("body"))


async def session_driver(session: AsyncSession) -> asyncpg.Connection[Any]:
    """The asyncpg connection under ``session`` (its transaction begun)."""
    raw = await (await session.connection()).get_raw_connection()
    return driver_of(raw.driver_connection)


async def fetch_read(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    compiled: Compiled,
    **values: Any,
) -> str | None:
    """Run a read statement: the JSON text, None if the subject is not visible; 401 when
    the token's session is gone (checked inside the statement)."""
    args = compiled.args(
        account_id=claims.account_id, session_id=claims.session_id, now=clock.now(), **values
    )
    row = await connection.fetchrow(compiled.sql, *args)
    assert row is not None
    if not row["authed"]:
        raise tokens.TokenInvalid()
    body: str | None = row["body"]
    return body
