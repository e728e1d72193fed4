"""Quiet hours and the e-mail digest: when an account hears by push, SMS and e-mail.

Quiet hours are read in the zone of the account's school (a teacher's school, else a
child's, else the account's own pupil record; Moscow when none): a non-urgent
notification written at 23:10 in Vladivostok is pushed, texted and e-mailed at 08:00
there. The in-app feed and the live stream are never held back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Uuid

from api.notifications.models import NotificationSchedule

DEFAULT_ZONE = "Europe/Moscow"
DEFAULT_START = time(21, 0)
DEFAULT_END = time(8, 0)


def now() -> datetime:
    """The clock quiet hours and digests read (tests move it)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Schedule:
    zone: ZoneInfo
    quiet_enabled: bool = True
    quiet_start: time = DEFAULT_START
    quiet_end: time = DEFAULT_END
    email_digest: bool = False

    def quiet_until(self, moment: datetime) -> datetime | None:
        """The end of the quiet hours ``moment`` falls in (UTC), or None if it does not."""
        if not self.quiet_enabled or self.quiet_start == self.quiet_end:
            return None
        local = moment.astimezone(self.zone)
        clock = local.time().replace(tzinfo=None)
        start, end = self.quiet_start, self.quiet_end
        if start < end:  # within one day: 13:00–15:00
            quiet = start <= clock < end
            day = local.date()
        else:  # across midnight: 21:00–08:00
            quiet = clock >= start or clock < end
            day = local.date() + timedelta(days=1) if clock >= start else local.date()
        if not quiet:
            return None
        return datetime.combine(day, end, tzinfo=self.zone).astimezone(UTC)


# The account's school zone without importing the diary (which imports notifications):
# plain SQL over the roster tables.
_SCHEDULES = text(
    """
    SELECT a.id AS account_id,
           coalesce(
             (SELECT s.timezone FROM schools s WHERE s.id = a.school_id),
             (SELECT s.timezone FROM students st JOIN schools s ON s.id = st.school_id
               WHERE st.account_id = a.id LIMIT 1),
             (SELECT s.timezone FROM guardianships g
                JOIN students st ON st.id = g.student_id
                JOIN schools s ON s.id = st.school_id
               WHERE g.account_id = a.id ORDER BY g.created_at, g.id LIMIT 1)
           ) AS timezone,
           ns.quiet_enabled, ns.quiet_start, ns.quiet_end, ns.email_digest
      FROM accounts a
      LEFT JOIN notification_schedules ns ON ns.account_id = a.id
     WHERE a.id IN :ids
    """
).bindparams(bindparam("ids", expanding=True, type_=Uuid))


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (KeyError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


async def schedules(
    session: AsyncSession, accounts: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Schedule]:
    ids = list(set(accounts))
    if not ids:
        return {}
    rows = (await session.execute(_SCHEDULES, {"ids": ids})).mappings()
    result: dict[uuid.UUID, Schedule] = {}
    for row in rows:
        zone = _zone(row["timezone"])
        if row["quiet_enabled"] is None:
            result[row["account_id"]] = Schedule(zone)
        else:
            result[row["account_id"]] = Schedule(
                zone,
                quiet_enabled=row["quiet_enabled"],
                quiet_start=row["quiet_start"],
                quiet_end=row["quiet_end"],
                email_digest=row["email_digest"],
            )
    return result


async def of_account(session: AsyncSession, account_id: uuid.UUID) -> Schedule:
    return (await schedules(session, [account_id])).get(account_id) or Schedule(
        ZoneInfo(DEFAULT_ZONE)
    )


async def save(session: AsyncSession, account_id: uuid.UUID, **values: object) -> None:
    """Change some of the account's schedule (the rest keeps its value or default)."""
    await session.execute(
        pg_insert(NotificationSchedule)
        .values(account_id=account_id, **values)
        .on_conflict_do_update(
            index_elements=["account_id"],
            set_={**values, "updated_at": text("now()")},
        )
    )
