"""An upload never sent with a message or an announcement is deleted 24 hours after it was
uploaded, its stored content with it; a sent one stays whatever its age."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.messaging.models import Attachment, AttachmentBlob
from api.retention import service
from tests.diary.world import build_world

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


async def test_unsent_uploads_go_after_a_day_sent_ones_stay(
    client: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    world = await build_world(session, settings)
    await session.commit()

    async def upload(name: str) -> uuid.UUID:
        answer = await client.post(
            "/api/v1/attachments",
            files={"file": (name, "Справка от врача".encode(), "text/plain")},
            headers=world.parent.headers,
        )
        assert answer.status_code == 201, answer.text
        return uuid.UUID(answer.json()["id"])

    short, past, sent = await upload("1.txt"), await upload("2.txt"), await upload("3.txt")
    posted = await client.post(
        "/api/v1/conversations",
        json={
            "recipient_ids": [str(world.teacher.id)],
            "text": "Справка",
            "attachment_ids": [str(sent)],
        },
        headers=world.parent.headers,
    )
    assert posted.status_code == 201, posted.text
    uploaded_at = {
        short: NOW - timedelta(hours=24) + MINUTE,  # a minute short of a day: kept
        past: NOW - timedelta(hours=24) - MINUTE,  # a minute past: deleted
        sent: NOW - timedelta(days=400),  # sent long ago: a message's, kept
    }
    for attachment_id, at in uploaded_at.items():
        await session.execute(
            update(Attachment).where(Attachment.id == attachment_id).values(created_at=at)
        )

    dry = await service.run(session, NOW, dry_run=True)
    assert dry["unsent_attachments"] == 1
    counts = await service.run(session, NOW)

    assert counts["unsent_attachments"] == 1
    left = set(await session.scalars(select(Attachment.id).where(Attachment.id.in_(uploaded_at))))
    assert left == {short, sent}
    blobs = set(
        await session.scalars(
            select(AttachmentBlob.attachment_id).where(
                AttachmentBlob.attachment_id.in_(uploaded_at)
            )
        )
    )
    assert blobs == {short, sent}
    # The sent file still reaches the teacher.
    teacher = await client.get(f"/api/v1/attachments/{sent}/content", headers=world.teacher.headers)
    assert teacher.status_code == 200
    assert teacher.content == "Справка от врача".encode()
    assert await session.scalar(select(func.count()).select_from(Attachment)) == 2
