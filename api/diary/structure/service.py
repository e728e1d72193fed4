"""School structure: what every part of it needs. Everything is scoped to the
administrator's school by the caller; the parts live beside this module: ``terms``
(academic years and terms), ``subjects``, ``teachers`` (teachers, assignments, class
teachers), ``students`` (students, guardians, rosters), ``timetable`` (bells, templates)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import FieldError, Forbidden, NotFound, ValidationFailed
from api.i18n import Text
from api.identity.deps import Principal
from api.schools.models import SchoolClass


def invalid(field: str, code: str, ru: str, en: str) -> ValidationFailed:
    return ValidationFailed(
        code=code, detail=Text(ru, en), errors=[FieldError(field, code, Text(ru, en))]
    )


def staff_school(principal: Principal) -> uuid.UUID:
    """The school a staff member works at (403 for accounts not attached to a school)."""
    return require_school(principal.school_id)


def require_school(school_id: uuid.UUID | None) -> uuid.UUID:
    """``school_id`` of a staff caller, 403 ``school_required`` when there is none."""
    if school_id is None:
        raise Forbidden(
            code="school_required",
            detail=Text(
                "Учётная запись не привязана к школе", "The account is not attached to a school"
            ),
        )
    return school_id


async def get_class(
    session: AsyncSession, school_id: uuid.UUID, class_id: uuid.UUID
) -> SchoolClass:
    found = await session.scalar(
        select(SchoolClass).where(SchoolClass.id == class_id, SchoolClass.school_id == school_id)
    )
    if found is None:
        raise class_not_found()
    return found


def class_not_found() -> NotFound:
    return NotFound(
        code="class_not_found",
        detail=Text("Такого класса в вашей школе нет", "No such class in your school"),
    )
