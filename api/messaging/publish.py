"""The one place a new message or announcement is made known to its readers.

Today: an in-app notification for each recipient, plus SMS / e-mail per their
notification settings (``api.notifications``), all in the posting transaction. A live
stream (``GET /api/v1/me/stream``) or push hooks in here as well: both functions know the
recipients, the kind, the object's id and the SPA link.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.messaging.models import Announcement, Conversation, ConversationMessage
from api.notifications import service as notifications
from api.notifications.service import Kind, Message

PREVIEW = 300


def conversation_link(conversation_id: uuid.UUID) -> str:
    return f"/messages/{conversation_id}"


def announcement_link(announcement_id: uuid.UUID) -> str:
    return f"/announcements/{announcement_id}"


def _preview(text: str) -> str:
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


async def message_posted(
    session: AsyncSession,
    conversation: Conversation,
    message: ConversationMessage,
    author_name: str,
    recipients: Sequence[uuid.UUID],
) -> None:
    """``message`` was written to ``conversation``; ``recipients`` are the participants
    other than its author."""
    title = f"Новое сообщение: {author_name}"
    if conversation.subject:
        title = f"{title} — {conversation.subject}"
    note = Message(
        kind=Kind.message,
        title=title,
        body=_preview(message.text),
        link=conversation_link(conversation.id),
    )
    await notifications.notify(session, [(account, note) for account in recipients])


async def announcement_posted(
    session: AsyncSession,
    announcement: Announcement,
    class_name: str,
    recipients: Sequence[uuid.UUID],
) -> None:
    note = Message(
        kind=Kind.announcement,
        title=f"Объявление для {class_name}: {announcement.title}",
        body=_preview(announcement.text),
        link=announcement_link(announcement.id),
    )
    await notifications.notify(session, [(account, note) for account in recipients])
