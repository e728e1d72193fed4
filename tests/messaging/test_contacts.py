"""The contact list is one statement over the rule's select (``access.reachable_select``):
it equals, item by item and in order, what the Python code built before
(``contacts_reference.py``) for every person of a world with the awkward cases — a
teacher who is also a parent in their own class, a blocked admin, a pupil who left, staff
named «Ёлкина», «Елагина», «де Голль», «Abramova» — with and without a child named; and
the check when a conversation is started refuses exactly who the list leaves out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.diary.structure.models import Guardianship, Student, TeachingAssignment
from api.errors import NotFound
from api.identity.deps import Principal
from api.identity.models import AccountStatus, Role
from api.messaging.schemas import ContactPage
from tests.diary.world import pupil_row
from tests.factories import Person, make_person
from tests.messaging import contacts_reference
from tests.messaging.conftest import School


class Extra:
    """What this module adds to the messaging world."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.students: list[Student] = []


@pytest.fixture
async def extra(session: AsyncSession, settings: Settings, school: School) -> Extra:
    w = school.world
    extra = Extra()

    async def staff(last: str, first: str, role: Role = Role.teacher) -> Person:
        person = await make_person(
            session, settings, roles=(role,), last_name=last, first_name=first
        )
        person.account.school_id = w.school.id
        return person

    # Colleagues whose names sort differently by code point and by Russian dictionary
    # order: capitals before small letters, «Ё» (U+0401) before «А», Latin first.
    for last, first in (
        ("Ёлкина", "Анна"),
        ("Елагина", "Вера"),
        ("Яковлева", "Ольга"),
        ("де Голль", "Шарль"),
        ("Abramova", "Irina"),
    ):
        extra.people[last] = await staff(last, first)
    # A blocked admin: nobody may write to them, nobody sees them.
    blocked = await staff("Блокова", "Зоя", Role.school_admin)
    blocked.account.status = AccountStatus.blocked
    extra.people["blocked_admin"] = blocked
    # «Ёлкина» teaches two subjects in 9-Б (a list of subjects for 9-Б's families).
    session.add_all(
        [
            TeachingAssignment(
                school_id=w.school.id,
                teacher_id=extra.people["Ёлкина"].id,
                class_id=w.class_b.id,
                subject_id=subject.id,
            )
            for subject in (w.pe, w.algebra)
        ]
    )
    # A teacher who is a parent in a class they teach: the PE teacher is Вера's guardian.
    session.add(
        Guardianship(id=uuid.uuid4(), account_id=w.other_teacher.id, student_id=w.classmate.id)
    )
    # A pupil who left 9-Б: their family still writes to the staff; staff no longer list them.
    left = pupil_row(w.school, w.class_b, "Ушедший", "Олег")
    left.archived_at = datetime(2026, 11, 20, tzinfo=UTC)
    left_parent = await make_person(session, settings, last_name="Ушедшая", first_name="Анна")
    session.add(left)
    await session.flush()
    session.add(Guardianship(id=uuid.uuid4(), account_id=left_parent.id, student_id=left.id))
    extra.people["left_parent"] = left_parent
    # A guardian of two children of 9-Б: listed twice for 9-Б's staff, by the child's name.
    second = pupil_row(w.school, w.class_b, "иванова", "ёлка")
    session.add(second)
    await session.flush()
    session.add(Guardianship(id=uuid.uuid4(), account_id=w.parent.id, student_id=second.id))
    extra.students = [w.pupil, w.own, w.classmate, w.stranger, left, second]
    await session.commit()
    return extra


def _principal(person: Person) -> Principal:
    account = person.account
    roles = frozenset(Role(r) for r in account.roles)
    return Principal(account.id, roles, str(account.level), account.school_id, None)


async def _reference(
    session: AsyncSession, person: Person, student_id: uuid.UUID | None
) -> dict[str, Any] | None:
    try:
        found = await contacts_reference.reachable(session, _principal(person), student_id)
    except NotFound:
        return None
    items = await contacts_reference.render(session, found)
    return ContactPage(items=items, total=len(items), limit=200, offset=0).model_dump(mode="json")


