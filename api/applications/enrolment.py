"""Approval: the child becomes (or is found to be) a student on the school's roster and the
applicant becomes the student's guardian.

Matching, in order:

1. SNILS — the child's keyed hash against ``students.snils_hash`` of the application's
   school. SNILS identifies a person, so a match is the child.
2. The student number the school issued («идентификационный номер ученика»), but only
   together with the same last name, first name and birth date, and only for roster
   entries without a SNILS — a mistyped number must never hand a stranger's diary over.
   The match then learns the child's SNILS hash.
3. Otherwise a new student is enrolled in the application's class.

A child found in *another* class of the school keeps that class: the roster is the
school's record, and moving a pupil between classes (journals, grades) is an
administrative act of its own, not a side effect of connecting a diary. The approval
tells the applicant which class the child is in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application
from api.children.models import Child
from api.diary.structure import students as structure_students
from api.diary.structure.models import Student
from api.errors import Conflict
from api.i18n import Text
from api.schools.models import SchoolClass


@dataclass(frozen=True, slots=True)
class Enrolment:
    student: Student
    school_class: SchoolClass | None
    matched: bool  # an existing roster entry, not a new one

    def notice(self, requested_class_id: uuid.UUID | None) -> str:
        name = self.school_class.name if self.school_class else ""
        if self.matched and self.student.class_id != requested_class_id:
            return (
                f"Ребёнок уже числится в классе {name} этой школы: доступ к дневнику открыт "
                "для этого класса."
            )
        return f"Класс: {name}."


async def _by_snils(session: AsyncSession, school_id: uuid.UUID, child: Child) -> Student | None:
    rows = list(
        await session.scalars(
            select(Student)
            .where(Student.school_id == school_id, Student.snils_hash == child.snils_hash)
            .order_by(Student.created_at, Student.id)
        )
    )
    return rows[0] if rows else None


async def _by_number(
    session: AsyncSession, school_id: uuid.UUID, child: Child, number: str | None
) -> Student | None:
    if not number:
        return None
    return await session.scalar(
        select(Student)
        .where(
            Student.school_id == school_id,
            Student.student_number == number,
            Student.snils_hash.is_(None),
            Student.last_name == child.last_name,
            Student.first_name == child.first_name,
            Student.birth_date == child.birth_date,
        )
        .limit(1)
    )


async def enrol(session: AsyncSession, application: Application) -> Enrolment:
    """Find or create the roster entry, make the applicant a guardian, link the child."""
    assert application.school_id is not None
    child = await session.get(Child, application.child_id)
    assert child is not None  # the application cascades with its child
    student = await _by_snils(session, application.school_id, child)
    matched = student is not None
    if student is None:
        student = await _by_number(
            session, application.school_id, child, application.student_number
        )
        if student is not None:
            student.snils_hash = child.snils_hash
            matched = True
    if student is None:
        if application.class_id is None:
            raise Conflict(
                code="application_class_missing",
                detail=Text(
                    "Класса из заявления больше нет в школе: запросите у заявителя уточнение",
                    "The class of the application no longer exists: request information",
                ),
            )
        student = Student(
            id=uuid.uuid4(),
            school_id=application.school_id,
            class_id=application.class_id,
            last_name=child.last_name,
            first_name=child.first_name,
            middle_name=child.middle_name,
            birth_date=child.birth_date,
            snils_hash=child.snils_hash,
            student_number=application.student_number,
        )
        session.add(student)
        await session.flush()
    await structure_students.add_guardian(session, student.id, application.applicant_id)
    child.student_id = student.id
    application.student_id = student.id
    school_class = await session.get(SchoolClass, student.class_id)
    await session.flush()
    return Enrolment(student, school_class, matched)
