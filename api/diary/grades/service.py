"""Recording grades (the bulk post runs on the fast path), removing them, their history,
the school's work types and rounding thresholds."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg
import orjson
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import session_driver
from api.diary import families
from api.diary.grades import statements
from api.diary.grades.models import Grade, GradeAction, GradeChange, GradingPolicy, WorkType
from api.diary.grades.schemas import GradeIn, GradingPolicyIn, WorkTypeIn
from api.diary.lessons.access import taught_lessons
from api.diary.lessons.models import Lesson
from api.diary.lessons.service import lesson_not_found
from api.diary.structure.models import SubjectAssessment
from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity import tokens
from api.identity.deps import Principal
from api.notifications import service as notifications
from api.notifications.service import Kind, Message
from api.webhooks import events as webhooks

DEFAULT_WORK_TYPES: tuple[tuple[str, str, str, bool], ...] = (
    ("answer", "Ответ на уроке", "1.0", True),
    ("homework", "Домашняя работа", "1.0", False),
    ("independent", "Самостоятельная работа", "1.5", False),
    ("test", "Контрольная работа", "2.0", False),
    ("exam", "Итоговая контрольная работа", "3.0", False),
)
DEFAULT_POLICY = (Decimal("4.50"), Decimal("3.50"), Decimal("2.50"))


async def ensure_work_types(session: AsyncSession, school_id: uuid.UUID) -> list[WorkType]:
    """The school's work types, created with the defaults on first use."""
    await session.execute(
        insert(WorkType)
        .values(
            [
                {
                    "id": uuid.uuid4(),
                    "school_id": school_id,
                    "code": c,
                    "name": n,
                    "weight": Decimal(w),
                    "is_default": d,
                }
                for c, n, w, d in DEFAULT_WORK_TYPES
            ]
        )
        .on_conflict_do_nothing(index_elements=["school_id", "code"])
    )
    return list(
        await session.scalars(
            select(WorkType).where(WorkType.school_id == school_id).order_by(WorkType.code)
        )
    )


async def set_work_type(
    session: AsyncSession, school_id: uuid.UUID, code: str, body: WorkTypeIn
) -> WorkType:
    await ensure_work_types(session, school_id)
    if body.is_default:
        await session.execute(
            update(WorkType).where(WorkType.school_id == school_id).values(is_default=False)
        )
    values = {
        "name": body.name,
        "weight": Decimal(str(round(body.weight, 1))),
        "is_default": body.is_default,
    }
    work_type = await session.scalar(
        insert(WorkType)
        .values(id=uuid.uuid4(), school_id=school_id, code=code, **values)
        .on_conflict_do_update(index_elements=["school_id", "code"], set_=values)
        .returning(WorkType)
        .execution_options(populate_existing=True)
    )
    assert work_type is not None
    return work_type


async def policy(session: AsyncSession, school_id: uuid.UUID) -> tuple[Decimal, Decimal, Decimal]:
    row = await session.get(GradingPolicy, school_id)
    return DEFAULT_POLICY if row is None else (row.five_from, row.four_from, row.three_from)


async def set_policy(
    session: AsyncSession, school_id: uuid.UUID, body: GradingPolicyIn
) -> tuple[Decimal, Decimal, Decimal]:
    if not body.three_from < body.four_from < body.five_from:
        raise ValidationFailed(
            code="thresholds_order",
            detail=Text("Пороги должны возрастать: 3 < 4 < 5", "Thresholds must rise: 3 < 4 < 5"),
            errors=[
                FieldError(
                    "four_from",
                    "thresholds_order",
                    Text("Пороги должны возрастать", "Thresholds must rise"),
                )
            ],
        )
    values = {
        "five_from": Decimal(str(body.five_from)),
        "four_from": Decimal(str(body.four_from)),
        "three_from": Decimal(str(body.three_from)),
    }
    await session.execute(
        insert(GradingPolicy)
        .values(school_id=school_id, **values)
        .on_conflict_do_update(
            index_elements=["school_id"], set_={**values, "updated_at": func.now()}
        )
    )
    return values["five_from"], values["four_from"], values["three_from"]