async def test_contacts_equal_the_python_reference(
    client: AsyncClient, session: AsyncSession, school: School, extra: Extra
) -> None:
    people = {**school.people(), **extra.people}
    del people["blocked_admin"]  # cannot call at all
    compared = 0
    for name, person in people.items():
        for student_id in [None, *(s.id for s in extra.students), uuid.uuid4()]:
            query = "" if student_id is None else f"?student_id={student_id}"
            answer = await client.get(f"/api/v1/me/contacts{query}", headers=person.headers)
            expected = await _reference(session, person, student_id)
            if expected is None:
                assert answer.status_code == 404, (name, student_id, answer.text)
                assert answer.json()["code"] == "student_not_found"
                continue
            assert answer.status_code == 200, (name, student_id, answer.text)
            assert answer.json() == expected, (name, student_id)
            compared += len(expected["items"])
    assert compared > 300  # the world is not empty


async def test_contacts_page_is_a_slice_of_the_whole_list(
    client: AsyncClient, session: AsyncSession, school: School, extra: Extra
) -> None:
    admin = school.world.admin
    whole = (await client.get("/api/v1/me/contacts", headers=admin.headers)).json()
    part = await client.get("/api/v1/me/contacts?limit=3&offset=2", headers=admin.headers)
    assert part.json() == {
        "items": whole["items"][2:5],
        "total": whole["total"],
        "limit": 3,
        "offset": 2,
    }


async def test_colleagues_sort_by_code_point(
    client: AsyncClient, school: School, extra: Extra
) -> None:
    answer = await client.get("/api/v1/me/contacts", headers=school.world.admin.headers)
    teachers = [
        c["name"].rsplit(" ", 2)[0]  # «Фамилия Имя Отчество»
        for c in answer.json()["items"]
        if c["student_id"] is None and c["roles"] == ["teacher"]
    ]
    # Python's order, not a dictionary's (which would put «де Голль» among the Д and
    # «Ёлкина» next to «Елагина»): the order the list had before it moved into SQL. (The
    # test databases are C.UTF-8, where the two agree; ``COLLATE "C"`` in the statement
    # keeps it so on a database created with a Russian locale.)
    assert teachers == [
        "Abramova",
        "Ёлкина",
        "Волков",
        "Елагина",
        "Соколова",
        "Яковлева",
        "де Голль",
    ]


async def test_guardian_of_two_pupils_is_listed_once_per_child_by_the_childs_name(
    client: AsyncClient, school: School, extra: Extra
) -> None:
    w = school.world
    answer = await client.get("/api/v1/me/contacts", headers=w.teacher.headers)
    mine = [
        c["student_name"] for c in answer.json()["items"] if c["account_id"] == str(w.parent.id)
    ]
    assert mine == ["Иванов Пётр", "иванова ёлка"]


@pytest.mark.parametrize("writer", ["teacher", "class_teacher", "admin"])
async def test_staff_neither_list_nor_write_to_the_family_of_a_pupil_who_left(
    client: AsyncClient, school: School, extra: Extra, writer: str
) -> None:
    person = school.people()[writer]
    left_parent = extra.people["left_parent"]
    listed = await client.get("/api/v1/me/contacts", headers=person.headers)
    assert str(left_parent.id) not in {c["account_id"] for c in listed.json()["items"]}
    answer = await client.post(
        "/api/v1/conversations",
        json={"recipient_ids": [str(left_parent.id)], "text": "Здравствуйте"},
        headers=person.headers,
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "messaging_not_allowed"


async def test_the_family_of_a_pupil_who_left_still_writes_to_the_class_staff(
    client: AsyncClient, school: School, extra: Extra
) -> None:
    w = school.world
    left_parent = extra.people["left_parent"]
    listed = await client.get("/api/v1/me/contacts", headers=left_parent.headers)
    names = {c["account_id"] for c in listed.json()["items"]}
    staff = (w.teacher, w.other_teacher, w.class_teacher, w.admin, extra.people["Ёлкина"])
    assert names == {str(p.id) for p in staff}
    answer = await client.post(
        "/api/v1/conversations",
        json={"recipient_ids": [str(w.class_teacher.id)], "text": "Здравствуйте"},
        headers=left_parent.headers,
    )
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("writer", ["parent", "student", "teacher", "admin"])
async def test_nobody_lists_or_writes_to_a_blocked_admin(
    client: AsyncClient, school: School, extra: Extra, writer: str
) -> None:
    person = school.people()[writer]
    blocked = extra.people["blocked_admin"]
    listed = await client.get("/api/v1/me/contacts", headers=person.headers)
    assert listed.status_code == 200
    assert str(blocked.id) not in {c["account_id"] for c in listed.json()["items"]}
    answer = await client.post(
        "/api/v1/conversations",
        json={"recipient_ids": [str(blocked.id)], "text": "Здравствуйте"},
        headers=person.headers,
    )
    assert answer.status_code == 403
