"""The teacher's side of platform results (contract §4.5): suggestions in the journal.

A platform's result never becomes a grade by itself. The teacher who keeps the class ×
subject sees it (the class teacher and the school administrator see it too), then
accepts it — choosing the lesson, the value and the work type, recorded by the journal's
own write path with its history, family notices and ``grade.*`` webhook events — or
rejects it. Either decision stands until the platform changes the result.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import orjson
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades import service as grades
from api.diary.grades.models import WorkType
from api.diary.grades.schemas import GradeIn
from api.diary.lessons.models import Lesson
from api.diary.schemas import Page, Ref, person_name
from api.diary.structure.models import Student, Subject, SubjectAssessment
from api.diary.structure.viewer import Viewer, runs_class, teaches
from api.errors import Conflict, FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import tokens
from api.identity.deps import Principal
from api.integrations.models import IntegrationClient
from api.oneroster.models import ExternalLineItem, ExternalResult, SuggestionStatus
from api.oneroster.suggestion_schemas import (
    AcceptIn,
    SuggestedLineItem,
    SuggestionOut,
)
from api.schools.models import SchoolClass


def class_not_found() -> NotFound:
    return NotFound(code="class_not_found", detail=Text("Такого класса нет", "No such class"))


def suggestion_not_found() -> NotFound:
    return NotFound(
        code="suggestion_not_found",
        detail=Text("Такого предложения оценки нет", "No such grade suggestion"),
    )


def _visible(viewer: Viewer) -> Any:
    """Who sees a suggestion: whoever keeps or runs the journal of its class × subject."""
    item = ExternalLineItem
    return or_(
        runs_class(viewer, item.class_id, item.school_id),
        teaches(viewer, item.class_id, item.subject_id),
    )


def _rows(
    principal: Principal,
) -> Select[ExternalResult, ExternalLineItem, Student, Subject, WorkType, IntegrationClient]:
    viewer = Viewer.of(principal)
    return (
        select(ExternalResult, ExternalLineItem, Student, Subject, WorkType, IntegrationClient)
        .join(ExternalLineItem, ExternalLineItem.id == ExternalResult.line_item_id)
        .join(Student, Student.id == ExternalResult.student_id)
        .join(Subject, Subject.id == ExternalLineItem.subject_id)
        .join(WorkType, WorkType.id == ExternalLineItem.work_type_id)
        .join(IntegrationClient, IntegrationClient.id == ExternalResult.client_id)
        .where(
            ExternalResult.school_id == principal.school_id,
            ExternalResult.deleted_at.is_(None),
            ExternalLineItem.deleted_at.is_(None),
            _visible(viewer),
        )
    )


def suggested_value(
    result: ExternalResult, item: ExternalLineItem, subject: Subject
) -> int | str | None:
    """A starting value for the teacher: the platform's pass/fail as it is; a score placed
    on 1–5 by its share of the line item's range (half up). Only a suggestion."""
    if subject.assessment == SubjectAssessment.pass_fail:
        text = (result.text_score or "").strip().lower()
        return text if text in ("pass", "fail") else None
    if result.score is None or item.result_value_max <= item.result_value_min:
        return None
    share = (result.score - item.result_value_min) / (item.result_value_max - item.result_value_min)
    share = min(max(share, Decimal(0)), Decimal(1))
    return int((1 + 4 * share).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _out(row: Any) -> SuggestionOut:
    result, item, student, subject, work_type, client = row
    return SuggestionOut(
        id=result.id,
        status=result.status,
        student=Ref(
            id=student.id,
            name=person_name(student.last_name, student.first_name, student.middle_name),
        ),
        subject=Ref(id=subject.id, name=subject.name),
        line_item=SuggestedLineItem(
            id=item.id,
            title=item.title,
            assign_date=item.assign_date,
            due_date=item.due_date,
            result_value_min=float(item.result_value_min),
            result_value_max=float(item.result_value_max),
            work_type=work_type.code,
            work_type_name=work_type.name,
        ),
        platform=client.name,
        score=None if result.score is None else float(result.score),
        text_score=result.text_score,
        score_status=result.score_status,
        score_date=result.score_date,
        comment=result.comment,
        suggested_value=suggested_value(result, item, subject),
        grade_id=result.grade_id,
        decided_at=result.decided_at,
        updated_at=result.updated_at,
    )


async def list_for_class(
    session: AsyncSession,
    principal: Principal,
    class_id: uuid.UUID,
    *,
    subject_id: uuid.UUID | None,
    status: SuggestionStatus | None,
    limit: int,
    offset: int,
) -> Page[SuggestionOut]:
    viewer = Viewer.of(principal)
    known = await session.scalar(
        select(SchoolClass.id).where(
            SchoolClass.id == class_id,
            SchoolClass.school_id == principal.school_id,
            or_(
                runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
                teaches(viewer, SchoolClass.id),
            ),
        )
    )
    if known is None:
        raise class_not_found()
    conditions = [ExternalLineItem.class_id == class_id]
    if subject_id is not None:
        conditions.append(ExternalLineItem.subject_id == subject_id)
    if status is not None:
        conditions.append(ExternalResult.status == status)
    rows = _rows(principal).where(and_(*conditions))
    total = await session.scalar(select(func.count()).select_from(rows.subquery()))
    page = await session.execute(
        rows.order_by(
            ExternalResult.score_date.desc(),
            Student.last_name,
            Student.first_name,
            ExternalResult.id,
        )
        .limit(limit)
        .offset(offset)
    )
    return Page(items=[_out(r) for r in page.all()], total=total or 0, limit=limit, offset=offset)


async def _pending(session: AsyncSession, principal: Principal, suggestion_id: uuid.UUID) -> Any:
    row = (
        await session.execute(
            _rows(principal)
            .where(ExternalResult.id == suggestion_id)
            .with_for_update(of=ExternalResult)
        )
    ).first()
    if row is None:
        raise suggestion_not_found()
    if row[0].status != SuggestionStatus.pending:
        raise Conflict(
            code="suggestion_decided",
            detail=Text(
                "Это предложение уже принято или отклонено",
                "This suggestion has already been accepted or rejected",
            ),
        )
    return row


async def accept(
    session: AsyncSession,
    principal: Principal,
    token: tokens.AccessClaims,
    suggestion_id: uuid.UUID,
    body: AcceptIn,
) -> SuggestionOut:
    """The teacher's grade from the suggestion, recorded as any grade they put in."""
    row = await _pending(session, principal, suggestion_id)
    result, item, *_rest = row
    lesson = await session.get(Lesson, body.lesson_id)
    if lesson is None or lesson.class_id != item.class_id or lesson.subject_id != item.subject_id:
        raise ValidationFailed(
            code="suggestion_invalid",
            detail=Text("Оценка не выставлена", "No grade recorded"),
            errors=[
                FieldError(
                    "lesson_id",
                    "lesson_mismatch",
                    Text(
                        "Выберите урок этого класса по этому предмету",
                        "Choose a lesson of this class and subject",
                    ),
                )
            ],
        )
    work_type = body.work_type or row[4].code
    recorded = await grades.record(
        session,
        token,
        lesson.id,
        [
            GradeIn(
                student_id=result.student_id,
                value=body.value,
                work_type=work_type,
                absent_confirmed=body.absent_confirmed,
            )
        ],
    )
    grade = orjson.loads(recorded)[0]
    result.status = SuggestionStatus.accepted
    result.grade_id = uuid.UUID(grade["id"])
    result.decided_by = principal.account_id
    result.decided_at = await session.scalar(select(func.now()))
    await session.flush()
    return _out(row)


async def reject(
    session: AsyncSession, principal: Principal, suggestion_id: uuid.UUID
) -> SuggestionOut:
    row = await _pending(session, principal, suggestion_id)
    result = row[0]
    result.status = SuggestionStatus.rejected
    result.decided_by = principal.account_id
    result.decided_at = await session.scalar(select(func.now()))
    await session.flush()
    return _out(row)
