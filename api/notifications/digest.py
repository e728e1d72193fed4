"""The daily e-mail digest: one letter in the evening instead of one per event.

An account that chose it gets, once a day after ``DIGEST_HOUR`` in its school's zone, a
letter listing the notifications since the last one, of the kinds it wants by e-mail.
Urgent kinds are not held for it (``service.URGENT_KINDS``: they went out at once).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.delivery import service as delivery
from api.identity.models import Account
from api.notifications import schedule
from api.notifications.models import Notification, NotificationPreference, NotificationSchedule
from api.notifications.service import DEFAULT_EMAIL, URGENT_KINDS

DIGEST_HOUR = 18
# A letter lists at most this many; the rest is in the app.
DIGEST_LIMIT = 50
_MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def letter(day: date, items: list[Notification], public_url: str, more: int) -> tuple[str, str]:
    subject = f"Электронный дневник: сводка за {_day(day)}"
    lines = [f"Уведомления за {_day(day)}:", ""]
    for item in items:
        lines.append(f"• {item.title}")
        if item.body:
            lines.append(f"  {item.body}")
        if item.link:
            lines.append(f"  {public_url.rstrip('/')}{item.link}")
    if more:
        lines += ["", f"И ещё {more} — в разделе «Уведомления»."]
    lines += [
        "",
        "Вы получаете одно письмо в день, потому что выбрали сводку в настройках уведомлений.",
    ]
    return subject, "\n".join(lines)


async def send_digests(session: AsyncSession, settings: Settings, moment: datetime) -> int:
    """Send the digests that are due at ``moment``; returns how many letters were queued."""
    rows = (
        await session.execute(
            select(NotificationSchedule, Account.email, NotificationPreference.email_kinds)
            .join(Account, Account.id == NotificationSchedule.account_id)
            .outerjoin(
                NotificationPreference,
                NotificationPreference.account_id == NotificationSchedule.account_id,
            )
            .where(
                NotificationSchedule.email_digest.is_(True),
                Account.email.is_not(None),
                Account.email_confirmed_at.is_not(None),
            )
            .with_for_update(of=NotificationSchedule, skip_locked=True)
        )
    ).all()
    plans = await schedule.schedules(session, [r[0].account_id for r in rows])
    sent = 0
    for row, email, email_kinds in rows:
        plan = plans.get(row.account_id)
        if plan is None or email is None:
            continue
        local = moment.astimezone(plan.zone)
        due_at = datetime.combine(local.date(), time(DIGEST_HOUR), tzinfo=plan.zone)
        if local < due_at or (
            row.digest_sent_until is not None and row.digest_sent_until >= due_at
        ):
            continue
        kinds = (DEFAULT_EMAIL if email_kinds is None else frozenset(email_kinds)) - URGENT_KINDS
        since = row.digest_sent_until or moment - timedelta(days=1)
        notes = list(
            await session.scalars(
                select(Notification)
                .where(
                    Notification.account_id == row.account_id,
                    Notification.created_at > since,
                    Notification.created_at <= moment,
                    Notification.kind.in_(sorted(kinds)),
                )
                .order_by(Notification.created_at, Notification.id)
                .limit(DIGEST_LIMIT + 1)
            )
        )
        row.digest_sent_until = moment
        if not notes:
            continue
        more = max(0, len(notes) - DIGEST_LIMIT)
        subject, body = letter(local.date(), notes[:DIGEST_LIMIT], settings.public_url, more)
        await delivery.send_email(
            session,
            to=email,
            subject=subject,
            body=body,
            purpose="notify:digest",
            not_before=plan.quiet_until(moment),
        )
        sent += 1
    return sent


async def digest_enabled(session: AsyncSession, account_id: uuid.UUID) -> bool:
    return (await schedule.of_account(session, account_id)).email_digest


async def set_digest(
    session: AsyncSession, account_id: uuid.UUID, enabled: bool, moment: datetime
) -> None:
    """Turning it on starts the next letter from now: what was e-mailed one by one until
    now is not sent again."""
    values: dict[str, object] = {"email_digest": enabled}
    if enabled and not await digest_enabled(session, account_id):
        values["digest_sent_until"] = moment
    await schedule.save(session, account_id, **values)
