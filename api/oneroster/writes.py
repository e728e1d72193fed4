"""Gradebook writes of a platform (contract §4.5): its own line items and results.

Clients never write the journal: a result is stored as an external result — a suggestion
the teacher accepts (then it becomes a grade through the journal's write path, see
``suggestions``) or rejects. A PUT replaces the platform's object; the same body again
changes nothing (no new ``dateLastModified``, the teacher's decision stands). A changed
result is a new suggestion: back to ``pending``. Every write is one audit row
(``integration.write``) in the same transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.grades.models import Grade, WorkType
from api.diary.lessons.models import Lesson
from api.diary.structure.models import Student
from api.i18n import Text
from api.identity.deps import Principal
from api.integrations import audit as integrations_audit
from api.oneroster import imsx
from api.oneroster.classes import readable_classes
from api.oneroster.models import ExternalLineItem, ExternalResult, SuggestionStatus
from api.oneroster.schemas import LineItemIn, ResultIn, ScoreStatus


def _key(path_id: str, body_id: str | None) -> uuid.UUID:
    """The platform's sourcedId: a UUID (edudiary keeps every object under one)."""
    if body_id is not None and body_id != path_id:
        raise imsx.invalid_data(
            Text(
                "sourcedId в теле не совпадает с адресом",
                "The body's sourcedId differs from the path's",
            )
        )
    try:
        return uuid.UUID(path_id)
    except ValueError:
        raise imsx.invalid_data(
            Text(
                "sourcedId объектов платформы — UUID",
                "A platform's sourcedIds must be UUIDs",
            )
        ) from None


