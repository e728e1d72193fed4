"""A small school world for diary tests: two schools, two classes, every role.

School «Лицей» (``zone``) has classes 9-Б (three pupils) and 9-А (one pupil). Algebra is
taught in 9-Б by ``teacher`` and in 9-А by ``other_teacher``; physical education
(pass/fail) in 9-Б by ``other_teacher``. ``class_teacher`` runs 9-Б; ``admin`` runs the
school. ``parent`` is the guardian of ``pupil`` (9-Б), ``other_parent`` of ``stranger``
(9-А); ``student`` is the 9-Б pupil ``own`` who logs in. A second school has its own
``foreign_admin``. The term runs 9–29 November 2026; lessons Mon–Fri: algebra 1st,
PE 2nd in 9-Б, algebra 1st in 9-А.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date, time

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.lessons import generation
from api.diary.structure.models import (
    AcademicYear,
    Bell,
    ClassTeacher,
    Guardianship,
    Student,
    Subject,
    SubjectAssessment,
    TeachingAssignment,
    Term,
    TermKind,
    TimetableSlot,
)
from api.identity.deps import Principal
from api.identity.models import Role
from api.schools.models import School, SchoolClass, SchoolKind
from tests.factories import Person, make_person

_inn = itertools.count(1_000_000)

TERM_START = date(2026, 11, 9)
TERM_END = date(2026, 11, 29)
WEEK = "2026-W48"  # 23–29 November 2026
MONDAY = date(2026, 11, 23)


def make_school(zone: str, name: str) -> School:
    n = next(_inn)
    return School(
        id=uuid.uuid4(),
        full_name=name,
        short_name=name,
        inn=f"77{n:08d}",
        ogrn=f"10277{n:08d}",
        kpp="770101001",
        region_code="77",
        region_name="Москва",
        address="Москва",
        kind=SchoolKind.school,
        connected=True,
        timezone=zone,
        search_text=name.lower(),
    )


@dataclass
class World:
    school: School
    other_school: School
    class_b: SchoolClass
    class_a: SchoolClass
    algebra: Subject
    pe: Subject
    term: Term
    teacher: Person
    other_teacher: Person
    class_teacher: Person
    admin: Person
    foreign_admin: Person
    parent: Person
    other_parent: Person
    student: Person
    pupil: Student
    own: Student
    classmate: Student
    stranger: Student

    def people(self) -> dict[str, Person]:
        return {
            "teacher": self.teacher,
            "other_teacher": self.other_teacher,
            "class_teacher": self.class_teacher,
            "admin": self.admin,
            "foreign_admin": self.foreign_admin,
            "parent": self.parent,
            "other_parent": self.other_parent,
            "student": self.student,
        }


def pupil_row(school: School, school_class: SchoolClass, last: str, first: str) -> Student:
    return Student(
        id=uuid.uuid4(),
        school_id=school.id,
        class_id=school_class.id,
        last_name=last,
        first_name=first,
        middle_name=None,
        birth_date=date(2011, 5, 4),
    )


async def build_world(
    session: AsyncSession, settings: Settings, *, zone: str = "Europe/Moscow"
) -> World:
    school = make_school(zone, f"Лицей {uuid.uuid4().hex[:6]}")
    other_school = make_school("Asia/Yekaterinburg", f"Гимназия {uuid.uuid4().hex[:6]}")
    session.add_all([school, other_school])
    await session.flush()
    class_b = SchoolClass(
        id=uuid.uuid4(), school_id=school.id, academic_year=2026, grade=9, letter="Б"
    )
    class_a = SchoolClass(
        id=uuid.uuid4(), school_id=school.id, academic_year=2026, grade=9, letter="А"
    )
    algebra = Subject(id=uuid.uuid4(), school_id=school.id, name="Алгебра")
    pe = Subject(
        id=uuid.uuid4(),
        school_id=school.id,
        name="Физическая культура",
        assessment=SubjectAssessment.pass_fail,
    )
    year = AcademicYear(
        id=uuid.uuid4(),
        school_id=school.id,
        year=2026,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 31),
        term_kind=TermKind.quarter,
    )
    session.add_all([class_b, class_a, algebra, pe, year])
    await session.flush()
    term = Term(
        id=uuid.uuid4(),
        school_id=school.id,
        academic_year_id=year.id,
        kind=TermKind.quarter,
        number=2,
        starts_on=TERM_START,
        ends_on=TERM_END,
    )
    session.add(term)

    async def staff(role: Role, last: str, first: str, school_id: uuid.UUID) -> Person:
        person = await make_person(
            session, settings, roles=(role,), last_name=last, first_name=first
        )
        person.account.school_id = school_id
        return person

    teacher = await staff(Role.teacher, "Соколова", "Анна", school.id)
    other_teacher = await staff(Role.teacher, "Волков", "Игорь", school.id)
    class_teacher = await staff(Role.class_teacher, "Орлова", "Нина", school.id)
    admin = await staff(Role.school_admin, "Кузнецов", "Павел", school.id)
    foreign_admin = await staff(Role.school_admin, "Зайцев", "Олег", other_school.id)
    parent = await make_person(session, settings, last_name="Иванова", first_name="Мария")
    other_parent = await make_person(session, settings, last_name="Петрова", first_name="Елена")
    student = await make_person(
        session, settings, roles=(Role.student,), last_name="Смирнов", first_name="Егор"
    )

    pupil = pupil_row(school, class_b, "Иванов", "Пётр")
    own = pupil_row(school, class_b, "Смирнов", "Егор")
    own.account_id = student.id
    classmate = pupil_row(school, class_b, "Алексеева", "Вера")
    stranger = pupil_row(school, class_a, "Петров", "Илья")
    session.add_all([pupil, own, classmate, stranger])
    await session.flush()
    session.add_all(
        [
            Guardianship(id=uuid.uuid4(), account_id=parent.id, student_id=pupil.id),
            Guardianship(id=uuid.uuid4(), account_id=other_parent.id, student_id=stranger.id),
            TeachingAssignment(
                id=uuid.uuid4(),
                school_id=school.id,
                teacher_id=teacher.id,
                class_id=class_b.id,
                subject_id=algebra.id,
            ),
            TeachingAssignment(
                id=uuid.uuid4(),
                school_id=school.id,
                teacher_id=other_teacher.id,
                class_id=class_a.id,
                subject_id=algebra.id,
            ),
            TeachingAssignment(
                id=uuid.uuid4(),
                school_id=school.id,
                teacher_id=other_teacher.id,
                class_id=class_b.id,
                subject_id=pe.id,
            ),
            ClassTeacher(class_id=class_b.id, teacher_id=class_teacher.id),
            Bell(
                id=uuid.uuid4(),
                school_id=school.id,
                number=1,
                starts_at=time(8, 30),
                ends_at=time(9, 15),
            ),
            Bell(
                id=uuid.uuid4(),
                school_id=school.id,
                number=2,
                starts_at=time(9, 25),
                ends_at=time(10, 10),
            ),
        ]
    )
    for weekday in range(1, 6):
        session.add_all(
            [
                TimetableSlot(
                    id=uuid.uuid4(),
                    school_id=school.id,
                    term_id=term.id,
                    class_id=class_b.id,
                    weekday=weekday,
                    number=1,
                    subject_id=algebra.id,
                    teacher_id=teacher.id,
                    room="214",
                ),
                TimetableSlot(
                    id=uuid.uuid4(),
                    school_id=school.id,
                    term_id=term.id,
                    class_id=class_b.id,
                    weekday=weekday,
                    number=2,
                    subject_id=pe.id,
                    teacher_id=other_teacher.id,
                    room="Спортзал",
                ),
                TimetableSlot(
                    id=uuid.uuid4(),
                    school_id=school.id,
                    term_id=term.id,
                    class_id=class_a.id,
                    weekday=weekday,
                    number=1,
                    subject_id=algebra.id,
                    teacher_id=other_teacher.id,
                    room="301",
                ),
            ]
        )
    await session.flush()
    await generation.generate_lessons(session, term)
    await session.commit()
    return World(
        school=school,
        other_school=other_school,
        class_b=class_b,
        class_a=class_a,
        algebra=algebra,
        pe=pe,
        term=term,
        teacher=teacher,
        other_teacher=other_teacher,
        class_teacher=class_teacher,
        admin=admin,
        foreign_admin=foreign_admin,
        parent=parent,
        other_parent=other_parent,
        student=student,
        pupil=pupil,
        own=own,
        classmate=classmate,
        stranger=stranger,
    )


async def lesson_on(
    client: AsyncClient, person: Person, day: date, number: int = 1
) -> dict[str, object]:
    """The caller's lesson on ``day`` (number ``number``) from ``GET /me/lessons``."""
    response = await client.get(
        "/api/v1/me/lessons",
        params={"from": day.isoformat(), "to": day.isoformat()},
        headers=person.headers,
    )
    assert response.status_code == 200, response.text
    found = [lesson for lesson in response.json() if lesson["number"] == number]
    assert found, response.json()
    lesson: dict[str, object] = found[0]
    return lesson


def principal_of(person: Person) -> Principal:
    """The ``Principal`` the API would build for ``person`` (for the ORM reference)."""
    account = person.account
    return Principal(
        account_id=account.id,
        roles=frozenset(Role(r) for r in account.roles),
        level=str(account.level),
        school_id=account.school_id,
        session_id=uuid.uuid4(),
    )
