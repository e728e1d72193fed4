"""Notify accounts: an in-app row always; SMS and e-mail per the account's settings;
push to the account's browsers and app devices. This is the one place notifications go
out, so it is where quiet hours hold push, SMS and e-mail back (``schedule``) and where a
digest reader's e-mail is left to the daily letter (``digest``).

Everything is written in the caller's transaction (delivery queues its jobs there too):
a rolled-back change notifies nobody, a committed one is never forgotten.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.delivery import service as delivery
from api.errors import NotFound
from api.i18n import Text
from api.identity.models import Account
from api.notifications import schedule
from api.notifications.models import Notification, NotificationPreference
from api.push import service as push


class Kind(enum.StrEnum):
    grade = "grade"
    attendance = "attendance"
    homework = "homework"
    homework_reminder = "homework_reminder"
    homework_comment = "homework_comment"
    schedule = "schedule"
    absence_note = "absence_note"
    application = "application"
    event_reminder = "event_reminder"
    meeting_reminder = "meeting_reminder"
    message = "message"
    announcement = "announcement"
    export = "export"  # a report's file is ready (or could not be made)
    learning_plan = "learning_plan"


DEFAULT_SMS: frozenset[str] = frozenset({Kind.attendance, Kind.schedule})
DEFAULT_EMAIL: frozenset[str] = frozenset(
    {
        Kind.attendance,
        Kind.schedule,
        Kind.absence_note,
        Kind.application,
        Kind.announcement,
        Kind.learning_plan,
    }
)
# Sent even in quiet hours, and by e-mail even to digest readers: a change to tomorrow's
# lessons may concern the first one, before quiet hours end.
URGENT_KINDS: frozenset[str] = frozenset({Kind.schedule})
SMS_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Message:
    kind: str
    title: str
    body: str
    link: str | None = None


async def notify(session: AsyncSession, deliveries: Sequence[tuple[uuid.UUID, Message]]) -> int:
    """Queue each (account, message): in-app, and by SMS / e-mail where the account wants
    that kind so. Returns how many in-app notifications were written."""
    if not deliveries:
        return 0
    await session.execute(
        insert(Notification),
        [
            {
                "id": uuid.uuid4(),
                "account_id": account_id,
                "kind": m.kind,
                "title": m.title[:200],
                "body": m.body[:1000],
                "link": m.link,
            }
            for account_id, m in deliveries
        ],
    )
    await send_external(session, deliveries)
    return len(deliveries)


async def send_external(
    session: AsyncSession, deliveries: Sequence[tuple[uuid.UUID, Message]]
) -> None:
    """The push, SMS and e-mail part of ``notify`` (the in-app rows already written)."""
    accounts = {m for m, _ in deliveries}
    rows = await session.execute(
        select(
            Account.id,
            Account.phone,
            Account.email,
            Account.email_confirmed_at,
            NotificationPreference.sms_kinds,
            NotificationPreference.email_kinds,
        )
        .outerjoin(NotificationPreference, NotificationPreference.account_id == Account.id)
        .where(Account.id.in_(accounts))
    )
    contacts = {row.id: row for row in rows}
    schedules = await schedule.schedules(session, accounts)
    moment = schedule.now()
    pushes: list[push.Push] = []
    for account_id, message in deliveries:
        row = contacts.get(account_id)
        plan = schedules.get(account_id)
        if row is None or plan is None:
            continue
        urgent = message.kind in URGENT_KINDS
        not_before = None if urgent else plan.quiet_until(moment)
        pushes.append(
            push.Push(
                account_id, message.kind, message.title, message.body, message.link, not_before
            )
        )
        sms_kinds = DEFAULT_SMS if row.sms_kinds is None else frozenset(row.sms_kinds)
        email_kinds = DEFAULT_EMAIL if row.email_kinds is None else frozenset(row.email_kinds)
        if message.kind in sms_kinds and row.phone:
            text = f"{message.title}. {message.body}"
            await delivery.send_sms(
                session,
                to=row.phone,
                text=text[:SMS_LIMIT],
                purpose=f"notify:{message.kind}",
                not_before=not_before,
            )
        if (
            message.kind in email_kinds
            and row.email
            and row.email_confirmed_at is not None
            and (urgent or not plan.email_digest)
        ):
            await delivery.send_email(
                session,
                to=row.email,
                subject=message.title[:200],
                body=message.body,
                purpose=f"notify:{message.kind}",
                not_before=not_before,
            )
    await push.queue(session, pushes)


async def mark_read(
    session: AsyncSession, account_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification:
    item = await session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.account_id == account_id
        )
    )
    if item is None:
        raise NotFound(
            code="notification_not_found",
            detail=Text("Такого уведомления нет", "No such notification"),
        )
    if item.read_at is None:
        item.read_at = await session.scalar(select(func.now()))
        await session.flush()
    return item


async def mark_all_read(session: AsyncSession, account_id: uuid.UUID) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.account_id == account_id, Notification.read_at.is_(None))
        .values(read_at=func.now())
        .returning(Notification.id)
    )
    return len(result.all())


async def preferences(session: AsyncSession, account_id: uuid.UUID) -> tuple[list[str], list[str]]:
    row = await session.get(NotificationPreference, account_id)
    if row is None:
        return sorted(DEFAULT_SMS), sorted(DEFAULT_EMAIL)
    return sorted(row.sms_kinds), sorted(row.email_kinds)


async def set_preferences(
    session: AsyncSession, account_id: uuid.UUID, *, sms: Iterable[str], email: Iterable[str]
) -> tuple[list[str], list[str]]:
    sms_kinds, email_kinds = sorted(set(sms)), sorted(set(email))
    await session.execute(
        pg_insert(NotificationPreference)
        .values(account_id=account_id, sms_kinds=sms_kinds, email_kinds=email_kinds)
        .on_conflict_do_update(
            index_elements=["account_id"],
            set_={"sms_kinds": sms_kinds, "email_kinds": email_kinds, "updated_at": func.now()},
        )
    )
    return sms_kinds, email_kinds