def _item_error(index: int, field: str, code: str, ru: str, en: str) -> FieldError:
    return FieldError(f"{index}.{field}", code, Text(ru, en))


def work_types_of(context: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The school's work types from the grade context, by code."""
    return {w["code"]: w for w in context["work_types"]}


def plan(
    context: dict[str, Any], work_types: dict[str, dict[str, Any]], items: list[GradeIn]
) -> statements.GradeRows:
    """The rows to write, or ``ValidationFailed`` naming every bad item (no DB work)."""
    default = next((w for w in work_types.values() if w["is_default"]), None) or next(
        iter(work_types.values())
    )
    roster = {uuid.UUID(s["id"]) for s in context["students"]}
    absent = {uuid.UUID(s["id"]) for s in context["students"] if s["absent"]}
    pass_fail = context["assessment"] == SubjectAssessment.pass_fail
    rows = statements.GradeRows([], [], [], [], [])
    errors: list[FieldError] = []
    seen: set[tuple[uuid.UUID, str]] = set()
    for index, item in enumerate(items):
        work_type = work_types.get(item.work_type) if item.work_type else default
        if item.student_id not in roster:
            errors.append(
                _item_error(
                    index,
                    "student_id",
                    "student_not_in_class",
                    "Этот ученик не учится в классе урока",
                    "The student is not in the lesson's class",
                )
            )
        if work_type is None:
            errors.append(
                _item_error(
                    index,
                    "work_type",
                    "work_type_unknown",
                    "В школе нет такого вида работы",
                    "The school has no such work type",
                )
            )
            continue
        if isinstance(item.value, int) == pass_fail:
            errors.append(
                _item_error(
                    index,
                    "value",
                    "grade_scale",
                    "По зачётному предмету ставится зачёт (pass) или незачёт (fail)"
                    if pass_fail
                    else "По этому предмету ставится оценка от 1 до 5",
                    "This subject takes pass / fail"
                    if pass_fail
                    else "This subject takes a grade from 1 to 5",
                )
            )
        if item.student_id in absent and not item.absent_confirmed:
            # A grade for a pupil marked «Н» is usually a slip of the hand (the row above or
            # below); sometimes it is for work handed in later. Only the latter, said so.
            errors.append(
                _item_error(
                    index,
                    "absent_confirmed",
                    "student_absent",
                    "Ученик отмечен «Н» на этом уроке: подтвердите оценку, если работа сдана позже",
                    "The student is marked absent at this lesson: confirm the grade if the work "
                    "was handed in later",
                )
            )
        if (item.student_id, work_type["code"]) in seen:
            errors.append(
                _item_error(
                    index,
                    "student_id",
                    "duplicate",
                    "Ученику уже ставится такая оценка в этом запросе",
                    "The student appears twice with this work type",
                )
            )
        seen.add((item.student_id, work_type["code"]))
        rows.student_ids.append(item.student_id)
        rows.work_type_ids.append(uuid.UUID(work_type["id"]))
        rows.scores.append(item.value if isinstance(item.value, int) else None)
        rows.passed.append(None if isinstance(item.value, int) else item.value == "pass")
        rows.comments.append(item.comment)
    if errors:
        raise ValidationFailed(
            code="grades_invalid",
            detail=Text(
                "Оценки не выставлены: исправьте ошибки в строках",
                "No grades recorded: fix the listed items",
            ),
            errors=errors,
        )
    return rows


async def write(
    connection: asyncpg.Connection[Any],
    token: tokens.AccessClaims,
    context: dict[str, Any],
    rows: statements.GradeRows,
) -> tuple[str, str | None]:
    """Upsert the planned grades with their history, in-app notifications and webhook
    events (same transaction): (the grades as JSON text, the changed ones as JSON text or
    None)."""
    day = date.fromisoformat(context["date"])
    body, changed, events = await statements.write_grades(
        connection,
        lesson_id=uuid.UUID(context["id"]),
        teacher_id=token.account_id,
        subject_id=uuid.UUID(context["subject_id"]),
        subject_name=context["subject_name"],
        day=day,
        week=families.iso_week(day),
        rows=rows,
    )
    if events is not None:
        lesson = {
            "lesson_id": context["id"],
            "class_id": context["class_id"],
            "subject_id": context["subject_id"],
            "school_id": context["school_id"],
        }
        await webhooks.emit_on(
            connection,
            uuid.UUID(context["school_id"]),
            [
                webhooks.grade_event(
                    e["created"],
                    grade_id=e["id"],
                    student_id=e["student_id"],
                    work_type_id=e["work_type_id"],
                    **lesson,
                )
                for e in orjson.loads(events)
            ],
        )
    return body, changed


async def record(
    session: AsyncSession, token: tokens.AccessClaims, lesson_id: uuid.UUID, items: list[GradeIn]
) -> bytes:
    """Set the grades of a lesson the caller teaches; returns ``list[GradeOut]`` as JSON.

    A student already graded for the same work type in this lesson gets the new value
    (the change goes to the history). Every new or changed grade notifies the family.
    The caller's session is checked inside the context statement (401 when it is gone)."""
    connection = await session_driver(session)
    is_teacher, context_text = await statements.grade_context(connection, token, lesson_id)
    if not is_teacher:
        raise Forbidden(
            code="role_required",
            detail=Text("Оценки ставят учителя", "Only teachers record grades"),
        )
    if context_text is None:
        raise lesson_not_found()
    context: dict[str, Any] = orjson.loads(context_text)
    work_types = work_types_of(context)
    if not work_types:
        work_types = {
            w.code: {"id": str(w.id), "code": w.code, "name": w.name, "is_default": w.is_default}
            for w in await ensure_work_types(session, uuid.UUID(context["school_id"]))
        }
    rows = plan(context, work_types, items)
    body, changed = await write(connection, token, context, rows)
    opted_in = {uuid.UUID(o["account_id"]) for o in context["opted_in"]}
    if changed and opted_in:
        # The same wording and link as the in-app notices the statement just wrote.
        await notifications.send_external(
            session,
            [
                (account_id, Message(Kind.grade, m["title"], m["body"], m["link"]))
                for m in orjson.loads(changed)
                if (account_id := uuid.UUID(m["account_id"])) in opted_in
            ],
        )
    return body.encode()


async def delete(session: AsyncSession, principal: Principal, grade_id: uuid.UUID) -> None:
    """Remove a grade of a lesson the caller teaches (kept for the history)."""
    taught = taught_lessons(principal).with_only_columns(Lesson.id)
    grade = await session.scalar(
        select(Grade).where(
            Grade.id == grade_id,
            Grade.deleted_at.is_(None),
            Grade.lesson_id.in_(taught.scalar_subquery()),
        )
    )
    if grade is None:
        raise NotFound(code="grade_not_found", detail=Text("Такой оценки нет", "No such grade"))
    now = await session.scalar(select(func.now()))
    grade.deleted_at = now
    lesson = await session.get(Lesson, grade.lesson_id)
    assert lesson is not None
    session.add(
        GradeChange(
            grade_id=grade.id,
            student_id=grade.student_id,
            action=GradeAction.deleted,
            old_value=str(grade.score)
            if grade.score is not None
            else ("pass" if grade.passed else "fail"),
            new_value=None,
            comment=grade.comment,
            changed_by=principal.account_id,
            changed_at=now,
        )
    )
    await webhooks.emit(
        session,
        lesson.school_id,
        [
            (
                webhooks.GRADE_DELETED,
                webhooks.grade_data(
                    grade_id=grade.id,
                    student_id=grade.student_id,
                    lesson_id=lesson.id,
                    work_type_id=grade.work_type_id,
                    class_id=lesson.class_id,
                    subject_id=lesson.subject_id,
                    school_id=lesson.school_id,
                ),
            )
        ],
    )
