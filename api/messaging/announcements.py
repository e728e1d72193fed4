"""Announcements from a class teacher or a school admin to a class's families or
students, with the author's «прочитали N из M»."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.diary import families
from api.diary.structure.models import Student, pupils_of
from api.errors import NotFound
from api.i18n import Text
from api.identity import clock
from api.identity.deps import Principal
from api.identity.models import Account
from api.messaging import access, publish
from api.messaging.models import Announcement, AnnouncementRecipient, Attachment, Audience
from api.messaging.schemas import AnnouncementIn, AnnouncementOut, AttachmentOut
from api.messaging.service import claim_attachments, full_name
from api.pagination import fetch_page
from api.schools.models import SchoolClass

R = AnnouncementRecipient
# An announcement's attachments, as listed (the statements use the same order).
ATTACHMENT_ORDER = (Attachment.id,)


def class_name(school_class: SchoolClass) -> str:
    return f"{school_class.grade}-{school_class.letter}"


def not_found() -> NotFound:
    return NotFound(
        code="announcement_not_found",
        detail=Text("Объявление не найдено", "No such announcement"),
    )


async def _audience_accounts(
    session: AsyncSession, class_id: uuid.UUID, audience: Audience
) -> list[uuid.UUID]:
    pairs = await families.family_accounts(
        session, class_id=class_id, guardians_only=audience == Audience.families
    )
    if audience == Audience.students:
        own = await session.scalars(
            select(Student.account_id).where(pupils_of(class_id), Student.account_id.is_not(None))
        )
        return list(dict.fromkeys(a for a in own if a is not None))
    return list(dict.fromkeys(account for _, account in pairs))


async def post(
    session: AsyncSession, principal: Principal, class_id: uuid.UUID, body: AnnouncementIn
) -> Announcement:
    school_class = await access.announceable_class(session, principal, class_id)
    attachments = await claim_attachments(session, principal, body.attachment_ids)
    announcement = Announcement(
        id=uuid.uuid4(),
        school_id=school_class.school_id,
        class_id=school_class.id,
        author_id=principal.account_id,
        title=body.title,
        text=body.text,
        audience=body.audience,
        created_at=clock.now(),
    )
    session.add(announcement)
    await session.flush()
    for attachment in attachments:
        attachment.announcement_id = announcement.id
    recipients = [
        a
        for a in await _audience_accounts(session, class_id, body.audience)
        if a != principal.account_id
    ]
    if recipients:
        await session.execute(
            insert(R),
            [{"announcement_id": announcement.id, "account_id": a} for a in recipients],
        )
    await publish.announcement_posted(session, announcement, class_name(school_class), recipients)
    await session.flush()
    return announcement


async def get(
    session: AsyncSession, principal: Principal, announcement_id: uuid.UUID
) -> Announcement:
    announcement = await session.scalar(
        access.readable_announcements(principal).where(Announcement.id == announcement_id)
    )
    if announcement is None:
        raise not_found()
    return announcement


async def mark_read(
    session: AsyncSession, principal: Principal, announcement: Announcement
) -> None:
    await session.execute(
        update(R)
        .where(
            R.announcement_id == announcement.id,
            R.account_id == principal.account_id,
            R.read_at.is_(None),
        )
        .values(read_at=clock.now())
    )


def received(principal: Principal) -> Select[Announcement]:
    return select(Announcement).where(access.received_by(principal.account_id))


def written(principal: Principal, class_id: uuid.UUID) -> Select[Announcement]:
    """A class's announcements as its class teacher or the school's admin sees them."""
    return access.readable_announcements(principal).where(Announcement.class_id == class_id)


async def page(
    session: AsyncSession, query: Select[Announcement], *, limit: int, offset: int
) -> tuple[list[Announcement], int]:
    return await fetch_page(
        session,
        query,
        order_by=[Announcement.created_at.desc(), Announcement.id],
        limit=limit,
        offset=offset,
    )


async def unread_count(session: AsyncSession, principal: Principal) -> int:
    count = await session.scalar(
        select(func.count()).where(R.account_id == principal.account_id, R.read_at.is_(None))
    )
    return int(count or 0)


def sees_counts(account_id: Any, admin_school_id: Any) -> ColumnElement[bool]:
    """Who is told «прочитали N из M»: the author and the school's admins. Values on the
    ORM path, the caller's columns in ``announcement_statements.py``."""
    conditions = [Announcement.author_id == account_id]
    if admin_school_id is not None:
        conditions.append(Announcement.school_id == admin_school_id)
    return or_(*conditions)


async def render(
    session: AsyncSession, viewer: Principal, items: Sequence[Announcement]
) -> list[AnnouncementOut]:
    if not items:
        return []
    ids = [a.id for a in items]
    classes = {
        c.id: class_name(c)
        for c in await session.scalars(
            select(SchoolClass).where(SchoolClass.id.in_({a.class_id for a in items}))
        )
    }
    authors = {
        row.id: full_name(row.last_name, row.first_name, row.middle_name)
        for row in await session.execute(
            select(Account.id, Account.last_name, Account.first_name, Account.middle_name).where(
                Account.id.in_({a.author_id for a in items if a.author_id})
            )
        )
    }
    files: dict[uuid.UUID, list[AttachmentOut]] = {}
    for f in await session.scalars(
        select(Attachment).where(Attachment.announcement_id.in_(ids)).order_by(*ATTACHMENT_ORDER)
    ):
        assert f.announcement_id is not None
        files.setdefault(f.announcement_id, []).append(
            AttachmentOut(id=f.id, file_name=f.file_name, content_type=f.content_type, size=f.size)
        )
    mine = {
        row.announcement_id: row.read_at
        for row in await session.execute(
            select(R.announcement_id, R.read_at).where(
                R.announcement_id.in_(ids), R.account_id == viewer.account_id
            )
        )
    }
    # Only the announcements whose counts the viewer may see have a row here.
    counts = {
        announcement_id: (int(total), int(read))
        for announcement_id, total, read in await session.execute(
            select(Announcement.id, func.count(R.account_id), func.count(R.read_at))
            .outerjoin(R, R.announcement_id == Announcement.id)
            .where(
                Announcement.id.in_(ids),
                sees_counts(viewer.account_id, access.admin_school(viewer)),
            )
            .group_by(Announcement.id)
        )
    }
    return [
        AnnouncementOut(
            id=a.id,
            class_id=a.class_id,
            class_name=classes.get(a.class_id, ""),
            author_id=a.author_id,
            author_name=authors.get(a.author_id) if a.author_id else None,
            title=a.title,
            text=a.text,
            audience=a.audience,
            attachments=files.get(a.id, []),
            created_at=a.created_at,
            read=mine.get(a.id) is not None or a.author_id == viewer.account_id,
            recipients_count=counts[a.id][0] if a.id in counts else None,
            read_count=counts[a.id][1] if a.id in counts else None,
        )
        for a in items
    ]
