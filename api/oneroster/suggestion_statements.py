"""The teacher's list of platform results (``GET /classes/{id}/grade-suggestions``) as one
statement: the session check, the class's visibility, the page and its total, with JSON
built by PostgreSQL. Rows are scoped by ``suggestions.readable_results`` and
``suggestions.class_known``, as the decisions are; the ORM reading it must equal is
``tests/oneroster/reference.py``."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import asyncpg
from sqlalchemy import (
    Integer,
    String,
    Uuid,
    and_,
    bindparam,
    cast,
    func,
    or_,
    select,
    true,
)

from api.diary.grades.models import WorkType
from api.diary.structure.models import Student, Subject
from api.diary.structure.viewer import Viewer
from api.identity import tokens
from api.identity.statements import caller_cte, fetch_staff_read
from api.integrations.models import IntegrationClient
from api.oneroster.models import ExternalLineItem, ExternalResult, SuggestionStatus
from api.oneroster.suggestions import class_known, readable_results, suggested_value_json
from api.schools.models import SchoolClass
from api.statements import (
    Compiled,
    answer,
    datetime_text,
    float_json,
    full_name,
    json_list,
    obj,
    page_of,
)


@cache
def class_suggestions_statement() -> Compiled:
    """``Page[SuggestionOut]``, newest score first, then by the pupil's name."""
    caller = caller_cte()
    known = (
        select(
            SchoolClass.id,
            caller.c.account_id.label("viewer_id"),
            caller.c.school_id.label("viewer_school_id"),
            caller.c.is_admin.label("viewer_is_admin"),
        )
        .join(caller, true())
        .where(
            SchoolClass.id == bindparam("class_id", type_=Uuid),
            class_known(
                Viewer(caller.c.account_id, caller.c.school_id, caller.c.is_admin),
                caller.c.school_id,
            ),
        )
        .cte("known")
    )
    viewer = Viewer(known.c.viewer_id, known.c.viewer_school_id, known.c.viewer_is_admin)
    subject_id = bindparam("subject_id", type_=Uuid)
    status = bindparam("status", type_=String)
    scope = and_(
        ExternalLineItem.class_id == known.c.id,
        readable_results(viewer, known.c.viewer_school_id),
        or_(subject_id.is_(None), ExternalLineItem.subject_id == subject_id),
        or_(status.is_(None), cast(ExternalResult.status, String) == status),
    )
    order = (
        ExternalResult.score_date.desc(),
        Student.last_name,
        Student.first_name,
        ExternalResult.id,
    )

    def rows(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(ExternalResult)
            .join(ExternalLineItem, ExternalLineItem.id == ExternalResult.line_item_id)
            .join(Student, Student.id == ExternalResult.student_id)
            .where(scope)
        )

    page = (
        rows(ExternalResult.id, func.row_number().over(order_by=order).label("ord"))
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    item = obj(
        id=ExternalResult.id,
        status=ExternalResult.status,
        student=obj(
            id=Student.id,
            name=full_name(Student.last_name, Student.first_name, Student.middle_name),
        ),
        subject=obj(id=Subject.id, name=Subject.name),
        line_item=obj(
            id=ExternalLineItem.id,
            title=ExternalLineItem.title,
            assign_date=datetime_text(ExternalLineItem.assign_date),
            due_date=datetime_text(ExternalLineItem.due_date),
            result_value_min=float_json(ExternalLineItem.result_value_min),
            result_value_max=float_json(ExternalLineItem.result_value_max),
            work_type=WorkType.code,
            work_type_name=WorkType.name,
        ),
        platform=IntegrationClient.name,
        score=float_json(ExternalResult.score),
        text_score=ExternalResult.text_score,
        score_status=ExternalResult.score_status,
        score_date=ExternalResult.score_date,
        comment=ExternalResult.comment,
        suggested_value=suggested_value_json(),
        grade_id=ExternalResult.grade_id,
        decided_at=datetime_text(ExternalResult.decided_at),
        updated_at=datetime_text(ExternalResult.updated_at),
    )
    items = (
        select(json_list(item, page.c.ord))
        .select_from(page)
        .join(ExternalResult, ExternalResult.id == page.c.id)
        .join(ExternalLineItem, ExternalLineItem.id == ExternalResult.line_item_id)
        .join(Student, Student.id == ExternalResult.student_id)
        .join(Subject, Subject.id == ExternalLineItem.subject_id)
        .join(WorkType, WorkType.id == ExternalLineItem.work_type_id)
        .join(IntegrationClient, IntegrationClient.id == ExternalResult.client_id)
        .scalar_subquery()
    )
    total = rows(func.count()).scalar_subquery()
    body = select(page_of(items, total)).select_from(known)
    return Compiled.of(answer(caller, body))


async def class_suggestions(
    connection: asyncpg.Connection[Any],
    claims: tokens.AccessClaims,
    *,
    class_id: uuid.UUID,
    subject_id: uuid.UUID | None,
    status: SuggestionStatus | None,
    limit: int,
    offset: int,
) -> str | None:
    """``Page[SuggestionOut]`` as JSON text; None when the class is not the caller's to
    see (404); 403 for a caller with no staff role."""
    row = await fetch_staff_read(
        connection,
        claims,
        class_suggestions_statement(),
        class_id=class_id,
        subject_id=subject_id,
        status=None if status is None else status.value,
        limit=limit,
        offset=offset,
    )
    body: str | None = row["body"]
    return body
