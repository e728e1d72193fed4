"""The class teacher posts to 9-Б's families; «прочитали N из M»; who may post."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.messaging.models import Announcement
from api.notifications.models import Notification
from tests.messaging.conftest import School


async def test_class_teacher_announces_and_sees_who_read(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    posted = await client.post(
        f"/api/v1/classes/{w.class_b.id}/announcements",
        json={"title": "Родительское собрание", "text": "В четверг в 18:00, кабинет 214."},
        headers=w.class_teacher.headers,
    )
    assert posted.status_code == 201, posted.text
    body = posted.json()
    assert body["class_name"] == "9-Б"
    assert body["audience"] == "families"
    # 9-Б's guardians: Иванова (Пётр) and Алексеева (Вера).
    assert (body["recipients_count"], body["read_count"]) == (2, 0)
    notified = set(
        await session.scalars(
            select(Notification.account_id).where(Notification.kind == "announcement")
        )
    )
    assert notified == {w.parent.id, school.classmate_parent.id}

    mine = await client.get("/api/v1/me/announcements", headers=w.parent.headers)
    assert [a["title"] for a in mine.json()["items"]] == ["Родительское собрание"]
    item = mine.json()["items"][0]
    assert item["read"] is False
    assert item["recipients_count"] is None
    assert item["read_count"] is None
    unread = await client.get("/api/v1/me/unread", headers=w.parent.headers)
    assert unread.json()["announcements"] == 1

    assert (
        await client.post(f"/api/v1/announcements/{body['id']}/read", headers=w.parent.headers)
    ).status_code == 204
    author_view = await client.get(
        f"/api/v1/announcements/{body['id']}", headers=w.class_teacher.headers
    )
    assert (author_view.json()["recipients_count"], author_view.json()["read_count"]) == (2, 1)
    listed = await client.get(
        f"/api/v1/classes/{w.class_b.id}/announcements", headers=w.class_teacher.headers
    )
    assert listed.json()["items"][0]["read_count"] == 1

    # Not a recipient: students (audience families), another class, another school.
    for outsider in (w.student, w.other_parent, w.foreign_admin, w.teacher):
        answer = await client.get(f"/api/v1/announcements/{body['id']}", headers=outsider.headers)
        assert answer.status_code == 404


async def test_audience_students_reaches_the_pupils_accounts(
    client: AsyncClient, school: School
) -> None:
    w = school.world
    posted = await client.post(
        f"/api/v1/classes/{w.class_b.id}/announcements",
        json={"title": "Экскурсия", "text": "Берите сменку", "audience": "students"},
        headers=w.admin.headers,
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["recipients_count"] == 2  # Егор and Вера have accounts
    seen = await client.get("/api/v1/me/announcements", headers=w.student.headers)
    assert seen.json()["total"] == 1
    parent = await client.get("/api/v1/me/announcements", headers=w.parent.headers)
    assert parent.json()["total"] == 0


async def test_only_the_class_teacher_and_admin_may_announce(
    client: AsyncClient, session: AsyncSession, school: School
) -> None:
    w = school.world
    path = f"/api/v1/classes/{w.class_b.id}/announcements"
    body = {"title": "Объявление", "text": "Текст"}
    teacher = await client.post(path, json=body, headers=w.teacher.headers)
    assert teacher.status_code == 403
    assert teacher.json()["code"] == "announcement_not_allowed"
    for outsider in (w.parent, w.student, w.foreign_admin):
        assert (await client.post(path, json=body, headers=outsider.headers)).status_code == 404
    other_class = await client.post(
        f"/api/v1/classes/{w.class_a.id}/announcements", json=body, headers=w.class_teacher.headers
    )
    assert other_class.status_code == 403
    assert await session.scalar(select(func.count()).select_from(Announcement)) == 0
