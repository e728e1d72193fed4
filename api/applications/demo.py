"""Demo data: the demo parent's submitted application, so a school's queue is not empty.

A step of ``edudiary seed-demo`` (``api/demo/seed.py``): it needs the demo parent that an
accounts step records in ``DemoData.accounts`` (role ``parent``) and the demo schools; run
it after both. Without a demo parent it only says so. Idempotent: the child is found by its
SNILS and the application by the one-open-per-child-and-school rule.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import service
from api.applications.models import Application
from api.applications.schemas import ApplicationCreate
from api.children import service as children_service
from api.children.models import Child
from api.children.schemas import BirthCertificateIn, ChildIn
from api.identity.accounts import snils_hash
from api.identity.deps import Principal
from api.identity.models import Account, AccountLevel, Role
from api.schools import service as schools_service
from api.schools.models import School
from api.validation.checks import snils_control

_SNILS_BODY = "190000107"
DEMO_CHILD_SNILS = f"{_SNILS_BODY[:3]}-{_SNILS_BODY[3:6]}-{_SNILS_BODY[6:]} " + (
    f"{snils_control(_SNILS_BODY):02d}"
)


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


async def _demo_child(session: AsyncSession, principal: Principal) -> Child:
    digest = snils_hash(DEMO_CHILD_SNILS)
    child = await session.scalar(
        select(Child).where(Child.guardian_id == principal.account_id, Child.snils_hash == digest)
    )
    if child is not None:
        return child
    body = ChildIn(
        last_name="Смирнова",
        first_name="Ева",
        middle_name="Андреевна",
        birth_date=date(2019, 3, 15),
        snils=DEMO_CHILD_SNILS,
        birth_certificate=BirthCertificateIn(
            series_number="II-МЮ 654321", issued_at=date(2019, 4, 2)
        ),
    )
    return await children_service.create(session, principal, body)


async def seed_demo_application(session: AsyncSession, data: DemoLog) -> None:
    parent = next((a for a in data.accounts if a.get("role") == "parent"), None)
    if parent is None or not data.schools:
        data.log.append("Заявления (демо): нет демо-родителя или демо-школы — шаг пропущен")
        return
    account = await session.scalar(select(Account).where(Account.phone == parent["login"]))
    if account is None or account.level != AccountLevel.confirmed:
        data.log.append("Заявления (демо): демо-родитель не подтверждён — шаг пропущен")
        return
    principal = _principal(account)
    school = await session.get(School, uuid.UUID(data.schools[0]["id"]))
    assert school is not None
    classes = await schools_service.list_classes(session, school)
    first_grade = next(c for c in classes if c.name == "1-А")
    child = await _demo_child(session, principal)
    existing = await session.scalar(
        select(Application).where(
            Application.child_id == child.id, Application.school_id == school.id
        )
    )
    if existing is None:
        application, _ = await service.create(
            session,
            principal,
            ApplicationCreate(
                child_id=child.id,
                school_id=school.id,
                class_id=first_grade.id,
                contact_phone=account.phone,
                consent=True,
            ),
        )
        existing, _ = await service.submit(session, principal, application.id)
    data.log.append(
        f"Заявление (демо) {existing.number}: {child.first_name} {child.last_name}, "
        f"«{school.short_name}», {first_grade.name} — статус {existing.status.value}"
    )
