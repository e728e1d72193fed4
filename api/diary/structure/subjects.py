"""The subjects a school teaches."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Subject
from api.diary.structure.schemas import SubjectIn
from api.diary.structure.service import invalid
from api.errors import Conflict
from api.i18n import Text


async def get_subject(
    session: AsyncSession, school_id: uuid.UUID, subject_id: uuid.UUID, *, field: str
) -> Subject:
    subject = await session.scalar(
        select(Subject).where(Subject.id == subject_id, Subject.school_id == school_id)
    )
    if subject is None:
        raise invalid(field, "subject_not_found", "Такого предмета в школе нет", "No such subject")
    return subject


async def create_subject(session: AsyncSession, school_id: uuid.UUID, body: SubjectIn) -> Subject:
    taken = await session.scalar(
        select(Subject.id).where(Subject.school_id == school_id, Subject.name == body.name)
    )
    if taken is not None:
        raise Conflict(
            code="subject_exists",
            detail=Text("Такой предмет уже есть", "The subject already exists"),
        )
    subject = Subject(
        id=uuid.uuid4(), school_id=school_id, name=body.name, assessment=body.assessment
    )
    session.add(subject)
    await session.flush()
    return subject


async def list_subjects(session: AsyncSession, school_id: uuid.UUID) -> list[Subject]:
    rows = await session.scalars(
        select(Subject).where(Subject.school_id == school_id).order_by(Subject.name)
    )
    return list(rows)
