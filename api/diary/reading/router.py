"""What families read: the week diary and the grade list (fast path), the child switcher.
Staff reads of the first two are audited (``staff_reads``); family reads are not."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.diary.grades.schemas import GradeOut
from api.diary.lessons.service import check_range
from api.diary.reading import journal, statements, terms
from api.diary.reading.journal_schemas import Journal, Summary
from api.diary.reading.schemas import Diary, MyStudent, StudentTerms
from api.diary.reading.staff_reads import record_staff_read
from api.diary.schemas import Page
from api.diary.structure.access import student_not_found
from api.errors import FieldError, ValidationFailed, problem_responses
from api.i18n import Text
from api.identity import clock
from api.identity.deps import HotRead
from api.identity.models import STAFF_ROLES

router = APIRouter(tags=["diary"])

WEEK_PATTERN = r"^[0-9]{4}-W[0-9]{2}$"


def week_monday(week: str | None) -> tuple[str, date]:
    """``2026-W48`` → its Monday. Without a week: the current one, as it is in the east of
    the country (on Sunday afternoon in Moscow it is already Monday in Kamchatka)."""
    if week is None:
        today = (clock.now() + timedelta(hours=12)).date()
        year, number, _ = today.isocalendar()
        week = f"{year}-W{number:02d}"
    try:
        monday = date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
    except ValueError:
        message = Text("Такой недели нет", "No such week")
        raise ValidationFailed(
            code="week_invalid",
            detail=message,
            errors=[FieldError("week", "week_invalid", message)],
        ) from None
    return week, monday


def json_response(body: str | None) -> Response:
    if body is None:
        raise student_not_found()
    return Response(content=body.encode(), media_type="application/json")


@router.get(
    "/students/{student_id}/diary",
    name="week",
    summary="Дневник ученика за неделю: уроки с темой, домашним заданием, оценками, посещаемостью",
    response_model=Diary,
    responses=problem_responses(401, 404, 422),
)
async def week_diary(
    student_id: uuid.UUID,
    hot: HotRead,
    week: Annotated[
        str | None, Query(pattern=WEEK_PATTERN, description="ISO-неделя: 2026-W48")
    ] = None,
) -> Response:
    week, monday = week_monday(week)
    days = [monday + timedelta(days=n) for n in range(7)]
    async with hot.connect() as connection:
        body, roles = await statements.week_diary(
            connection, hot.claims, student_id=student_id, week=week, days=days
        )
        response = json_response(body)
        if not roles.isdisjoint(STAFF_ROLES):  # families' reads cost no second round trip
            await record_staff_read(
                connection, hot.claims, student_id, "diary.week.read", {"week": week}
            )
        return response


@router.get(
    "/students/{student_id}/grades",
    name="grades",
    summary="Оценки ученика (новые сверху), с фильтром по датам и предмету",
    response_model=Page[GradeOut],
    responses=problem_responses(401, 404, 422),
)
async def grades(
    student_id: uuid.UUID,
    hot: HotRead,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    subject_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    async with hot.connect() as connection:
        body, roles = await statements.grade_list(
            connection,
            hot.claims,
            student_id=student_id,
            start=start,
            end=end,
            subject_id=subject_id,
            limit=limit,
            offset=offset,
        )
        response = json_response(body)
        if not roles.isdisjoint(STAFF_ROLES):  # families' reads cost no second round trip
            period = {
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
            }
            await record_staff_read(connection, hot.claims, student_id, "diary.grades.read", period)
        return response


@router.get(
    "/me/students",
    name="my_students",
    summary="Мои ученики: дети законного представителя или собственная запись ученика",
    response_model=list[MyStudent],
    responses=problem_responses(401),
)
async def my_students(hot: HotRead) -> Response:
    async with hot.connect() as connection:
        return Response(
            await statements.my_students(connection, hot.claims), media_type="application/json"
        )


@router.get(
    "/classes/{class_id}/journal",
    name="journal",
    summary="Журнал класса по предмету: ученики × уроки с оценками и посещаемостью",
    response_model=Journal,
    responses=problem_responses(401, 404, 422),
)
async def class_journal(
    class_id: uuid.UUID,
    subject_id: uuid.UUID,
    hot: HotRead,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> Response:
    check_range(start, end)
    async with hot.connect() as connection:
        body = await journal.journal(connection, hot.claims, class_id, subject_id, start, end)
        return Response(body, media_type="application/json")


@router.get(
    "/students/{student_id}/summary",
    name="summary",
    summary="Сводка по предметам за период: средний балл, итог, пропуски",
    response_model=Summary,
    responses=problem_responses(401, 404, 422),
)
async def student_summary(
    student_id: uuid.UUID,
    hot: HotRead,
    term_id: uuid.UUID | None = None,
) -> Summary:
    async with hot.connect() as connection:
        return await journal.summary(connection, hot.claims, student_id, term_id)


@router.get(
    "/students/{student_id}/terms",
    name="terms",
    summary="Четверти (триместры, полугодия) текущего учебного года школы ученика",
    response_model=StudentTerms,
    responses=problem_responses(401, 404, 422),
)
async def student_terms(student_id: uuid.UUID, hot: HotRead) -> StudentTerms:
    async with hot.connect() as connection:
        return await terms.student_terms(connection, hot.claims, student_id)
