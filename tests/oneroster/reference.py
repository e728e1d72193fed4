"""The ORM reading of the teacher's list of platform results, with the suggested value
computed in Python: ``GET /classes/{id}/grade-suggestions`` (one statement,
``api/oneroster/suggestion_statements.py``) must answer the same. No endpoint runs this."""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.models import WorkType
from api.diary.schemas import Page, Ref, person_name
from api.diary.structure.models import Student, Subject, SubjectAssessment
from api.diary.structure.viewer import Viewer
from api.identity.deps import Principal
from api.integrations.models import IntegrationClient
from api.oneroster.models import ExternalLineItem, ExternalResult, SuggestionStatus
from api.oneroster.suggestion_schemas import SuggestedLineItem, SuggestionOut
from api.oneroster.suggestions import class_known, readable_results
from api.schools.models import SchoolClass


def suggested_value(
    result: ExternalResult, item: ExternalLineItem, subject: Subject
) -> int | str | None:
    """The platform's pass/fail as it is; a score placed on 1–5 by its share of the line
    item's range (half up)."""
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


async def class_suggestions(
    session: AsyncSession,
    principal: Principal,
    class_id: uuid.UUID,
    *,
    subject_id: uuid.UUID | None,
    status: SuggestionStatus | None,
    limit: int,
    offset: int,
) -> Page[SuggestionOut] | None:
    """None when the class is not the caller's to see (404)."""
    viewer = Viewer.of(principal)
    known = await session.scalar(
        select(SchoolClass.id).where(
            SchoolClass.id == class_id, class_known(viewer, principal.school_id)
        )
    )
    if known is None:
        return None
    conditions = [ExternalLineItem.class_id == class_id]
    if subject_id is not None:
        conditions.append(ExternalLineItem.subject_id == subject_id)
    if status is not None:
        conditions.append(ExternalResult.status == status)
    rows = (
        select(ExternalResult, ExternalLineItem, Student, Subject, WorkType, IntegrationClient)
        .join(ExternalLineItem, ExternalLineItem.id == ExternalResult.line_item_id)
        .join(Student, Student.id == ExternalResult.student_id)
        .join(Subject, Subject.id == ExternalLineItem.subject_id)
        .join(WorkType, WorkType.id == ExternalLineItem.work_type_id)
        .join(IntegrationClient, IntegrationClient.id == ExternalResult.client_id)
        .where(readable_results(viewer, principal.school_id), and_(*conditions))
    )
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
