"""Grades: the teacher's bulk entry (fast path), removal, history, averages, settings."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Response

from api.db import SessionDep
from api.diary.grades import average_statement, averages, history, service, statements
from api.diary.grades import work_types as work_types_reading
from api.diary.grades.schemas import (
    AverageOut,
    GradeChangeOut,
    GradeIn,
    GradingPolicyIn,
    GradingPolicyOut,
    RecordedGrade,
    TermGradeIn,
    TermGradeOut,
    WhatIfIn,
    WorkTypeIn,
    WorkTypeOut,
)
from api.diary.schemas import Page
from api.diary.structure.access import get_readable_student, student_not_found
from api.diary.structure.service import require_school, staff_school
from api.errors import problem_responses
from api.identity.deps import (
    BearerToken,
    CurrentUser,
    HotRead,
    SchoolAdminUser,
    SettingsDep,
    StaffUser,
    TeacherUser,
)

router = APIRouter(tags=["grades"])


@router.post(
    "/lessons/{lesson_id}/grades",
    name="record",
    status_code=201,
    summary="Выставить оценки за урок (списком; повтор по тому же виду работы — исправление)",
    response_model=list[RecordedGrade],
    responses=problem_responses(401, 403, 404, 422),
)
async def record_grades(
    lesson_id: uuid.UUID,
    body: Annotated[list[GradeIn], Body(min_length=1, max_length=100)],
    token: BearerToken,
    session: SessionDep,
) -> Response:
    content = await service.record(session, token, lesson_id, body)
    return Response(content=content, status_code=201, media_type="application/json")


@router.delete(
    "/grades/{grade_id}",
    name="delete",
    status_code=204,
    summary="Удалить оценку (остаётся в истории изменений)",
    response_class=Response,
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_grade(grade_id: uuid.UUID, teacher: TeacherUser, session: SessionDep) -> Response:
    await service.delete(session, teacher, grade_id)
    return Response(status_code=204)


@router.get(
    "/students/{student_id}/grade-history",
    name="history",
    summary="История оценок ученика: кто, что и когда поставил, исправил или удалил",
    response_model=Page[GradeChangeOut],
    responses=problem_responses(401, 404, 422),
)
async def grade_history(
    student_id: uuid.UUID,
    hot: HotRead,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    async with hot.connect() as connection:
        body = await history.grade_history(
            connection, hot.claims, student_id=student_id, limit=limit, offset=offset
        )
        if body is None:
            raise student_not_found()
        return Response(body, media_type="application/json")


@router.get(
    "/students/{student_id}/averages",
    name="average",
    summary="Как считается средний балл и итоговая оценка по предмету за период",
    response_model=AverageOut,
    responses=problem_responses(401, 404, 422),
)
async def average(
    student_id: uuid.UUID,
    subject_id: uuid.UUID,
    hot: HotRead,
    term_id: uuid.UUID | None = None,
) -> Response:
    async with hot.connect() as connection:
        out = await average_statement.student_average(
            connection, hot.claims, student_id=student_id, subject_id=subject_id, term_id=term_id
        )
        return Response(out.model_dump_json(), media_type="application/json")


@router.post(
    "/students/{student_id}/averages/what-if",
    name="what_if",
    summary="«А если»: средний балл и итог с гипотетическими оценками (ничего не сохраняет)",
    response_model=AverageOut,
    responses=problem_responses(401, 404, 422),
)
async def what_if(
    student_id: uuid.UUID, body: WhatIfIn, principal: CurrentUser, session: SessionDep
) -> AverageOut:
    student = await get_readable_student(session, principal, student_id)
    return await averages.explain(
        session, principal, student, body.subject_id, body.term_id, body.hypothetical
    )


@router.get(
    "/students/{student_id}/term-grades",
    name="term_grades",
    summary="Четвертные (триместровые, полугодовые) и годовые оценки ученика",
    response_model=list[TermGradeOut],
    responses=problem_responses(401, 404, 422),
)
async def term_grades(student_id: uuid.UUID, hot: HotRead) -> Response:
    async with hot.connect() as connection:
        body = await statements.read_term_grades(connection, hot.claims, student_id)
        if body is None:
            raise student_not_found()
        return Response(body, media_type="application/json")


@router.post(
    "/classes/{class_id}/term-grades",
    name="close_term",
    summary="Выставить классу итоговые оценки за период или год по правилам школы",
    response_model=list[TermGradeOut],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def close_term(
    class_id: uuid.UUID,
    body: TermGradeIn,
    teacher: StaffUser,
    session: SessionDep,
    settings: SettingsDep,
) -> list[TermGradeOut]:
    return await averages.close_term(session, settings, teacher, class_id, body)


@router.get(
    "/work-types",
    name="work_types",
    summary="Виды работ школы и их веса",
    response_model=list[WorkTypeOut],
    responses=problem_responses(401, 403),
)
async def work_types(hot: HotRead) -> Response:
    async with hot.connect() as connection:
        row = await work_types_reading.work_types(connection, hot.claims)
        require_school(row["school_id"])
        return Response(row["body"], media_type="application/json")


@router.put(
    "/work-types/{code}",
    name="set_work_type",
    summary="Добавить или изменить вид работы и его вес",
    response_model=WorkTypeOut,
    responses=problem_responses(401, 403, 422),
)
async def set_work_type(
    code: Annotated[str, Path(pattern=r"^[a-z][a-z_]{0,31}$")],
    body: WorkTypeIn,
    admin: SchoolAdminUser,
    session: SessionDep,
) -> WorkTypeOut:
    w = await service.set_work_type(session, staff_school(admin), code, body)
    return WorkTypeOut(code=w.code, name=w.name, weight=float(w.weight), is_default=w.is_default)


@router.get(
    "/grading-policy",
    name="policy",
    summary="Пороги округления итоговых оценок школы",
    response_model=GradingPolicyOut,
    responses=problem_responses(401, 403),
)
async def get_policy(staff: StaffUser, session: SessionDep) -> GradingPolicyOut:
    five, four, three = await service.policy(session, staff_school(staff))
    return GradingPolicyOut(five_from=float(five), four_from=float(four), three_from=float(three))


@router.put(
    "/grading-policy",
    name="set_policy",
    summary="Задать пороги округления итоговых оценок (например, 5 — от 4,65)",
    response_model=GradingPolicyOut,
    responses=problem_responses(401, 403, 422),
)
async def set_policy(
    body: GradingPolicyIn, admin: SchoolAdminUser, session: SessionDep
) -> GradingPolicyOut:
    five, four, three = await service.set_policy(session, staff_school(admin), body)
    return GradingPolicyOut(five_from=float(five), four_from=float(four), three_from=float(three))
