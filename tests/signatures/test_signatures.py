"""A guardian signs with an SMS code: a plan (ИУП) or the acknowledgement of a saved report."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.identity import clock
from api.identity.models import CodePurpose, OneTimeCode
from api.learning_plans.models import LearningPlan, PlanStatus
from api.reports.models import SavedReport
from api.signatures.models import FamilySignature, SignatureChallenge
from tests.diary.world import World
from tests.identity.conftest import last_code
from tests.learning_plans.plans import plan_in, status_of


def expected_sha256(plan: LearningPlan, world: World) -> str:
    """The plan's document built here by hand, hashed the documented way."""
    document = {
        "type": "learning_plan",
        "id": str(plan.id),
        "version": plan.version,
        "school": {"id": str(world.school.id), "name": world.school.short_name},
        "student": {"id": str(world.pupil.id), "name": "Иванов Пётр", "class_name": "9-Б"},
        "title": plan.title,
        "reason": plan.reason,
        "starts_on": "2026-11-09",
        "ends_on": "2026-12-27",
        "content": plan.content,
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


async def start(
    client: AsyncClient, world: World, subject_id: uuid.UUID, kind: str = "learning_plan"
) -> Any:
    return await client.post(
        "/api/v1/signatures",
        json={"subject_type": kind, "subject_id": str(subject_id)},
        headers=world.parent.headers,
    )


async def signatures(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(FamilySignature)) or 0)


