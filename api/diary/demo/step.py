"""The diary step of ``edudiary seed-demo``: the first demo school gets a current term."""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.demo import journal, people
from api.diary.demo import school as school_year
from api.diary.demo import timetable as demo_timetable
from api.diary.demo.people import PARENT, PASSWORD, PUPILS, STAFF, STUDENT
from api.diary.grades import service as grades_service
from api.diary.lessons import generation
from api.diary.structure.models import ClassTeacher, Guardianship, Student, Term
from api.identity import clock
from api.schools import service as schools_service
from api.schools.models import School


class DemoLog(Protocol):
    accounts: list[dict[str, Any]]
    schools: list[dict[str, Any]]
    log: list[str]


def current_term(terms: list[Term], today: date) -> Term:
    """The term under way, else the next one, else the last."""
    return next((t for t in terms if t.starts_on <= today <= t.ends_on), None) or next(
        (t for t in terms if t.starts_on > today), terms[-1]
    )


async def seed_diary(session: AsyncSession, data: DemoLog) -> None:
    if not data.schools:
        data.log.append("Дневник (демо): нет демо-школы — шаг пропущен")
        return
    school = await session.get(School, uuid.UUID(data.schools[0]["id"]))
    assert school is not None
    rng = random.Random(2107)  # noqa: S311 - reproducible demo data, not secrets
    year = schools_service.current_academic_year(school.timezone)
    academic_year, terms = await school_year.ensure_year(session, school, year)
    subjects = await school_year.ensure_subjects(session, school)
    await grades_service.ensure_work_types(session, school.id)
    staff = {p.key: await people.ensure_account(session, p, school.id) for p in STAFF}
    classes = {
        c.name: c
        for c in await schools_service.list_classes(session, school, year)
        if c.name in school_year.CLASSES
    }
    rosters = {
        name: await people.ensure_pupils(session, school, c, rng) for name, c in classes.items()
    }
    if await session.get(ClassTeacher, classes["9-Б"].id) is None:
        session.add(ClassTeacher(class_id=classes["9-Б"].id, teacher_id=staff["class_teacher"].id))
    await school_year.ensure_assignments(session, school, classes, subjects, staff)
    plan = demo_timetable.weekly_plan(
        {name: school_year.CURRICULUM[c.grade] for name, c in classes.items()}
    )
    rooms = {p.key: p.room for p in STAFF}
    await demo_timetable.ensure_slots(session, school, terms, classes, plan, subjects, staff, rooms)
    today = clock.now().astimezone(ZoneInfo(school.timezone)).date()
    current = current_term(terms, today)
    created, _ = await generation.generate_lessons(session, current)
    if created:
        await journal.fill(session, school, current, today, classes, rosters, rng)
    child = rosters["9-Б"][0]
    own = rosters["9-Б"][1]
    parent = await people.ensure_account(session, PARENT, None)
    student = await people.ensure_account(session, STUDENT, None)
    if (
        await session.scalar(
            select(Guardianship.id).where(
                Guardianship.account_id == parent.id, Guardianship.student_id == child.id
            )
        )
        is None
    ):
        session.add(Guardianship(id=uuid.uuid4(), account_id=parent.id, student_id=child.id))
    if (
        own.account_id is None
        and await session.scalar(select(Student.id).where(Student.account_id == student.id)) is None
    ):
        own.account_id = student.id
    await session.flush()
    linked = await session.scalar(select(Student.id).where(Student.account_id == student.id))
    for key in people.LISTED_STAFF:
        person = next(p for p in STAFF if p.key == key)
        data.accounts.append(
            {
                "role": person.role.value,
                "login": person.phone,
                "password": PASSWORD,
                "school_id": str(school.id),
            }
        )
    data.accounts.append(
        {
            "role": "parent",
            "login": PARENT.phone,
            "password": PASSWORD,
            "student_ids": [str(child.id)],
        }
    )
    data.accounts.append(
        {
            "role": "student",
            "login": STUDENT.phone,
            "password": PASSWORD,
            "student_ids": [str(linked)] if linked else [],
        }
    )
    data.log.append(
        f"Дневник (демо): «{school.short_name}», {academic_year.year}/{academic_year.year + 1}, "
        f"{current.number}-я четверть: уроков добавлено — {created}; "
        f"классы {', '.join(sorted(classes))} "
        f"по {PUPILS} учеников; пароль демо-учётных записей — {PASSWORD}"
    )
