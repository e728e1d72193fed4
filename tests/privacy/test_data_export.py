"""A copy of everything held about a person and their children (ст. 14 152-ФЗ): an
export job whose JSON and PDF are read back and checked against the database."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit import service as audit
from api.audit.models import AuditEvent
from api.config import Settings
from api.messaging.models import Conversation, ConversationMessage
from api.privacy import exports
from api.reports.models import ReportExport
from tests.diary.world import World, principal_of
from tests.factories import Person
from tests.reports.journal import put_grade
from tests.reports.test_exports import pdf_text
from tests.reports.test_reports import d


async def made(
    client: AsyncClient, session: AsyncSession, settings: Settings, person: Person, fmt: str
) -> tuple[dict[str, Any], Response]:
    answer = await client.post(
        "/api/v1/me/data-exports", json={"format": fmt}, headers=person.headers
    )
    assert answer.status_code == 202, answer.text
    queued = answer.json()
    assert (queued["kind"], queued["format"], queued["status"]) == ("personal_data", fmt, "queued")
    export_id = uuid.UUID(queued["id"])
    await exports.run(session, export_id, fonts=settings.pdf_font_dir)
    await session.commit()
    status = await client.get(f"/api/v1/exports/{export_id}", headers=person.headers)
    assert status.status_code == 200, status.text
    file = await client.get(f"/api/v1/exports/{export_id}/file", headers=person.headers)
    return status.json(), file


async def family(session: AsyncSession, world: World) -> None:
    """The parent's child has a 5 in algebra; a classmate (not theirs) has a 2."""
    await put_grade(session, world, world.pupil, world.algebra, d(10), 5, "test")
    await put_grade(session, world, world.classmate, world.algebra, d(10), 2)
    conversation = Conversation(id=uuid.uuid4(), school_id=world.school.id, subject="Контрольная")
    session.add(conversation)
    await session.flush()
    session.add(
        ConversationMessage(
            id=uuid.uuid4(),
            conversation_id=conversation.id,
            author_id=world.parent.id,
            text="Петя болел, можно переписать?",
        )
    )
    # A teacher read the child's diary: the parent may learn who looked.
    await audit.record(
        session, principal_of(world.teacher), "diary.view", "student", world.pupil.id
    )
    await session.commit()


async def test_json_copy_holds_own_child_and_not_another(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await family(session, world)
    status, file = await made(client, session, settings, world.parent, "json")
    assert (status["status"], status["progress"]) == ("done", 100)
    assert file.status_code == 200
    assert file.headers["content-type"].startswith("application/json")
    data = json.loads(file.content)
    assert data["account"]["last_name"] == "Иванова"
    assert data["account"]["phone"] == world.parent.account.phone
    journals = [c["journal"] for c in data["children"] if c["journal"]]
    assert [j["last_name"] for j in journals] == ["Иванов"]
    assert [(g["subject"], g["value"], g["date"]) for g in journals[0]["grades"]] == [
        ("Алгебра", "5", "2026-11-10")
    ]
    assert "Алексеева" not in file.text  # the classmate's grade is not the parent's
    assert [m["text"] for m in data["messages"]] == ["Петя болел, можно переписать?"]
    reads = [(r["actor"], r["action"]) for r in data["access_log"]]
    assert ("Соколова Анна Петровна", "diary.view") in reads
    for secret in ("password_hash", "token_hash", "totp_secret", "code_hash"):
        assert secret not in file.text
    # The request itself is in the audit log: ids only.
    logged = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "personal_data.export_requested",
            AuditEvent.object_id == world.parent.id,
        )
    )
    assert logged is not None
    assert logged.details["format"] == "json"


async def test_pdf_copy_is_readable_russian(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World, tmp_path: Path
) -> None:
    await family(session, world)
    status, file = await made(client, session, settings, world.parent, "pdf")
    assert status["file_name"] == "Мои данные — Иванова Мария Петровна.pdf"
    assert file.content.startswith(b"%PDF")
    text = pdf_text(file.content, tmp_path)
    assert "Мои персональные данные" in text
    assert "Оценки: Иванов Пётр" in text
    assert "Кто обращался к данным" in text
    assert "Соколова Анна" in text
    assert "Алексеева" not in text


async def test_nobody_else_sees_or_downloads_the_copy(
    client: AsyncClient, session: AsyncSession, settings: Settings, world: World
) -> None:
    await family(session, world)
    answer = await client.post(
        "/api/v1/me/data-exports", json={"format": "json"}, headers=world.parent.headers
    )
    export_id = answer.json()["id"]
    await exports.run(session, uuid.UUID(export_id), fonts=settings.pdf_font_dir)
    await session.commit()
    for stranger in (world.other_parent, world.admin, world.teacher):
        for path in (f"/api/v1/exports/{export_id}", f"/api/v1/exports/{export_id}/file"):
            refused = await client.get(path, headers=stranger.headers)
            assert refused.status_code == 404, (path, refused.text)
            assert refused.json()["code"] == "export_not_found"
            assert refused.json()["detail"] == "Такой выгрузки нет"
    unsigned = await client.post("/api/v1/me/data-exports", json={"format": "json"})
    assert unsigned.status_code == 401
    row = await session.get(ReportExport, uuid.UUID(export_id))
    assert row is not None
    assert row.school_id is None


async def test_unknown_format_is_a_russian_field_error(client: AsyncClient, world: World) -> None:
    answer = await client.post(
        "/api/v1/me/data-exports", json={"format": "xlsx"}, headers=world.parent.headers
    )
    assert answer.status_code == 422
    body = answer.json()
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert body["errors"][0]["field"] == "format"
    assert any("а" <= ch <= "я" for ch in body["errors"][0]["message"].lower())