async def test_guardian_signs_the_plan_and_the_admin_approves(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    started = await start(client, world, plan.id)
    assert started.status_code == 201, started.text
    challenge = started.json()
    phone = world.parent.account.phone
    assert challenge["sms_sent_to"] == f"+7 *** ***-**-{phone[-2:]}"
    assert challenge["document_sha256"] == expected_sha256(plan, world)
    code = await last_code(session, phone)

    signed = await client.post(
        f"/api/v1/signatures/{challenge['challenge_id']}/confirm",
        json={"code": code},
        headers=world.parent.headers,
    )
    assert signed.status_code == 201, signed.text
    out = signed.json()
    assert out["signer_name"] == "Иванова Мария Петровна"
    assert out["document_sha256"] == expected_sha256(plan, world)
    row = await session.get(FamilySignature, uuid.UUID(out["id"]))
    assert row is not None
    assert hashlib.sha256(row.document.encode()).hexdigest() == out["document_sha256"]
    assert json.loads(row.document)["content"] == plan.content
    assert await status_of(session, plan.id) == PlanStatus.signed

    view = (
        await client.get(f"/api/v1/learning-plans/{plan.id}", headers=world.admin.headers)
    ).json()
    assert view["signature"]["id"] == out["id"]
    assert view["signature"]["intact"] is True
    assert view["allowed_actions"] == ["approve", "decline"]
    approved = await client.post(
        f"/api/v1/learning-plans/{plan.id}/transitions",
        json={"action": "approve"},
        headers=world.admin.headers,
    )
    assert approved.status_code == 200
    assert await status_of(session, plan.id) == PlanStatus.approved

    # A later change of the plan's text (by whatever means) no longer matches the signature.
    await session.execute(
        update(LearningPlan).where(LearningPlan.id == plan.id).values(content="Другой текст")
    )
    await session.commit()
    tampered = (
        await client.get(f"/api/v1/learning-plans/{plan.id}", headers=world.parent.headers)
    ).json()
    assert tampered["signature"]["intact"] is False
    mine = await client.get(f"/api/v1/signatures/{out['id']}", headers=world.parent.headers)
    assert mine.json()["intact"] is False


async def test_wrong_codes_are_counted_and_store_nothing(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    challenge = (await start(client, world, plan.id)).json()
    right = await last_code(session, world.parent.account.phone)
    wrong = "000000" if right != "000000" else "111111"
    url = f"/api/v1/signatures/{challenge['challenge_id']}/confirm"

    first = await client.post(url, json={"code": wrong}, headers=world.parent.headers)
    assert first.status_code == 422
    assert first.json()["code"] == "code_invalid"
    assert first.json()["detail"].startswith("Неверный код")
    tries = await session.scalar(
        select(OneTimeCode.attempts)
        .where(OneTimeCode.purpose == CodePurpose.signature)
        .execution_options(populate_existing=True)
    )
    assert tries == 1  # the refusal committed the spent try
    await client.post(url, json={"code": wrong}, headers=world.parent.headers)
    third = await client.post(url, json={"code": wrong}, headers=world.parent.headers_en())
    assert third.json()["code"] == "code_attempts_exceeded"
    assert third.json()["detail"].startswith("Too many wrong attempts")
    late = await client.post(url, json={"code": right}, headers=world.parent.headers)
    assert late.status_code == 422
    assert late.json()["code"] == "code_attempts_exceeded"
    assert await signatures(session) == 0
    assert await status_of(session, plan.id) == PlanStatus.proposed


async def test_expired_code_is_refused(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    challenge = (await start(client, world, plan.id)).json()
    code = await last_code(session, world.parent.account.phone)
    await session.execute(
        update(OneTimeCode)
        .where(OneTimeCode.purpose == CodePurpose.signature)
        .values(expires_at=clock.now() - timedelta(seconds=1))
    )
    await session.commit()
    answer = await client.post(
        f"/api/v1/signatures/{challenge['challenge_id']}/confirm",
        json={"code": code},
        headers=world.parent.headers,
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "code_expired"
    assert await signatures(session) == 0
    assert await status_of(session, plan.id) == PlanStatus.proposed


async def test_only_the_guardian_signs_and_others_learn_nothing(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    body = {"subject_type": "learning_plan", "subject_id": str(plan.id)}
    for person in (world.other_parent, world.foreign_admin, world.teacher):
        answer = await client.post("/api/v1/signatures", json=body, headers=person.headers)
        assert answer.status_code == 404, answer.text
    staff = await client.post("/api/v1/signatures", json=body, headers=world.class_teacher.headers)
    assert staff.status_code == 403
    assert staff.json()["code"] == "role_required"  # the house's code for a wrong role

    challenge = (await start(client, world, plan.id)).json()
    code = await last_code(session, world.parent.account.phone)
    stolen = await client.post(
        f"/api/v1/signatures/{challenge['challenge_id']}/confirm",
        json={"code": code},
        headers=world.other_parent.headers,
    )
    assert stolen.status_code == 404
    assert stolen.json()["code"] == "signature_challenge_not_found"
    tries = await session.scalar(
        select(OneTimeCode.attempts).where(OneTimeCode.purpose == CodePurpose.signature)
    )
    assert tries == 0
    assert await signatures(session) == 0
    challenges = await session.scalar(select(func.count()).select_from(SignatureChallenge))
    assert challenges == 1  # only the guardian's own


async def test_a_plan_not_awaiting_signature_cannot_be_signed(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    for status in (PlanStatus.requested, PlanStatus.signed, PlanStatus.approved):
        plan = await plan_in(session, world, status)
        answer = await start(client, world, plan.id)
        assert answer.status_code == 409
        assert answer.json()["code"] == "learning_plan_transition_not_allowed"
    assert await session.scalar(select(func.count()).select_from(SignatureChallenge)) == 0


async def test_plan_changed_after_the_code_is_refused_without_spending_it(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    challenge = (await start(client, world, plan.id)).json()
    code = await last_code(session, world.parent.account.phone)
    await session.execute(
        update(LearningPlan).where(LearningPlan.id == plan.id).values(content="Новый текст")
    )
    await session.commit()
    answer = await client.post(
        f"/api/v1/signatures/{challenge['challenge_id']}/confirm",
        json={"code": code},
        headers=world.parent.headers,
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "signature_document_changed"
    used = await session.scalar(
        select(OneTimeCode.consumed_at).where(OneTimeCode.purpose == CodePurpose.signature)
    )
    assert used is None
    assert await signatures(session) == 0


async def test_guardian_acknowledges_a_saved_report(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    saved = await client.post(
        f"/api/v1/students/{world.pupil.id}/saved-reports",
        json={"term_id": str(world.term.id), "title": "2-я четверть"},
        headers=world.parent.headers,
    )
    assert saved.status_code == 201, saved.text
    report_id = uuid.UUID(saved.json()["id"])
    challenge = (await start(client, world, report_id, "report_ack")).json()
    code = await last_code(session, world.parent.account.phone)
    signed = await client.post(
        f"/api/v1/signatures/{challenge['challenge_id']}/confirm",
        json={"code": code},
        headers=world.parent.headers,
    )
    assert signed.status_code == 201, signed.text
    row = await session.get(FamilySignature, uuid.UUID(signed.json()["id"]))
    assert row is not None
    document = json.loads(row.document)
    assert document["saved_report"]["id"] == str(report_id)
    assert document["report"] == saved.json()["report"]

    again = await start(client, world, report_id, "report_ack")
    assert again.status_code == 409
    assert again.json()["code"] == "already_signed"
    listed = await client.get(
        "/api/v1/signatures",
        params={"subject_type": "report_ack", "subject_id": str(report_id)},
        headers=world.parent.headers,
    )
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["intact"] is True

    await session.execute(
        update(SavedReport).where(SavedReport.id == report_id).values(title="Исправлено")
    )
    await session.commit()
    listed = await client.get(
        "/api/v1/signatures", params={"subject_id": str(report_id)}, headers=world.parent.headers
    )
    assert listed.json()["items"][0]["intact"] is False
    other = await client.get(f"/api/v1/signatures/{row.id}", headers=world.other_parent.headers)
    assert other.status_code == 404


async def test_someone_elses_saved_report_is_not_found(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    saved = await client.post(
        f"/api/v1/students/{world.pupil.id}/saved-reports",
        json={"term_id": str(world.term.id)},
        headers=world.parent.headers,
    )
    report_id = saved.json()["id"]
    answer = await client.post(
        "/api/v1/signatures",
        json={"subject_type": "report_ack", "subject_id": report_id},
        headers=world.other_parent.headers,
    )
    assert answer.status_code == 404
    assert answer.json()["code"] == "saved_report_not_found"


async def test_staff_cannot_acknowledge_a_report_they_saved(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    """Saving a pupil's report is open to the class teacher; acknowledging it is a guardian's
    act: 403 ``role_required``, as every other wrong role in the house."""
    saved = await client.post(
        f"/api/v1/students/{world.pupil.id}/saved-reports",
        json={"term_id": str(world.term.id)},
        headers=world.class_teacher.headers,
    )
    assert saved.status_code == 201, saved.text
    answer = await client.post(
        "/api/v1/signatures",
        json={"subject_type": "report_ack", "subject_id": saved.json()["id"]},
        headers=world.class_teacher.headers,
    )
    assert answer.status_code == 403, answer.text
    assert answer.json()["code"] == "role_required"
    assert answer.json()["detail"].startswith("Подписать может только родитель")
    assert await signatures(session) == 0


async def test_resend_respects_the_cooldown(
    client: AsyncClient, session: AsyncSession, world: World
) -> None:
    plan = await plan_in(session, world, PlanStatus.proposed)
    challenge = (await start(client, world, plan.id)).json()
    again = await client.post(
        f"/api/v1/signatures/{challenge['challenge_id']}/resend", headers=world.parent.headers
    )
    assert again.status_code == 429
    assert again.json()["code"] == "code_resend_cooldown"
    assert "Retry-After" in again.headers
