"""Pupils who left the school are depersonalised once their school's journal period is
over; their grades and attendance stay on the (now nameless) row.

Dates are literal: a pupil who left a day before the period ends is untouched, one whose
period ended a day ago is depersonalised. The period is the school's own setting, set
here as a number (never read from the code's default).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.chain import verify_chain
from api.audit.models import AuditEvent
from api.children.models import Child
from api.diary.attendance.models import AttendanceMark, AttendanceStatus
from api.diary.grades.models import Grade
from api.diary.structure.models import Guardianship, Student
from api.identity.models import Account
from api.onboarding.models import RosterLink
from api.retention import service
from tests.diary.world import World
from tests.reports.journal import mark, put_grade
from tests.reports.test_reports import d

NOW = datetime(2031, 11, 30, 9, 0, tzinfo=UTC)


async def _leave(session: AsyncSession, student: Student, at: datetime) -> None:
    student.archived_at = at
    await session.commit()


async def _family_links(session: AsyncSession, world: World) -> uuid.UUID:
    """What names the pupil outside the row: the parent's child entry, the school's
    external roster id, a SNILS hash and personal number, a grade and an absence."""
    pupil = world.pupil
    pupil.snils_hash = "s-" + uuid.uuid4().hex
    pupil.student_number = "Л-0042"
    pupil.middle_name = "Ильич"
    child = Child(
        id=uuid.uuid4(), guardian_id=world.parent.id, last_name="Иванов", first_name="Пётр",
        middle_name=None, birth_date=date(2011, 5, 4), snils_enc=b"", snils_hash="h",
        birth_certificate_enc=b"", birth_certificate_hash="c", student_id=pupil.id,
    )  # fmt: skip
    session.add(child)
    session.add(
        RosterLink(
            school_id=world.school.id, entity="student", external_id="pupil-ivanov-2011",
            object_id=pupil.id,
        )
    )  # fmt: skip
    await session.commit()
    await put_grade(session, world, pupil, world.algebra, d(10), 5)
    await mark(session, pupil, world.algebra, d(10), AttendanceStatus.absent)
    return child.id


async def _count(session: AsyncSession, model: object, condition: object) -> int:
    found = await session.scalar(select(func.count()).select_from(model).where(condition))  # type: ignore[arg-type]
    return int(found or 0)


async def test_a_pupil_is_depersonalised_a_day_after_the_journal_period_not_a_day_before(
    session: AsyncSession, world: World
) -> None:
    world.school.journal_keep_years = 5
    child_id = await _family_links(session, world)
    # Left 29.11.2026: five years ended 29.11.2031, the day before NOW.
    await _leave(session, world.pupil, datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    # Left 01.12.2026: five years end 01.12.2031, the day after NOW.
    await _leave(session, world.own, datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    pupil_id, own_id, classmate_id = world.pupil.id, world.own.id, world.classmate.id
    own_account, parent_id = world.student.id, world.parent.id

    dry = await service.run(session, NOW, dry_run=True)
    assert dry["left_pupils"] == 1
    session.expire_all()
    untouched = await session.get(Student, pupil_id)
    assert untouched is not None
    assert untouched.last_name == "Иванов"

    counts = await service.run(session, NOW)
    await session.commit()
    assert counts["left_pupils"] == 1

    session.expire_all()
    pupil = await session.get(Student, pupil_id)
    assert pupil is not None
    assert (pupil.last_name, pupil.first_name, pupil.middle_name) == ("Выбывший", "ученик", None)
    assert pupil.birth_date == date(1900, 1, 1)
    assert (pupil.snils_hash, pupil.student_number, pupil.account_id) == (None, None, None)
    assert pupil.depersonalised_at == NOW
    assert pupil.archived_at == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    # The journal stays, on the same row.
    assert await _count(session, Grade, Grade.student_id == pupil_id) == 1
    assert await _count(session, AttendanceMark, AttendanceMark.student_id == pupil_id) == 1
    # Nothing links a person to it any more.
    assert await _count(session, Guardianship, Guardianship.student_id == pupil_id) == 0
    assert await _count(session, RosterLink, RosterLink.object_id == pupil_id) == 0
    child = await session.get(Child, child_id)
    assert child is not None
    assert child.student_id is None
    # The guardian's account itself is theirs: untouched.
    parent = await session.get(Account, parent_id)
    assert parent is not None
    assert parent.last_name == "Иванова"

    # A day short of the period, and still at school: untouched.
    own = await session.get(Student, own_id)
    assert own is not None
    assert (own.last_name, own.first_name, own.account_id) == ("Смирнов", "Егор", own_account)
    assert own.birth_date == date(2011, 5, 4)
    assert own.depersonalised_at is None
    classmate = await session.get(Student, classmate_id)
    assert classmate is not None
    assert (classmate.last_name, classmate.depersonalised_at) == ("Алексеева", None)

    # Said what it did: the audit row's counts; the chain verifies.
    event = await session.scalar(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
    assert event is not None
    assert event.details["left_pupils"] == 1
    report = await verify_chain(session)
    assert report.intact, report.problems

    # Idempotent: the next pass finds nobody and changes nothing.
    again = await service.run(session, NOW)
    await session.commit()
    assert again["left_pupils"] == 0
    session.expire_all()
    pupil = await session.get(Student, pupil_id)
    assert pupil is not None
    assert (pupil.last_name, pupil.depersonalised_at) == ("Выбывший", NOW)
    assert (await verify_chain(session)).intact


async def test_the_period_is_the_schools_own(session: AsyncSession, world: World) -> None:
    """A school whose nomenclature keeps the journal 3 years: left 29.11.2028 is due on
    30.11.2031, left 01.12.2028 is not — and neither would be under 5 years."""
    world.school.journal_keep_years = 3
    await _leave(session, world.pupil, datetime(2028, 11, 29, 9, 0, tzinfo=UTC))
    await _leave(session, world.own, datetime(2028, 12, 1, 9, 0, tzinfo=UTC))
    pupil_id, own_id = world.pupil.id, world.own.id

    counts = await service.run(session, NOW)
    await session.commit()

    assert counts["left_pupils"] == 1
    session.expire_all()
    pupil = await session.get(Student, pupil_id)
    own = await session.get(Student, own_id)
    assert pupil is not None
    assert own is not None
    assert (pupil.last_name, own.last_name) == ("Выбывший", "Смирнов")
