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
  on the hot pool's connection (``api.identity.deps.HotRead``);
* the grade post is two statements inside the request's transaction: a context read
  (lesson taught by the caller, roster, work types) and one data-modifying statement that
  upserts the grades, writes their history and the families' notifications.

Routes call their statement by name (``statements.week_diary``, ``statements.grade_list``).
An ORM reference of the same reads lives in ``tests/diary/reference.py``; the tests hold
the two equal. Response schemas stay declared on the routes (``response_model``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Uuid,
    bindparam,
    case,
    func,
    literal_column,
    select,
    true,
)

from api.diary.structure.models import Student
from api.diary.structure.viewer import Viewer, sees_student, sees_student_fully
from api.schools.models import School, SchoolClass
from api.statements import k, obj


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


def grade_value(score: Any, passed: Any) -> ColumnElement[Any]:
    return case(
        (score.is_not(None), func.to_json(score)),
        else_=func.to_json(case((passed, k("pass")), else_=k("fail"))),
    )


def work_type_json(work_type: Any) -> ColumnElement[Any]:
    return obj(code=work_type.code, name=work_type.name, weight=work_type.weight)


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
