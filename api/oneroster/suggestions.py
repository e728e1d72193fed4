"""The teacher's side of platform results (contract §4.5): suggestions in the journal.

A platform's result never becomes a grade by itself. The teacher who keeps the class ×
subject sees it (the class teacher and the school administrator see it too), then
accepts it — choosing the lesson, the value and the work type, recorded by the journal's
own write path with its history, family notices and ``grade.*`` webhook events — or
rejects it. Either decision stands until the platform changes the result.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades import service as grades
from api.diary.grades.models import WorkType
from api.diary.grades.schemas import GradeIn
from api.diary.lessons.models import Lesson
from api.diary.schemas import Ref, person_name
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
from api.statements import NULL_JSON, k


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


def readable_results(viewer: Viewer, school_id: Any) -> ColumnElement[bool]:
    """The one row scope of suggestions (``ExternalLineItem`` joined): the caller's
    school's live results, of a class × subject whose journal the caller keeps or runs.
    The list's statement (``suggestion_statements.py``) and the decisions share it."""
    return and_(
        ExternalResult.school_id == school_id,
        ExternalResult.deleted_at.is_(None),
        ExternalLineItem.deleted_at.is_(None),
        _visible(viewer),
    )


def class_known(viewer: Viewer, school_id: Any) -> ColumnElement[bool]:
    """A class (``SchoolClass``) of the caller's school they teach in or run: the list of
    its suggestions answers; any other class is 404 ``class_not_found``."""
    return and_(
        SchoolClass.school_id == school_id,
        or_(
            runs_class(viewer, SchoolClass.id, SchoolClass.school_id),
            teaches(viewer, SchoolClass.id),
        ),
    )


def suggested_value_json(
    result: Any = ExternalResult, item: Any = ExternalLineItem, subject: Any = Subject
) -> ColumnElement[Any]:
    """A starting value for the teacher (JSON: 1–5, "pass"/"fail" or null): the platform's
    pass/fail as it is; a score placed on 1–5 by its share of the line item's range (half
    up). Only a suggestion. SQL, so the list's statement and the decisions' answers
    (``_rows``) compute it once."""
    text = func.lower(func.btrim(func.coalesce(result.text_score, k("")), _WHITESPACE))
    span = item.result_value_max - item.result_value_min
    share = func.least(func.greatest((result.score - item.result_value_min) / span, 0), 1)
    return case(
        (
            subject.assessment == k(SubjectAssessment.pass_fail.value),
            func.to_json(case((or_(text == k("pass"), text == k("fail")), text))),
        ),
        (or_(result.score.is_(None), span <= 0), NULL_JSON),
        else_=func.to_json(cast(func.round(1 + 4 * share), Integer)),
    )


# What Python's str.strip() removes from an ASCII text (a platform's "pass " or "\tfail").
_WHITESPACE: ColumnElement[str] = literal_column("E' \\t\\n\\r\\f\\v'")


def _rows(
    principal: Principal,
) -> Select[ExternalResult, ExternalLineItem, Student, Subject, WorkType, IntegrationClient, Any]:
    return (
        select(
            ExternalResult,
            ExternalLineItem,
            Student,
            Subject,
            WorkType,
            IntegrationClient,
            type_coerce(suggested_value_json(), JSON),
        )
        .join(ExternalLineItem, ExternalLineItem.id == ExternalResult.line_item_id)
        .join(Student, Student.id == ExternalResult.student_id)
        .join(Subject, Subject.id == ExternalLineItem.subject_id)
        .join(WorkType, WorkType.id == ExternalLineItem.work_type_id)
        .join(IntegrationClient, IntegrationClient.id == ExternalResult.client_id)
        .where(readable_results(Viewer.of(principal), principal.school_id))
    )


def _out(row: Any) -> SuggestionOut:
    result, item, student, subject, work_type, client, suggested = row
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
        suggested_value=suggested,
        grade_id=result.grade_id,
        decided_at=result.decided_at,
        updated_at=result.updated_at,
    )


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
