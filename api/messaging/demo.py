"""Demo conversations and an announcement for ``edudiary seed-demo`` (idempotent): the
demo parent asked the mathematics teacher about a test and got an answer; the class
teacher wrote to the parent (unread) and announced a parent meeting to 9-Б's families."""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary.structure.models import Guardianship, Student
from api.identity.deps import Principal
from api.identity.models import Account, Role
from api.messaging import announcements, service
from api.messaging.models import Announcement, Conversation
from api.messaging.schemas import AnnouncementIn, ConversationIn


class DemoLog(Protocol):
    accounts: list[dict[str, Any]]
    schools: list[dict[str, Any]]
    log: list[str]


def _principal(account: Account) -> Principal:
    return Principal(
        account_id=account.id,
        roles=frozenset(Role(r) for r in account.roles),
        level=str(account.level),
        school_id=account.school_id,
        session_id=uuid.uuid4(),
    )


async def _account(session: AsyncSession, data: DemoLog, role: str) -> Account | None:
    listed = next((a for a in data.accounts if a.get("role") == role), None)
    if listed is None:
        return None
    return await session.scalar(select(Account).where(Account.phone == listed["login"]))


async def seed_demo_messages(session: AsyncSession, data: DemoLog) -> None:
    parent = await _account(session, data, "parent")
    teacher = await _account(session, data, "teacher")
    leader = await _account(session, data, "class_teacher")
    if parent is None or teacher is None or leader is None:
        data.log.append("Сообщения (демо): нет демо-родителя или учителей — шаг пропущен")
        return
    done = await session.scalar(
        select(Conversation.id).where(Conversation.created_by == parent.id).limit(1)
    )
    if done is not None:
        data.log.append("Сообщения (демо): уже загружены")
        return
    child = await session.scalar(
        select(Student)
        .join(Guardianship, Guardianship.student_id == Student.id)
        .where(Guardianship.account_id == parent.id, Student.school_id == leader.school_id)
        .limit(1)
    )
    if child is None:
        data.log.append("Сообщения (демо): у демо-родителя нет ученика в школе — шаг пропущен")
        return
    family, maths, lead = _principal(parent), _principal(teacher), _principal(leader)
    asked = await service.start(
        session,
        family,
        ConversationIn(
            recipient_ids=[teacher.id],
            subject="Контрольная по алгебре",
            student_id=child.id,
            text=(
                "Анна Викторовна, здравствуйте! Сын болел на прошлой неделе. "
                "Подскажите, какие темы повторить к контрольной?"
            ),
        ),
    )
    answer = await service.reply(
        session,
        maths,
        asked,
        "Здравствуйте, Ольга Петровна! Квадратные уравнения и теорема Виета, "
        "№ 112–118 в учебнике. Если будут вопросы — пишите.",
        [],
    )
    await service.mark_read(session, family, asked, answer.id)
    await service.start(
        session,
        lead,
        ConversationIn(
            recipient_ids=[parent.id],
            subject="Экскурсия в музей",
            student_id=child.id,
            text="Ольга Петровна, в пятницу класс едет в музей. Нужна подпись в согласии.",
        ),
    )
    announced = await session.scalar(
        select(Announcement.id).where(Announcement.author_id == leader.id).limit(1)
    )
    if announced is None:
        await announcements.post(
            session,
            lead,
            child.class_id,
            AnnouncementIn(
                title="Родительское собрание",
                text="Собрание 9-Б — в четверг в 18:00, кабинет 205. Тема: итоги четверти.",
            ),
        )
    data.log.append("Сообщения (демо): две переписки демо-родителя и объявление классу")
