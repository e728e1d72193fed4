"""The school's holidays and which days of a term have no lessons because of them or of
the Russian calendar (public holidays, the Government's moved days off)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api import workdays
from api.diary.holidays.models import SchoolHoliday
from api.diary.holidays.schemas import SchoolHolidayIn, SchoolHolidayOut
from api.diary.schemas import Ref
from api.errors import FieldError, NotFound, ValidationFailed
from api.i18n import Text
from api.schools.models import SchoolClass


def holiday_out(holiday: SchoolHoliday, school_class: SchoolClass | None) -> SchoolHolidayOut:
    return SchoolHolidayOut(
        id=holiday.id,
        name=holiday.name,
        starts_on=holiday.starts_on,
        ends_on=holiday.ends_on,
        school_class=Ref(id=school_class.id, name=school_class.name) if school_class else None,
    )


async def list_holidays(session: AsyncSession, school_id: uuid.UUID) -> list[SchoolHolidayOut]:
    rows = await session.execute(
        select(SchoolHoliday, SchoolClass)
        .outerjoin(SchoolClass, SchoolClass.id == SchoolHoliday.class_id)
        .where(SchoolHoliday.school_id == school_id)
        .order_by(SchoolHoliday.starts_on, SchoolHoliday.ends_on, SchoolHoliday.id)
    )
    return [holiday_out(holiday, school_class) for holiday, school_class in rows]


async def create(
    session: AsyncSession, school_id: uuid.UUID, body: SchoolHolidayIn
) -> SchoolHolidayOut:
    errors: list[FieldError] = []
    if body.ends_on < body.starts_on:
        errors.append(
            FieldError(
                "ends_on",
                "dates_ordered",
                Text("Последний день раньше первого", "The last day precedes the first"),
            )
        )
    school_class = None
    if body.class_id is not None:
        school_class = await session.scalar(
            select(SchoolClass).where(
                SchoolClass.id == body.class_id, SchoolClass.school_id == school_id
            )
        )
        if school_class is None:
            errors.append(
                FieldError(
                    "class_id", "class_not_found", Text("Такого класса нет", "No such class")
                )
            )
    if errors:
        raise ValidationFailed(
            code="holiday_invalid",
            detail=Text("Проверьте даты и класс", "Check the dates and the class"),
            errors=errors,
        )
    holiday = SchoolHoliday(
        id=uuid.uuid4(),
        school_id=school_id,
        class_id=body.class_id,
        name=body.name.strip(),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
    )
    session.add(holiday)
    await session.flush()
    return holiday_out(holiday, school_class)


async def delete(session: AsyncSession, school_id: uuid.UUID, holiday_id: uuid.UUID) -> None:
    holiday = await session.scalar(
        select(SchoolHoliday).where(
            SchoolHoliday.id == holiday_id, SchoolHoliday.school_id == school_id
        )
    )
    if holiday is None:
        raise NotFound(
            code="holiday_not_found", detail=Text("Таких дней отдыха нет", "No such holiday")
        )
    await session.delete(holiday)
    await session.flush()


class DaysOff:
    """Days without lessons for a school between two dates: the Russian calendar's days
    off (a weekday off, or a public holiday on a Saturday of a six-day school week) and
    the school's own holidays, school-wide or for one class."""

    def __init__(self, holidays: Sequence[SchoolHoliday]) -> None:
        self._holidays = holidays

    @classmethod
    async def of(
        cls, session: AsyncSession, school_id: uuid.UUID, start: date, end: date
    ) -> DaysOff:
        holidays = await session.scalars(
            select(SchoolHoliday).where(
                SchoolHoliday.school_id == school_id,
                SchoolHoliday.starts_on <= end,
                SchoolHoliday.ends_on >= start,
            )
        )
        return cls(list(holidays))

    def includes(self, day: date, class_id: uuid.UUID) -> bool:
        if workdays.is_public_day_off(day):
            return True
        return any(
            h.starts_on <= day <= h.ends_on and h.class_id in (None, class_id)
            for h in self._holidays
        )
