"""The plan lists, the staff's pupil picker and a plan's discussion as single statements
(``docs/request-path.md``): the caller's session checked, the rows scoped by ``access``
and the page with its total read in one round trip on the hot pool.

The plan lists are plain rows (``lean_rows``): a signed plan's ``intact`` is the hash of
the canonical document, which has one home in Python (``views.summary_of``). The picker
and the discussion are JSON built by PostgreSQL. A plan's detail is one statement too
(the history as records; a staff read audited on the same connection). The ORM reads
stay for the writes' answers; ``tests/learning_plans/test_statements.py`` holds the two
equal.
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import Integer, Select, String, Uuid, bindparam, cast, exists, func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from api.audit import service as audit
from api.diary.sql import viewer_of
from api.diary.structure.access import runs_latest_class
from api.diary.structure.models import ClassTeacher, Guardianship, Student
from api.identity import tokens
from api.identity.models import Role
from api.identity.statements import LeanRows, caller_cte, fetch_answer, fetch_rows, lean_rows
from api.learning_plans import views
from api.learning_plans.access import (
    actor_from,
    plan_not_found,
    school_staff,
    sees,
    student_not_found,
)
from api.learning_plans.models import (
    LearningPlan,
    LearningPlanComment,
    LearningPlanEvent,
    PlanStatus,
)
from api.learning_plans.schemas import PlanEventOut, PlanOut, PlanPage
from api.learning_plans.workflow import Actor
from api.schools.models import School, SchoolClass
from api.statements import (
    Compiled,
    answer,
    class_name,
    datetime_text,
    full_name,
    json_list,
    obj,
    page_of,
)


def plan_rows() -> Select[Any]:
    """The columns ``views.summary_of`` reads: the plan's, with its student's name, class
    and school (as ``views.contexts`` reads them)."""
    return (
        select(
            *views.PLAN_COLUMNS,
            full_name(Student.last_name, Student.first_name, Student.middle_name).label(
                "student_name"
            ),
            class_name(SchoolClass).label("class_name"),
            School.short_name.label("school_name"),
        )
        .join_from(LearningPlan, Student, Student.id == LearningPlan.student_id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(School, School.id == Student.school_id)
    )


def _page(found: LeanRows, *, limit: int, offset: int) -> PlanPage:
    items = [views.summary_of(row) for row in found.rows]
    return PlanPage(items=items, total=found.total, limit=limit, offset=offset)


@cache
def student_plans_statement() -> Compiled:
    caller = caller_cte()
    viewer = viewer_of(caller)
    student_id = bindparam("student_id", type_=Uuid)
    plans = plan_rows().where(LearningPlan.student_id == student_id, sees(viewer))
    seen = exists(select(Student.id).where(Student.id == student_id, sees(viewer)))
    order = (LearningPlan.created_at.desc(), LearningPlan.id.desc())
    return Compiled.of(lean_rows(caller, plans, *order, student_seen=seen))


async def read_student_plans(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    student_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> PlanPage:
    """The student's plans, newest first; 404 for a student whose plans the caller does
    not see (401: session gone)."""
    found = await fetch_rows(
        connection,
        claims,
        student_plans_statement(),
        student_id=student_id,
        limit=limit,
        offset=offset,
    )
    if not found.head["student_seen"]:
        raise student_not_found()
    return _page(found, limit=limit, offset=offset)


@cache
def school_plans_statement() -> Compiled:
    caller = caller_cte()
    school_id = bindparam("school_id", type_=Uuid)
    status = bindparam("status", type_=LearningPlan.status.type)
    plans = plan_rows().where(
        LearningPlan.school_id == school_id,
        or_(status.is_(None), LearningPlan.status == status),
        sees(viewer_of(caller)),
    )
    order = (LearningPlan.updated_at.desc(), LearningPlan.id.desc())
    return Compiled.of(lean_rows(caller, plans, *order))


async def read_school_plans(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    school_id: uuid.UUID,
    *,
    status: PlanStatus | None,
    limit: int,
    offset: int,
) -> PlanPage:
    """The school's plans the caller acts on, last changed first; 403 for a caller who
    handles no plans, 404 for another school (``access.school_staff``, from the roles and
    school the statement read with the session)."""
    found = await fetch_rows(
        connection,
        claims,
        school_plans_statement(),
        school_id=school_id,
        status=status,
        limit=limit,
        offset=offset,
    )
    school_staff(found.roles, found.head["caller_school_id"], school_id)
    return _page(found, limit=limit, offset=offset)


@cache
def candidates_statement() -> Compiled:
    """``CandidatePage``: the pupils of the classes the caller runs (``runs_latest_class``)
    in the school, whose surname starts with ``pattern`` (``ILIKE``; NULL: all)."""
    caller = caller_cte()
    school_id = bindparam("school_id", type_=Uuid)
    pattern = bindparam("pattern", type_=String)
    classes = (
        select(SchoolClass)
        .where(runs_latest_class(viewer_of(caller)), SchoolClass.school_id == school_id)
        .subquery("classes")
    )
    run = aliased(SchoolClass, classes)
    pupils = (
        select(
            Student.id,
            full_name(Student.last_name, Student.first_name, Student.middle_name).label("name"),
            class_name(run).label("class_name"),
            run.grade,
            run.letter,
            Student.last_name,
            Student.first_name,
        )
        .join(run, run.id == Student.class_id)
        .where(or_(pattern.is_(None), Student.last_name.ilike(pattern)))
    )
    listed = pupils.subquery("listed")
    order = (listed.c.grade, listed.c.letter, listed.c.last_name, listed.c.first_name)
    page = (
        select(listed)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    item = obj(id=page.c.id, name=page.c.name, class_name=page.c.class_name)
    by = (page.c.grade, page.c.letter, page.c.last_name, page.c.first_name)
    items = select(json_list(item, *by)).select_from(page).scalar_subquery()
    total = select(func.count()).select_from(listed).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total))))


async def read_candidates(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    school_id: uuid.UUID,
    *,
    q: str | None,
    limit: int,
    offset: int,
) -> str:
    """The JSON of ``CandidatePage`` (403/404 as ``read_school_plans``)."""
    pattern = f"{q.strip()}%" if q else None
    row = await fetch_answer(
        connection,
        claims,
        candidates_statement(),
        school_id=school_id,
        pattern=pattern,
        limit=limit,
        offset=offset,
    )
    school_staff(frozenset(Role(r) for r in row["roles"]), row["school_id"], school_id)
    body: str = row["body"]
    return body


@cache
def comments_statement() -> Compiled:
    """``PlanCommentPage`` of a plan the caller reads, oldest first; ``plan_seen`` false
    (and an empty page) for a plan the caller does not see."""
    caller = caller_cte()
    plan_id = bindparam("plan_id", type_=Uuid)
    # The token's account as the bound parameter: rows exist only when ``seen``, which
    # joins the ``caller`` CTE (the session check).
    me = bindparam("account_id", type_=Uuid)
    seen = exists(
        select(LearningPlan.id)
        .join(Student, Student.id == LearningPlan.student_id)
        .where(LearningPlan.id == plan_id, sees(viewer_of(caller)))
    )
    c = LearningPlanComment
    said = select(c).where(c.plan_id == plan_id, seen).subquery("said")
    page = (
        select(said)
        .order_by(said.c.created_at, said.c.id)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    item = obj(
        id=page.c.id,
        author_name=page.c.author_name,
        author_role=page.c.author_role,
        body=page.c.body,
        created_at=datetime_text(page.c.created_at),
        # A deleted author's comments have no author_id: not mine (NULL would be null).
        mine=page.c.author_id.is_not_distinct_from(me),
    )
    items = (
        select(json_list(item, page.c.created_at, page.c.id)).select_from(page).scalar_subquery()
    )
    total = select(func.count()).select_from(said).scalar_subquery()
    return Compiled.of(answer(caller, select(page_of(items, total)), plan_seen=seen))


async def read_comments(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    plan_id: uuid.UUID,
    *,
    limit: int,
    offset: int,
) -> str:
    """The JSON of ``PlanCommentPage``; 404 for a plan the caller does not see."""
    row = await fetch_answer(
        connection, claims, comments_statement(), plan_id=plan_id, limit=limit, offset=offset
    )
    if not row["plan_seen"]:
        raise plan_not_found()
    body: str = row["body"]
    return body


@cache
def plan_statement() -> Compiled:
    """One plan the caller reads (no row otherwise), with what ``access.actor_from`` needs
    and its history (records, oldest first)."""
    caller = caller_cte()
    plan_id = bindparam("plan_id", type_=Uuid)
    me = bindparam("account_id", type_=Uuid)
    e = LearningPlanEvent
    event = func.row(
        e.at,
        e.action,
        cast(e.status_from, String),  # asyncpg decodes no enum inside a record
        cast(e.status_to, String),
        e.actor_role,
        e.comment,
    )
    history = (
        select(func.array_agg(aggregate_order_by(event, e.id)))
        .where(e.plan_id == LearningPlan.id)
        .scalar_subquery()
    )
    guardian = exists().where(Guardianship.student_id == Student.id, Guardianship.account_id == me)
    runs = exists().where(ClassTeacher.class_id == Student.class_id, ClassTeacher.teacher_id == me)
    plan = plan_rows().add_columns(
        guardian.label("is_guardian"),
        (Student.school_id == caller.c.school_id).label("same_school"),
        runs.label("runs_class"),
        history.label("history"),
    )
    plan = plan.where(LearningPlan.id == plan_id, sees(viewer_of(caller)))
    return Compiled.of(lean_rows(caller, plan, paged=False, counted=False))


async def read_plan(
    connection: asyncpg.Connection[Any], claims: tokens.AccessClaims, plan_id: uuid.UUID
) -> PlanOut:
    """``PlanOut`` of a plan the caller reads; 404 otherwise. A staff read is audited on
    the same connection (a plan may state a child's health or family grounds)."""
    found = await fetch_rows(connection, claims, plan_statement(), plan_id=plan_id)
    if not found.rows:
        raise plan_not_found()
    row = found.rows[0]
    actor = actor_from(
        guardian=row["is_guardian"],
        same_school=bool(row["same_school"]),
        admin=Role.school_admin in found.roles,
        runs_class=row["runs_class"],
    )
    if actor in (Actor.class_teacher, Actor.school_admin):
        await audit.record_read(
            connection,
            claims.account_id,
            found.roles,
            "learning_plan.view",
            "learning_plan",
            row["id"],
            {"student_id": row["student_id"], "status": row["status"]},
        )
    history = [
        PlanEventOut(
            at=at,
            action=action,
            status_from=status_from,
            status_to=status_to,
            actor_role=actor_role,
            comment=comment,
        )
        for at, action, status_from, status_to, actor_role, comment in row["history"] or []
    ]
    return views.detail_of(row, actor, history)