def _ref_uuid(sourced_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(sourced_id)
    except ValueError:
        raise imsx.unknown_object() from None


def not_yours() -> Exception:
    return imsx.forbidden(
        Text(
            "Этот объект ведёт не ваша платформа: его оценки — официальный журнал учителя "
            "или данные другой платформы",
            "This object is not yours: it is the teacher's official journal or another "
            "platform's data",
        )
    )


async def _edudiary_line_item(session: AsyncSession, school_id: Any, key: uuid.UUID) -> bool:
    """Is ``key`` a column of the school's journal (a lesson × work type with grades, live or
    removed)? One index probe on the grades' stored sourcedId (migration 0034)."""
    found = await session.scalar(
        select(Grade.id)
        .join(Lesson, Lesson.id == Grade.lesson_id)
        .where(Grade.line_item_sourced_id == key, Lesson.school_id == school_id)
        .limit(1)
    )
    return found is not None


async def _scheduled_class(
    session: AsyncSession, school_id: Any, sourced_id: str
) -> tuple[uuid.UUID, uuid.UUID]:
    """(class_id, subject_id) of a scheduled class of the school; a homeroom → 422."""
    key = _ref_uuid(sourced_id)
    classes = readable_classes().subquery("classes")
    row = (
        await session.execute(
            select(classes.c.class_type, classes.c.class_id, classes.c.subject_id).where(
                classes.c.sourced_id == key
            ),
            {"school": school_id},
        )
    ).first()
    if row is None:
        raise imsx.unknown_object()
    if row.class_type != "scheduled":
        raise imsx.invalid_data(
            Text(
                "Строка журнала принадлежит предметному классу (например, «9-Б Алгебра»), "
                "а не классу целиком",
                "A line item belongs to a scheduled (subject) class, not a homeroom",
            )
        )
    return row.class_id, row.subject_id


async def _now(session: AsyncSession) -> datetime:
    """The statement's clock, not the transaction's: a change stamps its own moment."""
    now: datetime | None = await session.scalar(select(func.clock_timestamp()))
    assert now is not None
    return now


def _number(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"))


async def put_line_item(
    session: AsyncSession, caller: Principal, path_id: str, body: LineItemIn
) -> bool:
    """Create (True) or replace (False) the platform's line item."""
    key = _key(path_id, body.sourced_id)
    school_id = caller.school_id
    if body.school is not None and _ref_uuid(body.school.sourced_id) != school_id:
        raise imsx.unknown_object()
    existing = await session.get(ExternalLineItem, key, with_for_update=True)
    if existing is not None and existing.school_id != school_id:
        raise imsx.unknown_object()
    if existing is not None and existing.client_id != caller.account_id:
        raise not_yours()
    if existing is None and await _edudiary_line_item(session, school_id, key):
        raise not_yours()
    class_id, subject_id = await _scheduled_class(session, school_id, body.class_.sourced_id)
    category = await session.scalar(
        select(WorkType.id).where(
            WorkType.id == _ref_uuid(body.category.sourced_id), WorkType.school_id == school_id
        )
    )
    if category is None:
        raise imsx.unknown_object()
    if body.result_value_min > body.result_value_max:
        raise imsx.invalid_data(
            Text(
                "resultValueMin больше resultValueMax",
                "resultValueMin is greater than resultValueMax",
            )
        )
    if body.assign_date > body.due_date:
        raise imsx.invalid_data(
            Text("assignDate позже dueDate", "assignDate is later than dueDate")
        )
    values: dict[str, Any] = {
        "class_id": class_id,
        "subject_id": subject_id,
        "work_type_id": category,
        "title": body.title,
        "description": body.description,
        "assign_date": body.assign_date,
        "due_date": body.due_date,
        "result_value_min": _number(body.result_value_min),
        "result_value_max": _number(body.result_value_max),
    }
    created = existing is None or existing.deleted_at is not None
    if existing is None:
        session.add(
            ExternalLineItem(id=key, school_id=school_id, client_id=caller.account_id, **values)
        )
    elif created or any(getattr(existing, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(existing, name, value)
        existing.deleted_at = None
        existing.updated_at = await _now(session)
    await session.flush()
    await integrations_audit.client_access(
        session, caller, "lineItems", object_id=key, count=1, write=True
    )
    return created


async def put_result(
    session: AsyncSession, caller: Principal, path_id: str, body: ResultIn
) -> bool:
    """Create (True) or replace (False) the platform's result: a suggestion to the teacher."""
    key = _key(path_id, body.sourced_id)
    school_id = caller.school_id
    existing = await session.get(ExternalResult, key, with_for_update=True)
    if existing is not None and existing.school_id != school_id:
        raise imsx.unknown_object()
    if existing is not None and existing.client_id != caller.account_id:
        raise not_yours()
    if existing is None:
        official = await session.scalar(
            select(Grade.id)
            .join(Lesson, Lesson.id == Grade.lesson_id)
            .where(Grade.id == key, Lesson.school_id == school_id)
        )
        if official is not None:
            raise not_yours()
    item_key = _ref_uuid(body.line_item.sourced_id)
    item = await session.get(ExternalLineItem, item_key)
    if item is None or item.school_id != school_id or item.deleted_at is not None:
        if item is None and await _edudiary_line_item(session, school_id, item_key):
            raise not_yours()
        raise imsx.unknown_object()
    if item.client_id != caller.account_id:
        raise not_yours()
    student = await session.get(Student, _ref_uuid(body.student.sourced_id))
    if student is None or student.school_id != school_id:
        raise imsx.unknown_object()
    if student.class_id != item.class_id:
        raise imsx.invalid_data(
            Text(
                "Ученик не учится в классе этой строки журнала",
                "The student is not enrolled in the line item's class",
            )
        )
    graded = body.score_status in (ScoreStatus.fully_graded, ScoreStatus.partially_graded)
    if graded and body.score is None and body.text_score is None:
        raise imsx.invalid_data(
            Text(
                "Для оценённой работы нужен score или textScore",
                "A graded result needs a score or a textScore",
            )
        )
    values: dict[str, Any] = {
        "line_item_id": item.id,
        "student_id": student.id,
        "score": None if body.score is None else _number(body.score),
        "text_score": body.text_score,
        "score_status": body.score_status.value,
        "score_date": body.score_date,
        "comment": body.comment,
    }
    created = existing is None or existing.deleted_at is not None
    if existing is None:
        session.add(
            ExternalResult(id=key, school_id=school_id, client_id=caller.account_id, **values)
        )
    elif created or any(getattr(existing, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(existing, name, value)
        # A changed result is a new suggestion: the teacher decides again.
        existing.deleted_at = None
        existing.status = SuggestionStatus.pending
        existing.decided_by = None
        existing.decided_at = None
        existing.grade_id = None
        existing.updated_at = await _now(session)
    await session.flush()
    await integrations_audit.client_access(
        session, caller, "results", object_id=key, subject_ids=[student.id], write=True
    )
    return created


async def delete_line_item(session: AsyncSession, caller: Principal, path_id: str) -> None:
    """The line item and its results become tombstones."""
    key = _ref_uuid(path_id)
    item = await session.get(ExternalLineItem, key, with_for_update=True)
    if item is None or item.school_id != caller.school_id or item.deleted_at is not None:
        if item is None and await _edudiary_line_item(session, caller.school_id, key):
            raise not_yours()
        raise imsx.unknown_object()
    if item.client_id != caller.account_id:
        raise not_yours()
    now = await _now(session)
    item.deleted_at = now
    await session.execute(
        update(ExternalResult)
        .where(ExternalResult.line_item_id == key, ExternalResult.deleted_at.is_(None))
        .values(deleted_at=now)
    )
    await integrations_audit.client_access(
        session, caller, "lineItems", object_id=key, count=1, write=True
    )


async def delete_result(session: AsyncSession, caller: Principal, path_id: str) -> None:
    key = _ref_uuid(path_id)
    result = await session.get(ExternalResult, key, with_for_update=True)
    if result is None or result.school_id != caller.school_id or result.deleted_at is not None:
        if result is None:
            official = await session.scalar(
                select(Grade.id)
                .join(Lesson, Lesson.id == Grade.lesson_id)
                .where(Grade.id == key, Lesson.school_id == caller.school_id)
            )
            if official is not None:
                raise not_yours()
        raise imsx.unknown_object()
    if result.client_id != caller.account_id:
        raise not_yours()
    result.deleted_at = await _now(session)
    await integrations_audit.client_access(
        session, caller, "results", object_id=key, subject_ids=[result.student_id], write=True
    )
