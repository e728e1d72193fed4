"""The announcement lists come from single statements
(``api/messaging/announcement_statements.py``): each page equals, field by field, what
the ORM code (``announcements.render`` over ``received`` / ``written``) builds for the
same caller, and a class's list refuses (404, 403) whom ``access.announceable_class``
refuses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from httpx import AsyncClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.errors import AppError
from api.identity.deps import Principal
from api.identity.models import Role
from api.messaging import access, announcements
from api.messaging.models import Announcement
from api.messaging.schemas import AnnouncementPage
from api.schools.models import SchoolClass
from tests.factories import Person, revoke_sessions
from tests.messaging.conftest import School

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _principal(person: Person) -> Principal:
    account = person.account
    roles = frozenset(Role(r) for r in account.roles)
    return Principal(account.id, roles, str(account.level), account.school_id, None)


async def _orm_page(
    session: AsyncSession, principal: Principal, query: Any, *, limit: int, offset: int
) -> dict[str, Any]:
    rows, total = await announcements.page(session, query, limit=limit, offset=offset)
    items = await announcements.render(session, principal, rows)
    page = AnnouncementPage(items=items, total=total, limit=limit, offset=offset)
    return page.model_dump(mode="json")


async def _orm_class_page(
    session: AsyncSession, person: Person, class_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[int, Any]:
    """What ``GET /classes/{id}/announcements`` answered before the statement."""
    principal = _principal(person)
    try:
        await access.announceable_class(session, principal, class_id)
    except AppError as refused:
        return refused.status, refused.code
    query = announcements.written(principal, class_id)
    return 200, await _orm_page(session, principal, query, limit=limit, offset=offset)


async def _announce(
    client: AsyncClient, person: Person, class_id: uuid.UUID, body: dict[str, Any]
) -> Any:
    answer = await client.post(
        f"/api/v1/classes/{class_id}/announcements", json=body, headers=person.headers
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _world(client: AsyncClient, session: AsyncSession, school: School) -> list[str]:
    """9-Б: the class teacher's to families (a file, a whole-second time, read by one
    parent), the admin's to students, the class teacher's to all; 9-А: one to all whose
    author's account is gone (NULL author)."""
    w = school.world
    upload = await client.post(
        "/api/v1/attachments",
        files={"file": ("план.pdf", PDF, "application/pdf")},
        headers=w.class_teacher.headers,
    )
    assert upload.status_code == 201, upload.text
    families = await _announce(
        client,
        w.class_teacher,
        w.class_b.id,
        {
            "title": "Собрание",
            "text": "В четверг\nв 18:00",
            "attachment_ids": [upload.json()["id"]],
        },
    )
    students = await _announce(
        client,
        w.admin,
        w.class_b.id,
        {"title": "Экскурсия", "text": "Сменка", "audience": "students"},
    )
    everyone = await _announce(
        client,
        w.class_teacher,
        w.class_b.id,
        {"title": "Всем", "text": "<b>x</b>", "audience": "all"},
    )
    orphan = await _announce(
        client, w.admin, w.class_a.id, {"title": "9-А", "text": "Текст", "audience": "all"}
    )
    read = await client.post(
        f"/api/v1/announcements/{families['id']}/read", headers=w.parent.headers
    )
    assert read.status_code == 204
    await session.execute(
        update(Announcement)
        .where(Announcement.id == uuid.UUID(families["id"]))
        .values(created_at=datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    )
    await session.execute(
        update(Announcement)
        .where(Announcement.id == uuid.UUID(orphan["id"]))
        .values(author_id=None)
    )
    await session.commit()
    return [a["id"] for a in (families, students, everyone, orphan)]


async def test_my_announcements_equal_the_orm_rendering(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    school: School,
) -> None:
    ids = await _world(client, session, school)
    people = school.people()
    seen: set[str] = set()
    for name, person in people.items():
        for limit, offset in ((50, 0), (1, 1), (50, 9)):
            answer = await client.get(
                "/api/v1/me/announcements",
                params={"limit": limit, "offset": offset},
                headers=person.headers,
            )
            assert answer.status_code == 200, answer.text
            principal = _principal(person)
            async with sessionmaker() as fresh:
                query = announcements.received(principal)
                expected = await _orm_page(fresh, principal, query, limit=limit, offset=offset)
            assert answer.json() == expected, (name, limit, offset)
            seen |= {a["id"] for a in answer.json()["items"]}
    assert seen == set(ids)
    parent = (await client.get("/api/v1/me/announcements", headers=people["parent"].headers)).json()
    assert [(a["title"], a["read"]) for a in parent["items"]] == [
        ("Всем", False),
        ("Собрание", True),
    ]
    assert parent["items"][1]["created_at"] == "2026-11-20T15:00:00Z"
    assert parent["items"][1]["attachments"][0]["file_name"] == "план.pdf"
    other = (
        await client.get("/api/v1/me/announcements", headers=people["other_parent"].headers)
    ).json()
    assert [(a["title"], a["author_id"], a["author_name"]) for a in other["items"]] == [
        ("9-А", None, None)
    ]


async def test_class_announcements_equal_the_orm_rendering_and_refusals(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    school: School,
) -> None:
    await _world(client, session, school)
    w = school.world
    foreign = SchoolClass(
        id=uuid.uuid4(), school_id=w.other_school.id, academic_year=2026, grade=5, letter="В"
    )
    session.add(foreign)
    await session.commit()
    classes = {"9-Б": w.class_b.id, "9-А": w.class_a.id, "5-В": foreign.id, "нет": uuid.uuid4()}
    statuses: dict[tuple[str, str], int] = {}
    for name, person in school.people().items():
        for label, class_id in classes.items():
            for limit, offset in ((50, 0), (2, 1)):
                answer = await client.get(
                    f"/api/v1/classes/{class_id}/announcements",
                    params={"limit": limit, "offset": offset},
                    headers=person.headers,
                )
                async with sessionmaker() as fresh:
                    status, expected = await _orm_class_page(
                        fresh, person, class_id, limit=limit, offset=offset
                    )
                assert answer.status_code == status, (name, label, answer.text)
                if status == 200:
                    assert answer.json() == expected, (name, label)
                else:
                    assert answer.json()["code"] == expected
                statuses[(name, label)] = status
    # The comparison covered each answer: the list, «not yours» and «no such class».
    assert statuses[("class_teacher", "9-Б")] == 200
    assert statuses[("admin", "9-А")] == 200
    assert statuses[("teacher", "9-Б")] == 403
    assert statuses[("parent", "9-Б")] == 404
    assert statuses[("foreign_admin", "5-В")] == 200
    assert statuses[("foreign_admin", "9-Б")] == 404
    path = f"/api/v1/classes/{w.class_b.id}/announcements"
    author = (await client.get(path, headers=w.class_teacher.headers)).json()
    admin = (await client.get(path, headers=w.admin.headers)).json()
    # The class teacher sees their own; the admin every one of the school, with counts.
    assert [(a["title"], a["recipients_count"], a["read_count"]) for a in author["items"]] == [
        ("Всем", 4, 0),
        ("Собрание", 2, 1),
    ]
    assert [(a["title"], a["recipients_count"], a["read_count"]) for a in admin["items"]] == [
        ("Всем", 4, 0),
        ("Экскурсия", 2, 0),
        ("Собрание", 2, 1),
    ]


async def test_one_announcement_equals_the_orm_rendering_and_others_get_404(
    client: AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    school: School,
) -> None:
    ids = await _world(client, session, school)
    answers: dict[tuple[str, int], int] = {}
    for name, person in school.people().items():
        for index, announcement_id in enumerate([*ids, str(uuid.uuid4())]):
            answer = await client.get(
                f"/api/v1/announcements/{announcement_id}", headers=person.headers
            )
            principal = _principal(person)
            async with sessionmaker() as fresh:  # what GET /announcements/{id} answered
                found = await fresh.scalar(
                    access.readable_announcements(principal).where(
                        Announcement.id == uuid.UUID(announcement_id)
                    )
                )
                if found is None:
                    assert answer.status_code == 404, (name, index, answer.text)
                    assert answer.json()["code"] == "announcement_not_found"
                else:
                    rendered = await announcements.render(fresh, principal, [found])
                    assert answer.status_code == 200, (name, index, answer.text)
                    assert answer.json() == rendered[0].model_dump(mode="json"), (name, index)
            answers[(name, index)] = answer.status_code
    # Recipients, authors and the school's admin read it (the author with the counts);
    # another family, another school and a missing id do not.
    assert answers[("parent", 0)] == answers[("class_teacher", 0)] == 200
    assert answers[("admin", 0)] == answers[("admin", 3)] == 200
    assert answers[("other_parent", 0)] == answers[("foreign_admin", 0)] == 404
    assert answers[("parent", 4)] == 404


async def test_a_revoked_session_is_401_on_both_lists(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    paths = ["/api/v1/me/announcements", f"/api/v1/classes/{w.class_b.id}/announcements"]
    posted = await _announce(client, w.class_teacher, w.class_b.id, {"title": "T", "text": "x"})
    paths.append(f"/api/v1/announcements/{posted['id']}")
    for path in paths:
        assert (await client.get(path, headers=w.class_teacher.headers)).status_code == 200
    await revoke_sessions(session, w.class_teacher.id)
    await session.commit()
    for path in paths:
        answer = await client.get(path, headers=w.class_teacher.headers)
        assert answer.status_code == 401, path
        assert answer.json()["code"] == "token_invalid"
