"""The bell schedule and the weekly template of a class.

The lessons a template generates are the lessons feature's (``api.diary.lessons.generation``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure import service as structure
from api.diary.structure import subjects as structure_subjects
from api.diary.structure import teachers as structure_teachers
from api.diary.structure.models import Bell, Subject, Term, TimetableSlot
from api.diary.structure.schemas import BellIn, SlotIn
from api.identity.models import Account


async def list_bells(session: AsyncSession, school_id: uuid.UUID) -> list[Bell]:
    rows = await session.scalars(
        select(Bell).where(Bell.school_id == school_id).order_by(Bell.number)
    )
    return list(rows)


async def set_bells(
    session: AsyncSession, school_id: uuid.UUID, bells: Sequence[BellIn]
) -> list[Bell]:
    """Replace the bell schedule. Lessons already generated keep their times."""
    seen: set[int] = set()
    for index, bell in enumerate(bells):
        if bell.starts_at >= bell.ends_at:
            raise structure.invalid(
                f"{index}.ends_at",
                "times_order",
                "Урок должен кончаться после начала",
                "A lesson must end after it starts",
            )
        if bell.number in seen:
            raise structure.invalid(
                f"{index}.number", "duplicate", "Номер урока повторяется", "Duplicate lesson number"
            )
        seen.add(bell.number)
    await session.execute(delete(Bell).where(Bell.school_id == school_id))
    if bells:
        await session.execute(
            insert(Bell),
            [{"id": uuid.uuid4(), "school_id": school_id, **b.model_dump()} for b in bells],
        )
    return await list_bells(session, school_id)


@dataclass(frozen=True, slots=True)
class SlotView:
    slot: TimetableSlot
    subject: Subject
    teacher: Account


async def get_timetable(
    session: AsyncSession, term_id: uuid.UUID, class_id: uuid.UUID
) -> list[SlotView]:
    rows = await session.execute(
        select(TimetableSlot, Subject, Account)
        .join(Subject, Subject.id == TimetableSlot.subject_id)
        .join(Account, Account.id == TimetableSlot.teacher_id)
        .where(TimetableSlot.term_id == term_id, TimetableSlot.class_id == class_id)
        .order_by(TimetableSlot.weekday, TimetableSlot.number)
    )
    return [SlotView(*row) for row in rows]


async def set_timetable(
    session: AsyncSession,
    school_id: uuid.UUID,
    term: Term,
    class_id: uuid.UUID,
    slots: Sequence[SlotIn],
) -> list[SlotView]:
    """Replace the class's weekly template for the term. Generated lessons stay; run the
    generation again to add lessons of new slots."""
    await structure.get_class(session, school_id, class_id)
    bells = {b.number for b in await list_bells(session, school_id)}
    seen: set[tuple[int, int]] = set()
    for index, slot in enumerate(slots):
        if slot.number not in bells:
            raise structure.invalid(
                f"{index}.number",
                "no_bell",
                "Для этого номера урока нет звонка",
                "The bell schedule has no such lesson number",
            )
        if (slot.weekday, slot.number) in seen:
            raise structure.invalid(
                f"{index}.number", "duplicate", "Этот урок уже занят", "The slot is taken twice"
            )
        seen.add((slot.weekday, slot.number))
        await structure_subjects.get_subject(
            session, school_id, slot.subject_id, field=f"{index}.subject_id"
        )
        await structure_teachers.get_teacher(
            session, school_id, slot.teacher_id, field=f"{index}.teacher_id"
        )
    await session.execute(
        delete(TimetableSlot).where(
            TimetableSlot.term_id == term.id, TimetableSlot.class_id == class_id
        )
    )
    if slots:
        await session.execute(
            insert(TimetableSlot),
            [
                {
                    "id": uuid.uuid4(),
                    "school_id": school_id,
                    "term_id": term.id,
                    "class_id": class_id,
                    **s.model_dump(),
                }
                for s in slots
            ],
        )
    return await get_timetable(session, term.id, class_id)
