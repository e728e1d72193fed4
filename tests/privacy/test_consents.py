"""Consent withdrawal (ст. 9 ч. 2 152-ФЗ): the consent given in an application is listed
with its dates; withdrawing it stops what relied on it — the review of an open
application, the diary access an approved one granted — and nothing of another family's."""

from __future__ import annotations

import uuid
from datetime import date

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.applications.models import Application, ApplicationEvent, ApplicationStatus
from api.audit.models import AuditEvent
from api.children.models import Child
from api.diary.structure.models import Guardianship
from api.identity import clock
from api.security.crypto import encrypt
from tests.diary.world import World
from tests.factories import Person


async def consented(
    session: AsyncSession, world: World, person: Person, status: ApplicationStatus
) -> uuid.UUID:
    child = Child(
        id=uuid.uuid4(),
        guardian_id=person.id,
        last_name="Иванов",
        first_name="Пётр",
        middle_name=None,
        birth_date=date(2011, 5, 4),
        snils_enc=b"",
        snils_hash="h-" + uuid.uuid4().hex,
        birth_certificate_enc=b"",
        birth_certificate_hash="c-" + uuid.uuid4().hex,
    )
    child.snils_enc = encrypt("112-233-445 95", aad=f"children.snils:{child.id}")
    session.add(child)
    await session.flush()
    application = Application(
        id=uuid.uuid4(),
        number="ЭД-2026-" + uuid.uuid4().hex[:6],
        applicant_id=person.id,
        child_id=child.id,
        school_id=world.school.id,
        class_id=world.class_b.id,
        contact_phone="+79161234567",
        consent_version=1,
        consent_given_at=clock.now(),
        status=status,
        student_id=world.pupil.id if status == ApplicationStatus.approved else None,
    )
    session.add(application)
    await session.commit()
    return application.id


async def test_consents_are_listed_with_dates_and_what_relies_on_them(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    mine = await consented(session, world, world.parent, ApplicationStatus.submitted)
    await consented(session, world, world.other_parent, ApplicationStatus.submitted)
    answer = await client.get("/api/v1/me/consents", headers=world.parent.headers)
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert [i["id"] for i in items] == [str(mine)]  # not the other family's
    item = items[0]
    assert item["version"] == 1
    assert item["given_at"] is not None
    assert item["withdrawn_at"] is None
    assert item["relies_on_it"] == [
        "Рассмотрение заявления школой",
        "Телефон для связи, указанный в заявлении",
    ]


async def test_withdrawing_an_open_applications_consent_withdraws_it(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    application_id = await consented(session, world, world.parent, ApplicationStatus.submitted)
    answer = await client.post(
        f"/api/v1/me/consents/{application_id}/withdraw", headers=world.parent.headers
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["withdrawn_at"] is not None
    assert body["stopped"][0] == "Рассмотрение заявления школой"
    session.expire_all()
    application = await session.get(Application, application_id)
    assert application is not None
    assert application.status == ApplicationStatus.withdrawn
    assert application.contact_phone is None
    assert application.consent_withdrawn_at is not None
    audited = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "consent.withdrawn", AuditEvent.object_id == application_id)
    )
    assert audited == 1
    again = await client.post(
        f"/api/v1/me/consents/{application_id}/withdraw", headers=world.parent.headers
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Это согласие уже отозвано"


async def test_withdrawing_an_approved_consent_ends_only_this_guardians_access(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    pupil_id = world.pupil.id
    session.add(
        Guardianship(id=uuid.uuid4(), account_id=world.other_parent.id, student_id=pupil_id)
    )
    await session.commit()
    application_id = await consented(session, world, world.parent, ApplicationStatus.approved)
    before = await client.get(f"/api/v1/students/{pupil_id}/grades", headers=world.parent.headers)
    assert before.status_code == 200
    answer = await client.post(
        f"/api/v1/me/consents/{application_id}/withdraw", headers=world.parent.headers
    )
    assert answer.status_code == 200, answer.text
    after = await client.get(f"/api/v1/students/{pupil_id}/grades", headers=world.parent.headers)
    assert after.status_code == 404  # another family's child now
    other = await client.get(
        f"/api/v1/students/{pupil_id}/grades", headers=world.other_parent.headers
    )
    assert other.status_code == 200
    session.expire_all()
    application = await session.get(Application, application_id)
    assert application is not None
    assert application.status == ApplicationStatus.approved
    event = await session.scalar(
        select(ApplicationEvent).where(
            ApplicationEvent.application_id == application_id,
            ApplicationEvent.action == "consent_withdrawn",
        )
    )
    assert event is not None


async def test_nobody_withdraws_another_familys_consent(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    application_id = await consented(session, world, world.parent, ApplicationStatus.submitted)
    for stranger in (world.other_parent, world.admin):
        refused = await client.post(
            f"/api/v1/me/consents/{application_id}/withdraw", headers=stranger.headers
        )
        assert refused.status_code == 404
        assert refused.json()["code"] == "consent_not_found"
        assert refused.json()["detail"] == "Такого согласия нет"
    english = await client.post(
        f"/api/v1/me/consents/{application_id}/withdraw", headers=world.other_parent.headers_en()
    )
    assert english.json()["detail"] == "No such consent"
    application = await session.get(Application, application_id)
    assert application is not None
    assert application.consent_withdrawn_at is None
