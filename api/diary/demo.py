"""Demo diary for ``edudiary seed-demo``: the first demo school gets a current term.

Three classes of 25 pupils (5-А, 9-А, 9-Б), ten subjects, eight teachers, bells, a weekly
timetable for every quarter of the academic year, the lessons of the current quarter,
and for the lessons already held: grades, homework and attendance. Demo accounts (known
passwords, listed by ``--json``): a teacher who teaches algebra in 9-Б four times a week,
the class teacher of 9-Б, the school administrator, a parent of a 9-Б pupil and a 9-Б
student. Idempotent: what exists is kept, and grades are only added to lessons
generated in this run.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades import service as grades_service
from api.diary.grades.models import Grade
from api.diary.homework.models import Homework
from api.diary.lessons.models import Lesson
from api.diary.structure import timetable
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
from api.identity import clock, passwords
from api.identity.models import Account, AccountLevel, AccountStatus, Role
from api.schools import service as schools_service
from api.schools.models import School, SchoolClass


class DemoLog(Protocol):
    accounts: list[dict[str, Any]]
    schools: list[dict[str, Any]]
    log: list[str]


PASSWORD = "Dnevnik-Demo-2026!"  # noqa: S105 - demo only, printed by --json on purpose
CLASSES = ("5-А", "9-А", "9-Б")
PUPILS = 25
BELLS = [(n, time(8 + (n * 55 - 25) // 60, (n * 55 - 25) % 60)) for n in range(1, 8)]

# (name, assessment, lessons a week)
SUBJECTS = [
    ("Русский язык", SubjectAssessment.graded, 4),
    ("Литература", SubjectAssessment.graded, 3),
    ("Алгебра", SubjectAssessment.graded, 4),
    ("Геометрия", SubjectAssessment.graded, 2),
    ("Физика", SubjectAssessment.graded, 2),
    ("История", SubjectAssessment.graded, 2),
    ("Английский язык", SubjectAssessment.graded, 3),
    ("Биология", SubjectAssessment.graded, 2),
    ("Информатика", SubjectAssessment.graded, 1),
    ("Физическая культура", SubjectAssessment.pass_fail, 2),
]


@dataclass(frozen=True, slots=True)
class DemoPerson:
    key: str
    role: Role
    phone: str
    last_name: str
    first_name: str
    middle_name: str
    subjects: tuple[str, ...] = ()


STAFF = [
    DemoPerson(
        "teacher",
        Role.teacher,
        "+79000000201",
        "Соколова",
        "Анна",
        "Викторовна",
        ("Алгебра", "Геометрия"),
    ),
    DemoPerson(
        "class_teacher",
        Role.class_teacher,
        "+79000000202",
        "Орлова",
        "Нина",
        "Павловна",
        ("Русский язык", "Литература"),
    ),
    DemoPerson("school_admin", Role.school_admin, "+79000000203", "Кузнецов", "Павел", "Игоревич"),
    # Confirms parents' identities in the demo (a service-centre clerk).
    DemoPerson("operator", Role.operator, "+79000000204", "Соколова", "Анна", "Викторовна"),
    DemoPerson(
        "t_physics",
        Role.teacher,
        "+79000000211",
        "Волков",
        "Игорь",
        "Сергеевич",
        ("Физика", "Информатика"),
    ),
    DemoPerson(
        "t_history", Role.teacher, "+79000000212", "Морозова", "Елена", "Андреевна", ("История",)
    ),
    DemoPerson(
        "t_english",
        Role.teacher,
        "+79000000213",
        "Лебедева",
        "Ольга",
        "Николаевна",
        ("Английский язык",),
    ),
    DemoPerson(
        "t_biology", Role.teacher, "+79000000214", "Новиков", "Денис", "Олегович", ("Биология",)
    ),
    DemoPerson(
        "t_pe",
        Role.teacher,
        "+79000000215",
        "Козлов",
        "Артём",
        "Викторович",
        ("Физическая культура",),
    ),
]
PARENT = DemoPerson("parent", Role.parent, "+79000000221", "Смирнова", "Ольга", "Петровна")
STUDENT = DemoPerson("student", Role.student, "+79000000222", "Смирнов", "Андрей", "Андреевич")

LAST = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
        "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
        "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
        "Захаров"]  # fmt: skip
BOYS = [
    "Александр",
    "Максим",
    "Иван",
    "Артём",
    "Дмитрий",
    "Никита",
    "Михаил",
    "Даниил",
    "Егор",
    "Кирилл",
]
GIRLS = [
    "Анна",
    "Мария",
    "София",
    "Алиса",
    "Виктория",
    "Полина",
    "Елизавета",
    "Дарья",
    "Ксения",
    "Вера",
]
TOPICS = {
    "Алгебра": [
        "Квадратные уравнения",
        "Теорема Виета",
        "Неравенства",
        "Функция y = x²",
        "Системы уравнений",
    ],
    "Русский язык": ["Сложноподчинённые предложения", "Знаки препинания", "Причастный оборот"],
    "Физика": ["Законы Ньютона", "Импульс тела", "Механическая работа"],
}


def quarters(year: int) -> list[tuple[date, date]]:
    return [
        (date(year, 9, 1), date(year, 10, 24)),
        (date(year, 11, 3), date(year, 12, 28)),
        (date(year + 1, 1, 12), date(year + 1, 3, 21)),
        (date(year + 1, 3, 30), date(year + 1, 5, 26)),
    ]


async def _account(
    session: AsyncSession, person: DemoPerson, school_id: uuid.UUID | None
) -> Account:
    account = await session.scalar(select(Account).where(Account.phone == person.phone))
    if account is not None:
        return account
    now = clock.now()
    account = Account(
        id=uuid.uuid4(),
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        phone=person.phone,
        phone_confirmed_at=now,
        password_hash=await passwords.hash_password(PASSWORD),
        password_changed_at=now,
        level=AccountLevel.simplified if person.role == Role.student else AccountLevel.confirmed,
        status=AccountStatus.active,
        roles=[person.role.value],
        school_id=school_id if person.role not in (Role.parent, Role.student) else None,
        mfa_sms_enabled=True,
        failed_logins=0,
    )
    session.add(account)
    await session.flush()
    return account


async def _structure(
    session: AsyncSession, school: School, year: int
) -> tuple[AcademicYear, list[Term], bool]:
    existing = await session.scalar(
        select(AcademicYear).where(AcademicYear.school_id == school.id, AcademicYear.year == year)
    )
    if existing is not None:
        terms = list(
            await session.scalars(
                select(Term).where(Term.academic_year_id == existing.id).order_by(Term.number)
            )
        )
        return existing, terms, False
    spans = quarters(year)
    academic_year = AcademicYear(
        id=uuid.uuid4(),
        school_id=school.id,
        year=year,
        starts_on=spans[0][0],
        ends_on=spans[-1][1],
        term_kind=TermKind.quarter,
    )
    session.add(academic_year)
    await session.flush()
    terms = [
        Term(
            id=uuid.uuid4(),
            school_id=school.id,
            academic_year_id=academic_year.id,
            kind=TermKind.quarter,
            number=n,
            starts_on=start,
            ends_on=end,
        )
        for n, (start, end) in enumerate(spans, start=1)
    ]
    session.add_all(terms)
    have_bells = await session.scalar(select(Bell.id).where(Bell.school_id == school.id).limit(1))
    if have_bells is None:
        session.add_all(
            Bell(
                id=uuid.uuid4(),
                school_id=school.id,
                number=n,
                starts_at=start,
                ends_at=(datetime.combine(date.min, start) + timedelta(minutes=45)).time(),
            )
            for n, start in BELLS
        )
    await session.flush()
    return academic_year, terms, True


async def _subjects(session: AsyncSession, school: School) -> dict[str, Subject]:
    subjects = {
        s.name: s
        for s in await session.scalars(select(Subject).where(Subject.school_id == school.id))
    }
    for name, assessment, _ in SUBJECTS:
        if name not in subjects:
            subjects[name] = Subject(
                id=uuid.uuid4(), school_id=school.id, name=name, assessment=assessment
            )
            session.add(subjects[name])
    await session.flush()
    return subjects


async def _pupils(
    session: AsyncSession, school: School, school_class: SchoolClass, rng: random.Random
) -> list[Student]:
    roster = list(
        await session.scalars(
            select(Student)
            .where(Student.class_id == school_class.id)
            .order_by(Student.student_number, Student.id)
        )
    )
    if roster:
        return roster
    born = date(2026 - 6 - school_class.grade, 1, 1)
    for n in range(PUPILS):
        girl = n % 2 == 1
        last = LAST[(n * 7 + school_class.grade) % len(LAST)]
        roster.append(
            Student(
                id=uuid.uuid4(),
                school_id=school.id,
                class_id=school_class.id,
                last_name=last + ("а" if girl and not last.endswith("ий") else ""),
                first_name=rng.choice(GIRLS if girl else BOYS),
                middle_name=None,
                birth_date=born + timedelta(days=rng.randrange(365)),
                student_number=f"{school_class.grade:02d}{n + 1:04d}",
            )
        )
    session.add_all(roster)
    await session.flush()
    return roster


def _weekly_plan(subjects: dict[str, Subject]) -> list[tuple[int, int, Subject]]:
    """(weekday, lesson number, subject): each subject its weekly count, ≤ 6 a day."""
    queue = [subjects[name] for name, _, per_week in SUBJECTS for _ in range(per_week)]
    plan: list[tuple[int, int, Subject]] = []
    day_load = dict.fromkeys(range(1, 6), 0)
    for index, subject in enumerate(queue):
        weekday = index % 5 + 1
        while day_load[weekday] >= 6:
            weekday = weekday % 5 + 1
        day_load[weekday] += 1
        plan.append((weekday, day_load[weekday], subject))
    return plan


async def seed_diary(session: AsyncSession, data: DemoLog) -> None:
    if not data.schools:
        data.log.append("Дневник (демо): нет демо-школы — шаг пропущен")
        return
    school = await session.get(School, uuid.UUID(data.schools[0]["id"]))
    assert school is not None
    rng = random.Random(2107)  # noqa: S311 - reproducible demo data, not secrets
    year = schools_service.current_academic_year(school.timezone)
    academic_year, terms, _ = await _structure(session, school, year)
    subjects = await _subjects(session, school)
    await grades_service.ensure_work_types(session, school.id)
    people = {p.key: await _account(session, p, school.id) for p in STAFF}
    classes = {
        c.name: c
        for c in await schools_service.list_classes(session, school, year)
        if c.name in CLASSES
    }
    rosters = {name: await _pupils(session, school, c, rng) for name, c in classes.items()}
    teacher_of = {subject: people[p.key] for p in STAFF for subject in p.subjects}
    if await session.get(ClassTeacher, classes["9-Б"].id) is None:
        session.add(ClassTeacher(class_id=classes["9-Б"].id, teacher_id=people["class_teacher"].id))
    for school_class in classes.values():
        for subject in subjects.values():
            exists = await session.scalar(
                select(TeachingAssignment.id).where(
                    TeachingAssignment.class_id == school_class.id,
                    TeachingAssignment.subject_id == subject.id,
                )
            )
            if exists is None:
                session.add(
                    TeachingAssignment(
                        id=uuid.uuid4(),
                        school_id=school.id,
                        teacher_id=teacher_of[subject.name].id,
                        class_id=school_class.id,
                        subject_id=subject.id,
                    )
                )
    await session.flush()
    plan = _weekly_plan(subjects)
    for term in terms:
        for school_class in classes.values():
            has_slots = await session.scalar(
                select(TimetableSlot.id)
                .where(TimetableSlot.term_id == term.id, TimetableSlot.class_id == school_class.id)
                .limit(1)
            )
            if has_slots is None:
                session.add_all(
                    TimetableSlot(
                        id=uuid.uuid4(),
                        school_id=school.id,
                        term_id=term.id,
                        class_id=school_class.id,
                        weekday=weekday,
                        number=number,
                        subject_id=subject.id,
                        teacher_id=teacher_of[subject.name].id,
                        room=str(200 + number),
                    )
                    for weekday, number, subject in plan
                )
    await session.flush()
    today = clock.now().astimezone(ZoneInfo(school.timezone)).date()
    current = next((t for t in terms if t.starts_on <= today <= t.ends_on), None) or next(
        (t for t in terms if t.starts_on > today), terms[-1]
    )
    created, _ = await timetable.generate_lessons(session, current)
    if created:
        await _journal(session, school, current, today, rosters, rng)
    pupil = rosters["9-Б"][0]
    own = rosters["9-Б"][1]
    parent = await _account(session, PARENT, None)
    student = await _account(session, STUDENT, None)
    if (
        await session.scalar(
            select(Guardianship.id).where(
                Guardianship.account_id == parent.id, Guardianship.student_id == pupil.id
            )
        )
        is None
    ):
        session.add(Guardianship(id=uuid.uuid4(), account_id=parent.id, student_id=pupil.id))
    if (
        own.account_id is None
        and await session.scalar(select(Student.id).where(Student.account_id == student.id)) is None
    ):
        own.account_id = student.id
    await session.flush()
    linked = await session.scalar(select(Student.id).where(Student.account_id == student.id))
    school_id = str(school.id)
    for key in ("teacher", "class_teacher", "school_admin", "operator"):
        person = next(p for p in STAFF if p.key == key)
        data.accounts.append(
            {
                "role": person.role.value,
                "login": person.phone,
                "password": PASSWORD,
                "school_id": school_id,
            }
        )
    data.accounts.append(
        {
            "role": "parent",
            "login": PARENT.phone,
            "password": PASSWORD,
            "student_ids": [str(pupil.id)],
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


async def _journal(
    session: AsyncSession,
    school: School,
    term: Term,
    today: date,
    rosters: dict[str, list[Student]],
    rng: random.Random,
) -> None:
    """Grades, homework and attendance for the term's lessons held before today."""
    work_types = {w.code: w for w in await grades_service.ensure_work_types(session, school.id)}
    subjects = {
        s.id: s
        for s in await session.scalars(select(Subject).where(Subject.school_id == school.id))
    }
    by_class = {students[0].class_id: students for students in rosters.values() if students}
    lessons = list(
        await session.scalars(
            select(Lesson)
            .where(
                Lesson.term_id == term.id, Lesson.date < today, Lesson.class_id.in_(list(by_class))
            )
            .order_by(Lesson.starts_at)
        )
    )
    grades: list[dict[str, Any]] = []
    homework: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    for lesson in lessons:
        subject = subjects[lesson.subject_id]
        topics = TOPICS.get(subject.name)
        if topics:
            lesson.topic = rng.choice(topics)
        pass_fail = subject.assessment == SubjectAssessment.pass_fail
        roster = by_class[lesson.class_id]
        absent = set(rng.sample([s.id for s in roster], k=rng.choice((0, 1, 1, 2))))
        for student_id in absent:
            marks.append(
                {
                    "id": uuid.uuid4(),
                    "lesson_id": lesson.id,
                    "student_id": student_id,
                    "date": lesson.date,
                    "status": rng.choice((AttendanceStatus.absent, AttendanceStatus.excused)),
                    "marked_by": lesson.teacher_id,
                }
            )
        for student in rng.sample(roster, k=rng.randint(3, 6)):
            if student.id in absent:
                continue
            work_type = work_types["test" if rng.random() < 0.15 else "answer"]
            score = None if pass_fail else rng.choices((5, 4, 3, 2), weights=(40, 35, 20, 5))[0]
            grades.append(
                {
                    "id": uuid.uuid4(),
                    "lesson_id": lesson.id,
                    "student_id": student.id,
                    "subject_id": subject.id,
                    "date": lesson.date,
                    "work_type_id": work_type.id,
                    "score": score,
                    "passed": (rng.random() < 0.9) if pass_fail else None,
                    "teacher_id": lesson.teacher_id,
                }
            )
        if not pass_fail:
            homework.append(
                {
                    "id": uuid.uuid4(),
                    "lesson_id": lesson.id,
                    "school_id": school.id,
                    "class_id": lesson.class_id,
                    "subject_id": subject.id,
                    "teacher_id": lesson.teacher_id,
                    "text": f"{subject.name}: § {rng.randint(1, 40)}, "
                    f"упражнения {rng.randint(1, 300)}–{rng.randint(301, 400)}",
                    "due_date": lesson.date + timedelta(days=2),
                    "attachments": [],
                }
            )
    for table, rows in ((Grade, grades), (Homework, homework), (AttendanceMark, marks)):
        for start in range(0, len(rows), 2000):
            await session.execute(insert(table), rows[start : start + 2000])
    await session.flush()
