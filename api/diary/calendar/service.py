"""The secret calendar URL of a user and the feed behind it.

The token is random; the database keeps its keyed hash (for look-up) and an encrypted
copy (so the owner can see the URL again). Rotating revokes the old URL at once.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from api.config import Settings
from api.diary.calendar import ics
from api.diary.calendar.models import CalendarFeed
from api.diary.lessons.models import Lesson, LessonStatus
from api.diary.schemas import person_name
from api.diary.structure.models import Guardianship, Student, Subject
from api.errors import NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.models import Account, AccountStatus
from api.schools.models import School, SchoolClass
from api.security.crypto import decrypt, encrypt, keyed_hash

PURPOSE = "calendar-feed"
PAST = timedelta(days=31)
AHEAD = timedelta(days=120)


def feed_url(settings: Settings, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/api/v1/calendar/{token}.ics"


async def _create(session: AsyncSession, account_id: uuid.UUID) -> str:
    token = secrets.token_urlsafe(24)
    feed_id = uuid.uuid4()
    session.add(
        CalendarFeed(
            id=feed_id,
            account_id=account_id,
            token_hash=keyed_hash(token, purpose=PURPOSE),
            token_enc=encrypt(token, aad=f"calendar_feeds.token:{feed_id}"),
        )
    )
    await session.flush()
    return token


async def current_token(session: AsyncSession, account_id: uuid.UUID) -> str:
    """The account's feed token, created on first use."""
    feed = await session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.account_id == account_id, CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None:
        return await _create(session, account_id)
    return decrypt(feed.token_enc, aad=f"calendar_feeds.token:{feed.id}")


async def rotate(session: AsyncSession, account_id: uuid.UUID) -> str:
    await session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.account_id == account_id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    await session.flush()
    return await _create(session, account_id)


def feed_not_found() -> NotFound:
    return NotFound(
        code="calendar_feed_not_found",
        detail=Text("Ссылка на календарь недействительна", "The calendar link is not valid"),
    )


async def render(session: AsyncSession, token: str) -> str:
    """The iCalendar text of the feed ``token`` (404 when revoked or unknown)."""
    account = await session.scalar(
        select(Account)
        .join(CalendarFeed, CalendarFeed.account_id == Account.id)
        .where(
            CalendarFeed.token_hash == keyed_hash(token, purpose=PURPOSE),
            CalendarFeed.revoked_at.is_(None),
            Account.status == AccountStatus.active,
        )
    )
    if account is None:
        raise feed_not_found()
    now = clock.now()
    mine = account.id
    family_classes = select(Student.class_id).where(
        or_(
            Student.account_id == mine,
            Student.id.in_(select(Guardianship.student_id).where(Guardianship.account_id == mine)),
        )
    )
    teacher, substitute = aliased(Account), aliased(Account)
    rows = await session.execute(
        select(Lesson, Subject.name, SchoolClass, School.timezone, teacher, substitute)
        .join(Subject, Subject.id == Lesson.subject_id)
        .join(SchoolClass, SchoolClass.id == Lesson.class_id)
        .join(School, School.id == Lesson.school_id)
        .join(teacher, teacher.id == Lesson.teacher_id)
        .outerjoin(substitute, substitute.id == Lesson.substitute_teacher_id)
        .where(
            or_(
                Lesson.teacher_id == mine,
                Lesson.substitute_teacher_id == mine,
                Lesson.class_id.in_(family_classes),
            ),
            Lesson.starts_at >= now - PAST,
            Lesson.starts_at <= now + AHEAD,
        )
        .order_by(Lesson.starts_at, Lesson.id)
    )
    events = []
    for lesson, subject, school_class, timezone, lead, sub in rows:
        local = lesson.starts_at.astimezone(ZoneInfo(timezone))
        who = sub or lead
        description = [f"Учитель: {person_name(who.last_name, who.first_name, who.middle_name)}"]
        if sub is not None:
            description.append("Замена")
        if lesson.topic:
            description.append(f"Тема: {lesson.topic}")
        if lesson.status == LessonStatus.moved and lesson.original_date:
            description.append(f"Перенесён с {lesson.original_date:%d.%m.%Y}")
        if lesson.change_note:
            description.append(lesson.change_note)
        description.append(f"Время школы: {local:%H:%M} ({timezone})")
        events.append(
            ics.Event(
                uid=f"{lesson.id}@edudiary",
                stamp=lesson.updated_at,
                starts=lesson.starts_at,
                ends=lesson.ends_at,
                sequence=lesson.sequence,
                summary=f"{lesson.number}. {subject} ({school_class.name})",
                location=f"каб. {lesson.room}" if lesson.room else None,
                description="\n".join(description),
                cancelled=lesson.status == LessonStatus.cancelled,
            )
        )
    name = f"Расписание — {person_name(account.last_name, account.first_name, None)}"
    return ics.calendar(name, events)
