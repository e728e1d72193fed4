"""The school's holidays: the administration enters them, lesson generation skips them."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from api.db import SessionDep
from api.diary.holidays import service
from api.diary.holidays.schemas import SchoolHolidayIn, SchoolHolidayOut
from api.diary.structure.service import staff_school
from api.errors import problem_responses
from api.identity.deps import SchoolAdminUser, StaffUser

router = APIRouter(tags=["school-structure"])


@router.get(
    "/school-holidays",
    name="list_holidays",
    summary="Каникулы, карантины и другие дни без уроков школы",
    response_model=list[SchoolHolidayOut],
    responses=problem_responses(401, 403),
)
async def list_holidays(staff: StaffUser, session: SessionDep) -> list[SchoolHolidayOut]:
    return await service.list_holidays(session, staff_school(staff))


@router.post(
    "/school-holidays",
    name="create_holiday",
    status_code=201,
    summary="Добавить дни без уроков (уроки на них не создаются)",
    response_model=SchoolHolidayOut,
    responses=problem_responses(401, 403, 422),
)
async def create_holiday(
    body: SchoolHolidayIn, admin: SchoolAdminUser, session: SessionDep
) -> SchoolHolidayOut:
    return await service.create(session, staff_school(admin), body)


@router.delete(
    "/school-holidays/{holiday_id}",
    name="delete_holiday",
    status_code=204,
    summary="Удалить дни без уроков",
    response_class=Response,
    responses=problem_responses(401, 403, 404),
)
async def delete_holiday(
    holiday_id: uuid.UUID, admin: SchoolAdminUser, session: SessionDep
) -> Response:
    await service.delete(session, staff_school(admin), holiday_id)
    return Response(status_code=204)
