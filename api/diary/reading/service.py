"""The child switcher: the students a caller may pick in the diary."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.reading.schemas import MyStudent
from api.diary.schemas import Ref
from api.diary.structure.models import Guardianship, Student
from api.identity.deps import Principal
from api.schools.models import School, SchoolClass


async def my_students(session: AsyncSession, principal: Principal) -> list[MyStudent]:
    """A parent's children and a student's own record, for the child switcher."""
    me = principal.account_id
    rows = await session.execute(
        select(Student, SchoolClass, School, Guardianship.id)
        .join(SchoolClass, SchoolClass.id == Student.class_id)
        .join(School, School.id == Student.school_id)
        .outerjoin(
            Guardianship, and_(Guardianship.student_id == Student.id, Guardianship.account_id == me)
        )
        .where(or_(Student.account_id == me, Guardianship.id.is_not(None)))
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    return [
        MyStudent(
            id=student.id,
            last_name=student.last_name,
            first_name=student.first_name,
            middle_name=student.middle_name,
            school_class=Ref(id=school_class.id, name=school_class.name),
            school=Ref(id=school.id, name=school.short_name),
            relation="self" if student.account_id == me else "guardian",
        )
        for student, school_class, school, _ in rows
    ]
