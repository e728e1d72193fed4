"""The demo school's people: staff with known logins, the demo family, and pupils."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Student
from api.identity import clock, passwords
from api.identity.models import Account, AccountLevel, AccountStatus, Role
from api.schools.models import School, SchoolClass

PASSWORD = "Dnevnik-Demo-2026!"  # noqa: S105 - demo only, printed by --json on purpose
PUPILS = 25


@dataclass(frozen=True, slots=True)
class DemoPerson:
    key: str
    role: Role
    phone: str
    last_name: str
    first_name: str
    middle_name: str
    room: str | None = None  # a teacher's own classroom («кабинет»)


def _teacher(key: str, phone: str, name: str, room: str) -> DemoPerson:
    last, first, middle = name.split()
    return DemoPerson(key, Role.teacher, phone, last, first, middle, room)


STAFF = [
    # The demo teacher: mathematics in 5-А, algebra and geometry in 9-А and 9-Б.
    _teacher("teacher", "+79000000201", "Соколова Анна Викторовна", "301"),
    # The class teacher of 9-Б: Russian and literature in 9-А and 9-Б.
    DemoPerson(
        "class_teacher",
        Role.class_teacher,
        "+79000000202",
        "Орлова",
        "Нина",
        "Павловна",
        "205",
    ),
    DemoPerson("school_admin", Role.school_admin, "+79000000203", "Кузнецов", "Павел", "Игоревич"),
    # Confirms parents' identities in the demo (a service-centre clerk).
    DemoPerson("operator", Role.operator, "+79000000204", "Фролова", "Марина", "Алексеевна"),
    _teacher("t_physics", "+79000000211", "Волков Игорь Сергеевич", "312"),
    _teacher("t_history", "+79000000212", "Морозова Елена Андреевна", "210"),
    _teacher("t_english", "+79000000213", "Лебедева Ольга Николаевна", "215"),
    _teacher("t_biology", "+79000000214", "Новиков Денис Олегович", "308"),
    _teacher("t_pe", "+79000000215", "Козлов Артём Викторович", "Спортзал"),
    _teacher("t_russian", "+79000000216", "Белова Татьяна Сергеевна", "107"),
    _teacher("t_arts", "+79000000217", "Григорьева Светлана Юрьевна", "105"),
    _teacher("t_craft", "+79000000218", "Зайцев Виктор Петрович", "Мастерская"),
]
PARENT = DemoPerson("parent", Role.parent, "+79000000221", "Смирнова", "Ольга", "Петровна")
STUDENT = DemoPerson("student", Role.student, "+79000000222", "Смирнов", "Андрей", "Андреевич")
# The accounts ``--json`` lists, in this order (ARCHITECTURE §8).
LISTED_STAFF = ("teacher", "class_teacher", "school_admin", "operator")

LAST = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов",
        "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
        "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
        "Захаров"]  # fmt: skip
BOYS = ["Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Даниил", "Егор",
        "Кирилл"]  # fmt: skip
GIRLS = ["Анна", "Мария", "София", "Алиса", "Виктория", "Полина", "Елизавета", "Дарья", "Ксения",
         "Вера"]  # fmt: skip


async def ensure_account(
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


async def ensure_pupils(
    session: AsyncSession, school: School, school_class: SchoolClass, rng: random.Random
) -> list[Student]:
    """The class's roster, ``PUPILS`` children born the right year, created once."""
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
